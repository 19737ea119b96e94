import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { linearPass, slowdown } from '@/tests/support/timing'

import { describeAnswer, plainLine } from './quiz-analytics'

describe('describeAnswer on stored output answers (property)', () => {
  it('describes the output without its trailing whitespace, on one line', () => {
    const output = fc.array(fc.constantFrom(' ', '\t', '\n', '\r\n', 'a', '42', '\u00a0'), { maxLength: 30 }).map((p) => p.join(''))
    fc.assert(
      fc.property(output, (text) => {
        const trimmed = text.replace(/\s+$/, '')
        const expected = trimmed === '' ? '(empty output)' : trimmed.replace(/\r?\n/g, '⏎')
        expect(describeAnswer({ output: text }, null)).toBe(expected.length > 80 ? `${expected.slice(0, 79)}…` : expected)
      }),
      { numRuns: 2000 },
    )
  })

  it('costs a linear pass on a 20 000-character answer of whitespace ending in a letter', () => {
    const output = `${'\t'.repeat(19_999)}x`
    const { ratio, subjectMs, baselineMs } = slowdown(
      () => describeAnswer({ output }, null),
      () => linearPass(output),
      { runs: 5, floorMs: 0.05 },
    )
    // the old /\s+$/ was about 10⁴× here
    expect(ratio, `${subjectMs.toFixed(2)} ms vs ${baselineMs.toFixed(3)} ms`).toBeLessThan(100)
  })
})

describe('plainLine', () => {
  it('writes a Markdown prompt as one readable line, without code marks or line-break symbols', () => {
    expect(plainLine('`Modules/python.c` is the whole of the C `main()`:\nit does nothing\nitself.')).toBe(
      'Modules/python.c is the whole of the C main(): it does nothing itself.',
    )
    expect(plainLine('a'.repeat(200), 10)).toBe('aaaaaaaaa…')
  })
})
