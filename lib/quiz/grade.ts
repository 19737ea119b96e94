import { z } from 'zod'

import { AppError } from '@/lib/http/errors'

import { ANSWER_LIMITS, ANSWER_SHAPES, answerSchemas, type SubmittedAnswer } from './answers'
import { compilePattern, patternTest, type CompiledPattern } from './pattern'
import type { QuestionType } from './schema'

// Grading of in-video quiz answers. Pure: no database, no clock. The route stores what this returns; a
// malformed answer throws an AppError (4xx) before anything is stored.
//
// Comparison rules (docs/lectures.md):
//   single    the chosen id equals the key
//   multiple  the set of chosen ids equals the set of correct ids (order does not matter). All or nothing, unless
//             the question has `partialCredit: true`: then a wrong answer earns points × (right picks − wrong
//             picks) ÷ number of correct choices, never below 0 (so ticking every box earns nothing)
//   numeric   |answer − value| ≤ tolerance; the answer may be a number or text such as "12", "-3.5", "1e3", "0x1F"
//   text      after trimming and collapsing runs of whitespace: equal to an accepted answer, or matched by the
//             pattern (searched, so anchor it with ^…$); case-insensitive unless caseSensitive. The pattern is run
//             by lib/quiz/pattern.ts (linear time in the answer, a regular subset of RegExp), never by RegExp
//
// Every step here is linear in the answer (at most 20 000 characters): no backtracking regular expression is
// applied to what the student typed.
//   output    after normalising both sides: CRLF/CR → LF, trailing spaces and tabs removed from every line,
//             trailing blank lines removed; then compared exactly (leading whitespace and blank lines count)

export type AnswerKey =
  | { type: 'single'; choice: string }
  | { type: 'multiple'; choices: string[]; partialCredit?: true }
  | { type: 'numeric'; value: number; tolerance: number }
  | { type: 'text'; accepted: string[]; pattern: string | null; caseSensitive: boolean }
  | { type: 'output'; expected: string }

export type GradableQuestion = {
  id: string
  type: QuestionType
  /** the choices shown, for single and multiple */
  choices?: readonly { id: string }[] | null
  /** the stored key (Question.answerKey) */
  answerKey: unknown
  points: number
}

export type GradedAnswer = {
  correct: boolean
  pointsAwarded: number
  /** the normalised answer, as stored in QuizResponse.answer */
  answer: SubmittedAnswer
}

const storedKeySchemas = {
  single: z.string().regex(/^[a-h]$/),
  // a plain list (all or nothing), or { choices, partialCredit } for a question with partial credit
  multiple: z.union([
    z.array(z.string().regex(/^[a-h]$/)).min(1),
    z.object({ choices: z.array(z.string().regex(/^[a-h]$/)).min(1), partialCredit: z.boolean().default(false) }),
  ]),
  numeric: z.object({ value: z.number().finite(), tolerance: z.number().min(0).default(0) }),
  text: z
    .object({ accepted: z.array(z.string()).default([]), pattern: z.string().nullable().optional(), caseSensitive: z.boolean().default(false) })
    .refine((k) => k.accepted.length > 0 || k.pattern)
    // a key synced before patterns were checked for linear-time matching: content:sync now reports it
    .refine((k) => !k.pattern || compiledPattern(k.pattern, !k.caseSensitive) !== null),
  output: z.object({ expected: z.string() }),
} as const

/** The stored key of a question in a typed form. A malformed key is a content bug: it throws a plain Error (500). */
export function parseAnswerKey(type: QuestionType, stored: unknown): AnswerKey {
  const fail = () => new Error(`the stored answer key of a ${type} question is malformed; re-run npm run content:sync`)
  switch (type) {
    case 'single': {
      const r = storedKeySchemas.single.safeParse(stored)
      if (!r.success) throw fail()
      return { type, choice: r.data }
    }
    case 'multiple': {
      const r = storedKeySchemas.multiple.safeParse(stored)
      if (!r.success) throw fail()
      const list = Array.isArray(r.data) ? r.data : r.data.choices
      const choices = [...new Set(list)].sort()
      return !Array.isArray(r.data) && r.data.partialCredit ? { type, choices, partialCredit: true } : { type, choices }
    }
    case 'numeric': {
      const r = storedKeySchemas.numeric.safeParse(stored)
      if (!r.success) throw fail()
      return { type, value: r.data.value, tolerance: r.data.tolerance }
    }
    case 'text': {
      const r = storedKeySchemas.text.safeParse(stored)
      if (!r.success) throw fail()
      return { type, accepted: r.data.accepted, pattern: r.data.pattern ?? null, caseSensitive: r.data.caseSensitive }
    }
    case 'output': {
      const r = storedKeySchemas.output.safeParse(stored)
      if (!r.success) throw fail()
      return { type, expected: r.data.expected }
    }
    default:
      throw new Error(`unknown question type ${String(type)}`)
  }
}

/** Grade one submitted answer. Throws AppError 400/413/422 for answers that cannot be graded; stores nothing. */
export function gradeAnswer(question: GradableQuestion, raw: unknown): GradedAnswer {
  const answer = parseSubmittedAnswer(question, raw)
  const key = parseAnswerKey(question.type, question.answerKey)
  const correct = isCorrect(key, answer)
  const pointsAwarded = correct
    ? question.points
    : key.type === 'multiple' && key.partialCredit && 'choices' in answer
      ? partialPoints(key.choices, answer.choices, question.points)
      : 0
  return { correct, pointsAwarded, answer }
}

/** Partial credit for a multiple-answer question: (right picks − wrong picks) ÷ correct choices, at least 0, to 0.01 point. */
export function partialPoints(correctIds: readonly string[], chosen: readonly string[], points: number): number {
  const key = new Set(correctIds)
  const right = chosen.filter((c) => key.has(c)).length
  const wrong = chosen.length - right
  const fraction = Math.max(0, (right - wrong) / key.size)
  return Math.round(points * fraction * 100) / 100
}

/** Validate the shape and values of an answer for this question, and normalise it. */
export function parseSubmittedAnswer(question: Pick<GradableQuestion, 'type' | 'choices'>, raw: unknown): SubmittedAnswer {
  const type = question.type
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError(400, 'invalid_answer', `An answer to a ${type} question is an object like ${ANSWER_SHAPES[type]}.`)
  }
  for (const value of Object.values(raw as Record<string, unknown>)) {
    const limit = type === 'output' ? ANSWER_LIMITS.output : type === 'numeric' ? ANSWER_LIMITS.number : ANSWER_LIMITS.text
    if (typeof value === 'string' && value.length > limit) {
      throw new AppError(
        413,
        'answer_too_large',
        `That answer is ${value.length.toLocaleString('en-US')} characters long; the limit for a ${type} question is ${limit.toLocaleString('en-US')}.`,
      )
    }
  }
  const parsed = answerSchemas[type].safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : ''
    throw new AppError(400, 'invalid_answer', `An answer to a ${type} question looks like ${ANSWER_SHAPES[type]}: ${issue?.message ?? 'wrong shape'}${where}.`)
  }
  const data = parsed.data as SubmittedAnswer
  const known = new Set((question.choices ?? []).map((c) => c.id))
  if ('choice' in data) {
    if (!known.has(data.choice)) throw new AppError(422, 'unknown_choice', `"${data.choice}" is not one of this question's choices (${[...known].join(', ')}).`)
    return { choice: data.choice }
  }
  if ('choices' in data) {
    const unknown = data.choices.filter((c) => !known.has(c))
    if (unknown.length)
      throw new AppError(
        422,
        'unknown_choice',
        `${unknown.map((c) => `"${c}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among this question's choices (${[...known].join(', ')}).`,
      )
    return { choices: [...data.choices].sort() }
  }
  if ('value' in data) {
    const value = typeof data.value === 'number' ? data.value : parseNumber(data.value)
    if (value === null || !Number.isFinite(value)) {
      throw new AppError(422, 'not_a_number', `"${String(data.value).slice(0, 40)}" is not a number (write e.g. 12, -3.5, 1e3 or 0x1F).`)
    }
    return { value }
  }
  if ('text' in data) {
    if (normaliseText(data.text, true) === '') throw new AppError(422, 'empty_answer', 'Type an answer first.')
    return { text: data.text.trim() }
  }
  return { output: data.output.replace(/\r\n?/g, '\n') }
}

function isCorrect(key: AnswerKey, answer: SubmittedAnswer): boolean {
  switch (key.type) {
    case 'single':
      return 'choice' in answer && answer.choice === key.choice
    case 'multiple':
      return 'choices' in answer && answer.choices.length === key.choices.length && answer.choices.every((c, i) => c === key.choices[i])
    case 'numeric':
      return 'value' in answer && typeof answer.value === 'number' && withinTolerance(answer.value, key.value, key.tolerance)
    case 'text':
      return 'text' in answer && textMatches(answer.text, key)
    case 'output':
      return 'output' in answer && normaliseOutput(answer.output) === normaliseOutput(key.expected)
  }
}

export function withinTolerance(value: number, expected: number, tolerance: number): boolean {
  // a hair of slack for binary floating point (0.1 + 0.2 against 0.3 with tolerance 0)
  const slack = 1e-9 * Math.max(1, Math.abs(expected))
  return Math.abs(value - expected) <= tolerance + slack
}

/** "12", " -3.5 ", "1e3", "+7", ".5", "0x1F" → a number; anything else → null. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/(\d)_(?=\d)/g, '$1')
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t)
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]{1,13})$/.exec(t)
  if (hex) return (hex[1] === '-' ? -1 : 1) * Number.parseInt(hex[2], 16)
  return null
}

export function normaliseText(text: string, caseSensitive: boolean): string {
  const collapsed = text.trim().replace(/\s+/g, ' ')
  return caseSensitive ? collapsed : collapsed.toLowerCase()
}

export function textMatches(text: string, key: Extract<AnswerKey, { type: 'text' }>): boolean {
  const answer = normaliseText(text, key.caseSensitive)
  if (answer === '') return false
  if (key.accepted.some((a) => normaliseText(a, key.caseSensitive) === answer)) return true
  if (key.pattern) {
    const pattern = compiledPattern(key.pattern, !key.caseSensitive)
    return pattern !== null && patternTest(pattern, text.trim().replace(/\s+/g, ' '))
  }
  return false
}

// Compiled patterns, by source and flag: a question's pattern is compiled once per process, not per answer.
const patternCache = new Map<string, CompiledPattern | null>()

function compiledPattern(source: string, ignoreCase: boolean): CompiledPattern | null {
  const cacheKey = `${ignoreCase ? 'i' : '-'}${source}`
  let compiled = patternCache.get(cacheKey)
  if (compiled === undefined) {
    try {
      compiled = compilePattern(source, { ignoreCase })
    } catch {
      compiled = null
    }
    if (patternCache.size >= 500) patternCache.delete(patternCache.keys().next().value!)
    patternCache.set(cacheKey, compiled)
  }
  return compiled
}

/**
 * Program output as compared: LF line ends, no trailing spaces or tabs on any line, no trailing blank lines. One
 * pass over the text (the answer is the student's, up to 20 000 characters; `[ \t]+$` per line and `\n+$` were
 * quadratic on a long run of tabs or newlines followed by anything else).
 */
export function normaliseOutput(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
  let out = ''
  let lineStart = 0
  while (lineStart <= lf.length) {
    let lineEnd = lf.indexOf('\n', lineStart)
    if (lineEnd === -1) lineEnd = lf.length
    let end = lineEnd
    while (end > lineStart && (lf.charCodeAt(end - 1) === 0x20 || lf.charCodeAt(end - 1) === 0x09)) end--
    out += lf.slice(lineStart, end)
    if (lineEnd < lf.length) out += '\n'
    lineStart = lineEnd + 1
  }
  // trailing blank lines (each already emptied of spaces and tabs)
  let end = out.length
  while (end > 0 && out.charCodeAt(end - 1) === 0x0a) end--
  return out.slice(0, end)
}
