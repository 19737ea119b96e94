import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { linearPass, slowdown } from '@/tests/support/timing'

import { ANSWER_LIMITS } from './answers'
import { gradeAnswer, normaliseOutput, parseAnswerKey, textMatches, type GradableQuestion } from './grade'
import { lectureFileSchema } from './schema'

// Property tests for quiz grading: answers are the student's, up to ANSWER_LIMITS (20 000 characters of output,
// 500 of text), and nothing may cost more than a few linear passes over them.

/** The documented output normalisation, written the obvious way (and quadratic, which is fine on small inputs). */
function referenceOutput(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '')
}

const outputText = fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\r\n', 'a', 'x y', '[0, 10]', '\u00a0', '\v'), { maxLength: 40 }).map((p) => p.join(''))

describe('normaliseOutput (property)', () => {
  it('equals the reference normalisation', () => {
    fc.assert(
      fc.property(outputText, (text) => {
        expect(normaliseOutput(text)).toBe(referenceOutput(text))
      }),
      { numRuns: 5000 },
    )
  })

  it('grades an output answer correct exactly when the reference normalisations agree', () => {
    fc.assert(
      fc.property(outputText, outputText, (expected, answer) => {
        const q: GradableQuestion = { id: 'q', type: 'output', answerKey: { expected }, points: 1 }
        expect(gradeAnswer(q, { output: answer }).correct).toBe(referenceOutput(expected) === referenceOutput(answer.replace(/\r\n?/g, '\n')))
      }),
      { numRuns: 3000 },
    )
  })

  it('costs a linear pass on adversarial answers at the 20 000-character limit', () => {
    const n = ANSWER_LIMITS.output
    const key: GradableQuestion = { id: 'q', type: 'output', answerKey: { expected: 'iterator\n[0, 10]\n[]\n' }, points: 1 }
    const answers: [string, string][] = [
      ['tabs then x (the review exploit)', `${'\t'.repeat(n - 1)}x`],
      ['spaces then x', `${' '.repeat(n - 1)}x`],
      ['newlines then x', `${'\n'.repeat(n - 1)}x`],
      ['blank lines of spaces', ' \n'.repeat(n / 2)],
      ['CR runs', `${'\r'.repeat(n - 1)}x`],
      ['random', fc.sample(fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', 'x'), minLength: n, maxLength: n }), { numRuns: 1, seed: 7 })[0]!],
    ]
    for (const [name, output] of answers) {
      const { ratio, subjectMs, baselineMs } = slowdown(
        () => gradeAnswer(key, { output }),
        () => linearPass(output),
        { runs: 5, floorMs: 0.05 },
      )
      // measured 5-30× a UTF-8 round trip; the old per-line /[ \t]+$/ was about 10⁴× on the first
      expect(ratio, `${name}: ${subjectMs.toFixed(2)} ms vs ${baselineMs.toFixed(3)} ms`).toBeLessThan(300)
    }
  })
})

describe('text answers with a pattern (property)', () => {
  it('match like RegExp for the patterns of the course and random answers', () => {
    const key = parseAnswerKey('text', { accepted: [], pattern: '^(tp_)?iter(next)?\\s*(\\(\\))?$', caseSensitive: false })
    const answer = fc.array(fc.constantFrom('tp_', 'iter', 'next', ' ', '()', 'TP_', 'x', '\t'), { minLength: 1, maxLength: 8 }).map((p) => p.join(''))
    fc.assert(
      fc.property(answer, (text) => {
        fc.pre(text.trim() !== '')
        expect(textMatches(text, key as Extract<typeof key, { type: 'text' }>)).toBe(/^(tp_)?iter(next)?\s*(\(\))?$/i.test(text.trim().replace(/\s+/g, ' ')))
      }),
      { numRuns: 2000 },
    )
  })

  it('a catastrophic staff pattern costs linear time on a 500-character answer', () => {
    const q: GradableQuestion = { id: 'q', type: 'text', answerKey: { accepted: [], pattern: '^(a+)+$', caseSensitive: true }, points: 1 }
    const text = `${'a'.repeat(ANSWER_LIMITS.text - 1)}!`
    // RegExp would need about 2^499 steps for this; here it is a few passes over the 500 characters
    const { ratio, subjectMs, baselineMs } = slowdown(
      () => gradeAnswer(q, { text }),
      () => linearPass(text.repeat(100)),
      { runs: 5, floorMs: 0.05 },
    )
    expect(gradeAnswer(q, { text }).correct).toBe(false)
    expect(gradeAnswer(q, { text: 'a'.repeat(ANSWER_LIMITS.text) }).correct).toBe(true)
    expect(ratio, `${subjectMs.toFixed(2)} ms vs ${baselineMs.toFixed(3)} ms`).toBeLessThan(100)
  })

  it('a key whose pattern cannot be matched in linear time is refused at sync, with the reason, and as a stored key', () => {
    const lecture = {
      number: 1,
      slug: 'l01',
      title: 'T',
      video: { youtube: 'abcdefghijk' },
      chapters: [{ start: 0, title: 'c' }],
      questions: [{ id: 'l01-q', at: 1, type: 'text', prompt: 'p', explanation: 'e', answer: { pattern: '^(co_\\w+)\\1$' } }],
    }
    const result = lectureFileSchema.safeParse(lecture)
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => i.message).join('\n')).toMatch(/backreferences \(\\1 …\) are not supported/)
    expect(() => parseAnswerKey('text', { accepted: ['x'], pattern: 'a(?=b)', caseSensitive: false })).toThrow(/malformed; re-run npm run content:sync/)
  })
})
