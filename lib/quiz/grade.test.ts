import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import { AppError } from '@/lib/http/errors'

import { ANSWER_LIMITS } from './answers'
import { gradeAnswer, normaliseOutput, parseAnswerKey, parseNumber, partialPoints, textMatches, type GradableQuestion } from './grade'
import { lectureFileSchema } from './schema'

const choices = ['a', 'b', 'c', 'd'].map((id) => ({ id }))
const single: GradableQuestion = { id: 'q-single', type: 'single', choices, answerKey: 'b', points: 2 }
const multiple: GradableQuestion = { id: 'q-multiple', type: 'multiple', choices, answerKey: ['c', 'a'], points: 1 }
const numeric: GradableQuestion = { id: 'q-numeric', type: 'numeric', answerKey: { value: 12, tolerance: 0 }, points: 1 }
const approx: GradableQuestion = { id: 'q-approx', type: 'numeric', answerKey: { value: 3.14, tolerance: 0.01 }, points: 1.5 }
const text: GradableQuestion = { id: 'q-text', type: 'text', answerKey: { accepted: ['tp_iternext'], pattern: null, caseSensitive: false }, points: 1 }
const exactCase: GradableQuestion = { id: 'q-case', type: 'text', answerKey: { accepted: ['CO_GENERATOR'], pattern: null, caseSensitive: true }, points: 1 }
const pattern: GradableQuestion = {
  id: 'q-pattern',
  type: 'text',
  answerKey: { accepted: [], pattern: '^(string_length|string_length\\(\\))$', caseSensitive: false },
  points: 1,
}
const output: GradableQuestion = { id: 'q-output', type: 'output', answerKey: { expected: 'iterator\n[0, 10]\n[]\n' }, points: 3 }

/** The AppError a call throws (failing the test when it throws something else or nothing). */
function appError(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected an AppError')
}

describe('single choice', () => {
  it('is correct only for the key, awarding the question points', () => {
    expect(gradeAnswer(single, { choice: 'b' })).toEqual({ correct: true, pointsAwarded: 2, answer: { choice: 'b' } })
    expect(gradeAnswer(single, { choice: 'a' })).toEqual({ correct: false, pointsAwarded: 0, answer: { choice: 'a' } })
  })
  it('refuses a choice the question does not have (422) and malformed shapes (400)', () => {
    expect(appError(() => gradeAnswer(single, { choice: 'h' }))).toMatchObject({ status: 422, code: 'unknown_choice' })
    expect(appError(() => gradeAnswer(single, { choice: 'B' }))).toMatchObject({ status: 400, code: 'invalid_answer' })
    expect(appError(() => gradeAnswer(single, { choice: ['b'] }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(single, { choices: ['b'] }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(single, { choice: 'b', extra: 1 }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(single, 'b'))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(single, null))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(single, undefined))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(single, ['b']))).toMatchObject({ status: 400 })
  })
  it('says what shape it expected', () => {
    expect(appError(() => gradeAnswer(single, { pick: 'b' })).message).toContain('{ "choice": "b" }')
  })
})

describe('multiple choice', () => {
  it('is all or nothing, in any order', () => {
    expect(gradeAnswer(multiple, { choices: ['a', 'c'] }).correct).toBe(true)
    expect(gradeAnswer(multiple, { choices: ['c', 'a'] })).toEqual({ correct: true, pointsAwarded: 1, answer: { choices: ['a', 'c'] } })
    expect(gradeAnswer(multiple, { choices: ['a'] }).correct).toBe(false)
    expect(gradeAnswer(multiple, { choices: ['a', 'b', 'c'] }).correct).toBe(false)
    expect(gradeAnswer(multiple, { choices: ['d'] })).toMatchObject({ correct: false, pointsAwarded: 0 })
  })
  it('refuses empty, duplicated, unknown and non-array selections', () => {
    expect(appError(() => gradeAnswer(multiple, { choices: [] }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(multiple, { choices: ['a', 'a', 'c'] }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(multiple, { choices: ['a', 'e'] }))).toMatchObject({ status: 422, code: 'unknown_choice' })
    expect(appError(() => gradeAnswer(multiple, { choices: 'a,c' }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(multiple, { choices: [1, 2] }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(multiple, { choices: Array(50).fill('a') }))).toMatchObject({ status: 400 })
  })
})

describe('numeric', () => {
  it('compares with the tolerance', () => {
    expect(gradeAnswer(numeric, { value: 12 }).correct).toBe(true)
    expect(gradeAnswer(numeric, { value: 12.5 }).correct).toBe(false)
    expect(gradeAnswer(numeric, { value: 11 }).correct).toBe(false)
    expect(gradeAnswer(approx, { value: 3.15 }).correct).toBe(true)
    expect(gradeAnswer(approx, { value: 3.13 }).correct).toBe(true)
    expect(gradeAnswer(approx, { value: 3.16 }).correct).toBe(false)
    expect(gradeAnswer(approx, { value: 3.1 }).pointsAwarded).toBe(0)
    expect(gradeAnswer(approx, { value: 3.14 }).pointsAwarded).toBe(1.5)
  })
  it('forgives binary floating point at tolerance 0', () => {
    const q: GradableQuestion = { ...numeric, answerKey: { value: 0.3, tolerance: 0 } }
    expect(gradeAnswer(q, { value: 0.1 + 0.2 }).correct).toBe(true)
  })
  it('accepts numbers typed as text, including hex', () => {
    expect(gradeAnswer(numeric, { value: ' 12 ' })).toEqual({ correct: true, pointsAwarded: 1, answer: { value: 12 } })
    expect(gradeAnswer(numeric, { value: '12.0' }).correct).toBe(true)
    expect(gradeAnswer(numeric, { value: '1.2e1' }).correct).toBe(true)
    expect(gradeAnswer(numeric, { value: '0xC' }).correct).toBe(true)
    expect(gradeAnswer(numeric, { value: '+12' }).correct).toBe(true)
    expect(gradeAnswer(numeric, { value: '-12' }).correct).toBe(false)
  })
  it('refuses what is not a number', () => {
    for (const value of ['', 'twelve', '12abc', '1,2', 'NaN', 'Infinity', '0x', '--1', '1e999']) {
      expect(appError(() => gradeAnswer(numeric, { value }))).toMatchObject({ status: 422, code: 'not_a_number' })
    }
    // (JSON cannot carry these; a direct call still gets a 4xx)
    expect(appError(() => gradeAnswer(numeric, { value: Number.NaN })).status).toBeGreaterThanOrEqual(400)
    expect(appError(() => gradeAnswer(numeric, { value: Number.POSITIVE_INFINITY })).status).toBeLessThan(500)
    expect(appError(() => gradeAnswer(numeric, { value: null }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(numeric, { value: [12] }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(numeric, { number: 12 }))).toMatchObject({ status: 400 })
  })
  it('refuses a huge number string with 413', () => {
    expect(appError(() => gradeAnswer(numeric, { value: '1'.repeat(ANSWER_LIMITS.number + 1) }))).toMatchObject({ status: 413, code: 'answer_too_large' })
  })
  it('parseNumber', () => {
    expect(parseNumber('.5')).toBe(0.5)
    expect(parseNumber('1_000')).toBe(1000)
    expect(parseNumber('-0x10')).toBe(-16)
    expect(parseNumber('1.')).toBe(1)
    expect(parseNumber('1 2')).toBeNull()
  })
})

describe('text', () => {
  it('matches accepted answers, ignoring case and surrounding or repeated whitespace', () => {
    expect(gradeAnswer(text, { text: 'tp_iternext' }).correct).toBe(true)
    expect(gradeAnswer(text, { text: '  TP_IterNext \n' })).toEqual({ correct: true, pointsAwarded: 1, answer: { text: 'TP_IterNext' } })
    expect(gradeAnswer(text, { text: 'tp_iter' }).correct).toBe(false)
    expect(gradeAnswer(text, { text: 'tp_iternext()' }).correct).toBe(false)
  })
  it('respects caseSensitive', () => {
    expect(gradeAnswer(exactCase, { text: 'CO_GENERATOR' }).correct).toBe(true)
    expect(gradeAnswer(exactCase, { text: 'co_generator' }).correct).toBe(false)
  })
  it('matches a pattern (searched; anchors are the author’s)', () => {
    expect(gradeAnswer(pattern, { text: 'string_length()' }).correct).toBe(true)
    expect(gradeAnswer(pattern, { text: 'STRING_LENGTH' }).correct).toBe(true)
    expect(gradeAnswer(pattern, { text: 'the string_length function' }).correct).toBe(false)
    const unanchored: GradableQuestion = { ...pattern, answerKey: { accepted: [], pattern: 'refcnt', caseSensitive: false } }
    expect(gradeAnswer(unanchored, { text: 'ob_refcnt' }).correct).toBe(true)
  })
  it('accepts either an accepted answer or the pattern when both are given', () => {
    const key = { type: 'text' as const, accepted: ['LOAD_DEREF'], pattern: '^load[_ ]deref$', caseSensitive: false }
    expect(textMatches('load deref', key)).toBe(true)
    expect(textMatches('LOAD_DEREF', key)).toBe(true)
    expect(textMatches('LOAD_FAST', key)).toBe(false)
  })
  it('refuses empty answers (422), wrong shapes (400) and huge strings (413)', () => {
    expect(appError(() => gradeAnswer(text, { text: '   ' }))).toMatchObject({ status: 422, code: 'empty_answer' })
    expect(appError(() => gradeAnswer(text, { text: 42 }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(text, { answer: 'tp_iternext' }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(text, { text: 'x'.repeat(ANSWER_LIMITS.text + 1) }))).toMatchObject({ status: 413 })
    expect(appError(() => gradeAnswer(text, { text: 'x'.repeat(5_000_000) }))).toMatchObject({ status: 413 })
  })
})

describe('output', () => {
  it('compares exactly after normalising line ends, trailing whitespace and trailing newlines', () => {
    expect(gradeAnswer(output, { output: 'iterator\n[0, 10]\n[]\n' }).correct).toBe(true)
    expect(gradeAnswer(output, { output: 'iterator\n[0, 10]\n[]' }).correct).toBe(true)
    expect(gradeAnswer(output, { output: 'iterator  \r\n[0, 10]\t\r\n[]\r\n\r\n\r\n' }).correct).toBe(true)
    expect(gradeAnswer(output, { output: 'iterator\n[0,10]\n[]\n' }).correct).toBe(false)
    expect(gradeAnswer(output, { output: ' iterator\n[0, 10]\n[]\n' }).correct).toBe(false)
    expect(gradeAnswer(output, { output: 'iterator\n\n[0, 10]\n[]\n' }).correct).toBe(false)
    expect(gradeAnswer(output, { output: 'Iterator\n[0, 10]\n[]\n' }).correct).toBe(false)
    expect(gradeAnswer(output, { output: '' }).pointsAwarded).toBe(0)
  })
  it('keeps leading blank lines significant', () => {
    const q: GradableQuestion = { ...output, answerKey: { expected: '\nx\n' } }
    expect(gradeAnswer(q, { output: '\nx' }).correct).toBe(true)
    expect(gradeAnswer(q, { output: 'x\n' }).correct).toBe(false)
  })
  it('stores the answer with LF line ends', () => {
    expect(gradeAnswer(output, { output: 'a\r\nb' }).answer).toEqual({ output: 'a\nb' })
  })
  it('refuses huge outputs (413) and wrong shapes (400)', () => {
    expect(appError(() => gradeAnswer(output, { output: 'x'.repeat(ANSWER_LIMITS.output + 1) }))).toMatchObject({ status: 413 })
    expect(appError(() => gradeAnswer(output, { output: ['a'] }))).toMatchObject({ status: 400 })
    expect(appError(() => gradeAnswer(output, { text: 'a' }))).toMatchObject({ status: 400 })
  })
  it('normaliseOutput', () => {
    expect(normaliseOutput('a \nb\t\n\n')).toBe('a\nb')
    expect(normaliseOutput('a\rb')).toBe('a\nb')
    expect(normaliseOutput('  a')).toBe('  a')
  })
})

describe('stored keys', () => {
  it('parses every type', () => {
    expect(parseAnswerKey('single', 'a')).toEqual({ type: 'single', choice: 'a' })
    expect(parseAnswerKey('multiple', ['d', 'a', 'a'])).toEqual({ type: 'multiple', choices: ['a', 'd'] })
    expect(parseAnswerKey('numeric', { value: 3 })).toEqual({ type: 'numeric', value: 3, tolerance: 0 })
    expect(parseAnswerKey('text', { accepted: ['x'], pattern: null, caseSensitive: true })).toEqual({
      type: 'text',
      accepted: ['x'],
      pattern: null,
      caseSensitive: true,
    })
    expect(parseAnswerKey('output', { expected: '1\n' })).toEqual({ type: 'output', expected: '1\n' })
  })
  it('treats a malformed key as a server error, not the student’s', () => {
    const broken: GradableQuestion = { ...single, answerKey: { choice: 'b' } }
    expect(() => gradeAnswer(broken, { choice: 'b' })).toThrow(/malformed/)
    expect(() => gradeAnswer(broken, { choice: 'b' })).not.toThrow(AppError)
    expect(() => parseAnswerKey('text', { accepted: [], pattern: null })).toThrow(/malformed/)
  })
})

describe('the course’s own questions', () => {
  const dir = path.join(process.cwd(), 'quizzes')
  const lectures = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => lectureFileSchema.parse(parse(readFileSync(path.join(dir, f), 'utf8'))))
  const questions = lectures.flatMap((l) => l.questions)

  it.each(questions.map((q) => [q.id, q] as const))('%s: its key is graded correct and a wrong answer is not', (_id, q) => {
    const stored: GradableQuestion = {
      id: q.id,
      type: q.type,
      choices: 'choices' in q ? q.choices : null,
      answerKey: q.type === 'text' ? { ...q.answer, pattern: q.answer.pattern ?? null } : q.answer,
      points: q.points,
    }
    let right: unknown
    let wrong: unknown
    switch (q.type) {
      case 'single':
        right = { choice: q.answer }
        wrong = { choice: q.choices.find((c) => c.id !== q.answer)!.id }
        break
      case 'multiple':
        right = { choices: [...q.answer].reverse() }
        wrong = { choices: q.choices.length > q.answer.length ? q.choices.map((c) => c.id) : [q.answer[0]] }
        break
      case 'numeric':
        right = { value: String(q.answer.value) }
        wrong = { value: q.answer.value + q.answer.tolerance + 1 }
        break
      case 'text':
        right = { text: q.answer.accepted[0] ?? 'x' }
        wrong = { text: 'definitely not it' }
        break
      case 'output':
        right = { output: q.answer.expected }
        wrong = { output: `${q.answer.expected}extra line\n` }
        break
    }
    if (q.type !== 'text' || q.answer.accepted.length) expect(gradeAnswer(stored, right)).toMatchObject({ correct: true, pointsAwarded: q.points })
    expect(gradeAnswer(stored, wrong)).toMatchObject({ correct: false, pointsAwarded: 0 })
  })
})

describe('multiple choice with partial credit', () => {
  const partial: GradableQuestion = { id: 'q-partial', type: 'multiple', choices, answerKey: { choices: ['a', 'c'], partialCredit: true }, points: 2 }

  it('gives full points for the exact set, as without partial credit', () => {
    expect(gradeAnswer(partial, { choices: ['c', 'a'] })).toEqual({ correct: true, pointsAwarded: 2, answer: { choices: ['a', 'c'] } })
  })

  it('gives a share for right picks minus wrong picks, never below zero', () => {
    expect(gradeAnswer(partial, { choices: ['a'] })).toMatchObject({ correct: false, pointsAwarded: 1 })
    expect(gradeAnswer(partial, { choices: ['a', 'b'] })).toMatchObject({ correct: false, pointsAwarded: 0 })
    expect(gradeAnswer(partial, { choices: ['b'] })).toMatchObject({ correct: false, pointsAwarded: 0 })
    expect(partialPoints(['a', 'b', 'c'], ['a', 'b'], 1)).toBe(0.67)
    // ticking everything earns nothing
    expect(partialPoints(['a', 'b'], ['a', 'b', 'c', 'd'], 1)).toBe(0)
  })

  it('keeps all-or-nothing for a key stored as a plain list', () => {
    expect(gradeAnswer(multiple, { choices: ['a'] }).pointsAwarded).toBe(0)
    expect(parseAnswerKey('multiple', ['c', 'a'])).toEqual({ type: 'multiple', choices: ['a', 'c'] })
    expect(parseAnswerKey('multiple', { choices: ['c', 'a'], partialCredit: true })).toEqual({ type: 'multiple', choices: ['a', 'c'], partialCredit: true })
  })
})

describe('partialCredit in a quiz file', () => {
  const fixture = parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'tests', 'e2e', 'fixtures', 'quizzes', '90-e2e-player.yaml'), 'utf8')) as {
    questions: { type: string; partialCredit?: boolean }[]
  }
  it('is an optional field of multiple-answer questions only', () => {
    const withPartial = structuredClone(fixture)
    const multipleAt = withPartial.questions.findIndex((q) => q.type === 'multiple')
    withPartial.questions[multipleAt].partialCredit = true
    expect(lectureFileSchema.safeParse(withPartial).success).toBe(true)
    expect(lectureFileSchema.safeParse(fixture).success).toBe(true)
    const onSingle = structuredClone(fixture)
    onSingle.questions[onSingle.questions.findIndex((q) => q.type === 'single')].partialCredit = true
    expect(lectureFileSchema.safeParse(onSingle).success).toBe(false)
  })
})

describe('scoring rules in a quiz file', () => {
  const fixture = parse(
    readFileSync(path.resolve(import.meta.dirname, '..', '..', 'tests', 'e2e', 'fixtures', 'quizzes', '90-e2e-player.yaml'), 'utf8'),
  ) as Record<string, unknown> & {
    questions: Record<string, unknown>[]
  }
  it('accepts an optional lecture default and per-question rule, and refuses unknown rules', () => {
    const ok = { ...structuredClone(fixture), quizPolicy: { scoring: 'latest' } }
    ok.questions[0].scoring = 'first'
    const parsed = lectureFileSchema.safeParse(ok)
    expect(parsed.success).toBe(true)
    expect(parsed.data?.quizPolicy?.scoring).toBe('latest')
    expect(parsed.data?.questions[0].scoring).toBe('first')
    expect(lectureFileSchema.safeParse({ ...structuredClone(fixture), quizPolicy: { scoring: 'median' } }).success).toBe(false)
    expect(lectureFileSchema.safeParse({ ...structuredClone(fixture), quizPolicy: { reveal: 'never' } }).success).toBe(true)
    expect(lectureFileSchema.safeParse({ ...structuredClone(fixture), quizPolicy: { reveal: 'tomorrow' } }).success).toBe(false)
  })
})
