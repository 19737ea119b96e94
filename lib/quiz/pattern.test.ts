import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { linearPass, slowdown } from '@/tests/support/timing'

import { compilePattern, MAX_PROGRAM, PatternError, patternTest } from './pattern'

const test = (source: string, text: string, ignoreCase = false) => patternTest(compilePattern(source, { ignoreCase }), text)

describe('compilePattern / patternTest', () => {
  it('matches like RegExp.test on the patterns quiz authors write', () => {
    const cases: [string, string, boolean][] = [
      ['^co_consts$', 'co_consts', false],
      ['^co_consts$', 'CO_CONSTS', true],
      ['^(tp_)?iternext$', 'iternext', false],
      ['^(tp_)?iternext$', 'tp_iternext', false],
      ['^Py_(INC|DEC)REF$', 'Py_DECREF', false],
      ['\\bob_refcnt\\b', 'the ob_refcnt field', false],
      ['\\d+ bytes?', 'it uses 24 bytes', false],
      ['^[A-Z_]{2,8}$', 'LOAD_FAST', false],
      ['^\\s*BINARY_ADD\\s*$', ' binary_add ', true],
      ['^a.c$', 'a\nc', false],
      ['^[^,]+,[^,]+$', 'x, y', false],
      ['^\\x41\\u0042\\t?$', 'AB', false],
      ['(?<name>fo+)bar', 'xfooobar', false],
      ['^$', '', false],
      ['[\\]\\-]', '-', false],
      ['^k$', '\u212a', true],
      ['^[a-z]+$', 'ſ', true],
      ['^ſ$', 's', true],
    ]
    for (const [source, text, ignoreCase] of cases) {
      const native = new RegExp(source, ignoreCase ? 'i' : '').test(text)
      expect(test(source, text, ignoreCase), `/${source}/${ignoreCase ? 'i' : ''} on ${JSON.stringify(text)}`).toBe(native)
    }
  })

  it('refuses what cannot be matched in linear time, and syntax errors, saying where', () => {
    expect(() => compilePattern('^(a)\\1$')).toThrow(/character 5: backreferences/)
    expect(() => compilePattern('^foo(?=bar)')).toThrow(/lookahead/)
    expect(() => compilePattern('(?<!x)y')).toThrow(/lookbehind/)
    expect(() => compilePattern('(?<n>a)\\k<n>')).toThrow(/named backreferences/)
    expect(() => compilePattern('a**')).toThrow(PatternError)
    expect(() => compilePattern('^*')).toThrow(/nothing to repeat/)
    expect(() => compilePattern('(ab')).toThrow(/missing "\)"/)
    expect(() => compilePattern('ab)')).toThrow(/unmatched/)
    expect(() => compilePattern('[ab')).toThrow(/missing "\]"/)
    expect(() => compilePattern('a{3,1}')).toThrow(/out of order/)
    expect(() => compilePattern('\\q')).toThrow(/not a supported escape/)
    expect(() => compilePattern('(a{100}){100}')).toThrow(new RegExp(`over ${MAX_PROGRAM} steps`))
    expect(() => compilePattern('x'.repeat(1001))).toThrow(/limit is 1000/)
  })
})

// Random patterns over a small alphabet, from the whole supported grammar: compared with the native engine on short
// texts (where even its exponential cases stay small).
const patternArb = fc.letrec<{ node: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('a', 'b', 'A', '.', '\\d', '\\w', '\\s', '\\W', ' ', '_', '1', '\\.', '-') },
    { weight: 2, arbitrary: fc.constantFrom('[ab]', '[^a]', '[a-c]', '[A-Z_]', '[\\d ]', '[^\\s]', '[]', '[^]', '[-a]') },
    { weight: 1, arbitrary: fc.constantFrom('^', '$', '\\b', '\\B') },
    { weight: 2, arbitrary: tie('node').map((n) => `(${n})`) },
    { weight: 1, arbitrary: tie('node').map((n) => `(?:${n})`) },
  ),
  node: fc
    .array(fc.tuple(tie('atom'), fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{0,2}', '{1,}', '*?', '+?')), { minLength: 0, maxLength: 4 })
    .chain((parts) => fc.constantFrom(parts.map(([a, q]) => (/^(\^|\$|\\b|\\B)$/.test(a) ? a : a + q)).join('')))
    .chain((left) => fc.oneof({ weight: 4, arbitrary: fc.constant(left) }, { weight: 1, arbitrary: tie('node').map((right) => `${left}|${right}`) })),
}))

describe('patternTest (property)', () => {
  it('agrees with RegExp.test on random patterns and texts, with and without ignoreCase', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', ' ', '1', '_', '.', '-', 'c', 'ſ', 'K'), maxLength: 8 })
    fc.assert(
      fc.property(patternArb.node, text, fc.boolean(), (source, sample, ignoreCase) => {
        let native: RegExp
        try {
          native = new RegExp(source, ignoreCase ? 'i' : '')
        } catch {
          // not valid JavaScript either: compilePattern must refuse it too
          expect(() => compilePattern(source, { ignoreCase })).toThrow(PatternError)
          return
        }
        let compiled: ReturnType<typeof compilePattern>
        try {
          compiled = compilePattern(source, { ignoreCase })
        } catch (e) {
          // a refusal is allowed only for the size cap
          expect(String(e)).toMatch(/too large/)
          return
        }
        expect(patternTest(compiled, sample), `/${source}/${ignoreCase ? 'i' : ''} on ${JSON.stringify(sample)}`).toBe(native.test(sample))
      }),
      { numRuns: 3000 },
    )
  }, 60_000)

  it('never accepts a string of syntax characters that RegExp reads differently (or refuses)', () => {
    const syntax = fc.string({
      unit: fc.constantFrom(
        'a',
        'b',
        '(',
        ')',
        '[',
        ']',
        '^',
        '$',
        '|',
        '*',
        '+',
        '?',
        '{',
        '}',
        ',',
        '1',
        '2',
        '\\',
        '-',
        '.',
        'd',
        'w',
        's',
        'b',
        'k',
        '=',
        '!',
        '<',
        '>',
        ':',
        'x',
        'u',
        '0',
      ),
      maxLength: 14,
    })
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '1', '-', '{', '}', ' ', 'x', '\\'), maxLength: 8 })
    let accepted = 0
    fc.assert(
      fc.property(syntax, text, fc.boolean(), (source, sample, ignoreCase) => {
        let compiled: ReturnType<typeof compilePattern>
        try {
          compiled = compilePattern(source, { ignoreCase })
        } catch (e) {
          expect(e).toBeInstanceOf(PatternError)
          return
        }
        accepted++
        expect(patternTest(compiled, sample), `/${source}/ on ${JSON.stringify(sample)}`).toBe(new RegExp(source, ignoreCase ? 'i' : '').test(sample))
      }),
      { numRuns: 5000 },
    )
    // the generator is not so noisy that nothing gets through
    expect(accepted).toBeGreaterThan(500)
  })

  it('takes time linear in the text on the patterns that make RegExp exponential, at the 500-character answer limit', () => {
    const text = `${'a'.repeat(499)}!`
    for (const source of ['^(a+)+$', '^(a|a)*$', '(a|aa)+b', '^(a*)*b$', '(\\w+\\s?)+$', '^([a-z]*){1,20}$']) {
      const pattern = compilePattern(source)
      expect(patternTest(pattern, text)).toBe(new RegExp(source).test(`${'a'.repeat(12)}!`))
      const { ratio, subjectMs, baselineMs } = slowdown(
        () => patternTest(pattern, text),
        () => linearPass(text.repeat(pattern.program.length)),
        { runs: 3 },
      )
      // cost per (program step × character) against a UTF-8 round trip of as many characters
      expect(ratio, `/${source}/: ${subjectMs.toFixed(2)} ms vs ${baselineMs.toFixed(2)} ms`).toBeLessThan(200)
    }
  })

  it('stays within the program bound on the largest pattern it accepts', () => {
    const source = '(?:[a-z]{1,12}\\s?){1,40}x'
    const pattern = compilePattern(source)
    expect(pattern.program.length).toBeLessThanOrEqual(MAX_PROGRAM)
    const text = 'abcdefghijkl '.repeat(38).slice(0, 500)
    const { ratio, subjectMs, baselineMs } = slowdown(
      () => patternTest(pattern, text),
      () => linearPass(text.repeat(pattern.program.length)),
      { runs: 3 },
    )
    expect(ratio, `${subjectMs.toFixed(2)} ms vs ${baselineMs.toFixed(2)} ms`).toBeLessThan(200)
  })
})
