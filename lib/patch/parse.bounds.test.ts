import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { linearPass, slowdown } from '@/tests/support/timing'

import { parsePatch, validatePatch } from '.'
import { matchBinaryDiffer, matchOnlyIn, parseFileHeaderLine, parseGitHeaderPaths, splitSpaceTimestamp } from './parse'
import { PATCH_LIMITS, type PatchPolicy } from './policy'

// Patches are the student's, up to PATCH_LIMITS.maxBytes (512 KiB), and a single line may be all of it.

// The regular expressions the hand-written matchers replaced: the oracle for their meaning on short lines.
const BINARY_DIFFER = /^Binary files (.+) and (.+) differ$/
const ONLY_IN = /^Only in .+: .+$/
const SPACE_TIMESTAMP =
  /^(\S.*?) +(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4})$/

const pieces = (...values: string[]) => fc.array(fc.constantFrom(...values), { maxLength: 10 }).map((p) => p.join(''))

describe('line matchers (property)', () => {
  it('matchBinaryDiffer reads a line exactly as /^Binary files (.+) and (.+) differ$/', () => {
    const line = pieces('Binary files ', ' and ', 'and', ' ', 'a', 'b/x.o', ' differ', 'differ', '\u2028', '\r', '\t')
    fc.assert(
      fc.property(line, (text) => {
        const m = BINARY_DIFFER.exec(text)
        expect(matchBinaryDiffer(text)).toEqual(m ? [m[1], m[2]] : null)
      }),
      { numRuns: 10_000 },
    )
    // and on lines that start and end right, so the middle is what varies
    fc.assert(
      fc.property(pieces(' and ', 'and', ' ', 'a', 'x', '\u2029', ' and and '), (middle) => {
        const text = `Binary files ${middle} differ`
        const m = BINARY_DIFFER.exec(text)
        expect(matchBinaryDiffer(text)).toEqual(m ? [m[1], m[2]] : null)
      }),
      { numRuns: 5000 },
    )
  })

  it('matchOnlyIn reads a line exactly as /^Only in .+: .+$/', () => {
    fc.assert(
      fc.property(pieces('Only in ', 'Only in', ': ', ':', ' ', 'dir', 'x', '\u2028', '\t'), (text) => {
        expect(matchOnlyIn(text)).toBe(ONLY_IN.test(text))
      }),
      { numRuns: 10_000 },
    )
  })

  it('splitSpaceTimestamp reads a header path exactly as /^(\\S.*?) +(timestamp)$/', () => {
    const rest = pieces(
      'a/x.c',
      ' ',
      '  ',
      'x',
      '2014-06-29 12:00:00',
      '.123',
      ' +0200',
      'Thu Jan  1 00:00:00 1970',
      'Sun Jun 29 1:00:00 2014',
      '\u2028',
      '\t',
      '1',
    )
    fc.assert(
      fc.property(rest, (text) => {
        const m = SPACE_TIMESTAMP.exec(text)
        expect(splitSpaceTimestamp(text)).toEqual(m ? [m[1], m[2]] : null)
        // and through the header parser
        const header = parseFileHeaderLine(`--- ${text}`, 1)
        if (m && !text.includes('\t') && !text.startsWith('"')) expect(header.timestamp).toBe(m[2])
      }),
      { numRuns: 10_000 },
    )
  })
})

describe('parseGitHeaderPaths (property)', () => {
  it('splits a diff --git line with spaces exactly as the slice-per-space version did', () => {
    // the previous implementation of the last step, as the oracle
    const reference = (rest: string) => {
      const spaces = [...rest.matchAll(/ /g)].map((m) => m.index)
      if (spaces.length === 1) return [rest.slice(0, spaces[0]), rest.slice(spaces[0]! + 1)]
      const stripFirst = (p: string) => p.slice(p.indexOf('/') + 1)
      const candidates = spaces.filter((sp) => stripFirst(rest.slice(0, sp)) === stripFirst(rest.slice(sp + 1)))
      return candidates.length === 1 ? [rest.slice(0, candidates[0]), rest.slice(candidates[0]! + 1)] : null
    }
    fc.assert(
      fc.property(pieces('a/', 'b/', 'x', 'y', ' ', '/', 'dir/', 'my file'), (rest) => {
        fc.pre(!rest.startsWith('"') && !rest.includes(' "'))
        const split = parseGitHeaderPaths(rest, 1)
        expect(split ? [split.old, split.new] : null).toEqual(reference(rest))
      }),
      { numRuns: 10_000 },
    )
  })
})

describe('parsePatch and validatePatch (time bound)', () => {
  const policy: PatchPolicy = { allowedPaths: ['Python/*.c', 'Objects/*.c'], pristineHas: () => true }
  const limit = PATCH_LIMITS.maxBytes
  const fill = (unit: string, head = '', tail = '') =>
    head + unit.repeat(Math.max(0, Math.floor((limit - Buffer.byteLength(head + tail)) / Buffer.byteLength(unit)))) + tail
  const header = '--- a/Python/ceval.c\n+++ b/Python/ceval.c\n'

  // an ordinary patch of the same size: many small hunks against one file
  const normal = fill('@@ -1,3 +1,3 @@\n context\n-old line of code;\n+new line of code;\n', header)

  it('costs at most a small factor over an ordinary patch of the same size, on adversarial patches at the 512 KiB limit', () => {
    const adversarial: [string, string][] = [
      ['one "Binary files" line of " and " (a minute before)', fill(' and ', 'diff x\nBinary files ', 'x\n')],
      ['one "Only in" line of ": " before a U+2028 (45 s before)', fill(': ', 'Only in ', '\u2028\n')],
      ['a header path of spaces before a non-timestamp (2 min before)', fill(' ', '--- a', 'x\n+++ b/Python/ceval.c\n@@ -1 +1 @@\n-a\n+b\n')],
      ['a diff --git line of spaces', fill(' ', 'diff --git a/x', 'b/x\n')],
      ['a diff --git line of a/x pairs', fill('a/x ', 'diff --git ', '\n')],
      ['40 000 empty file sections', fill('--- a\n+++ b\n')],
      ['junk after a hunk', fill('junk\n', `${header}@@ -1 +1 @@\n-a\n+b\n`)],
      ['a hunk whose count is short by 100 000 lines', fill('+x\n', `${header}@@ -1 +1 @@\n-a\n+b\n`)],
      ['a quoted name of backslashes', fill('\\\\', '--- "', `"\n+++ b/Python/ceval.c\n@@ -1 +1 @@\n-a\n+b\n`)],
      ['hunk headers only', fill('@@ -1 +1 @@\n', header)],
      [
        'random patch-like lines',
        fc.sample(
          fc
            .array(
              fc.constantFrom(
                '--- a/x\n',
                '+++ b/x\n',
                '@@ -1 +1 @@\n',
                '-a\n',
                '+b\n',
                ' c\n',
                'diff --git a/x b/x\n',
                'Binary files a and b differ\n',
                'Only in x: y\n',
                '\n',
                '\\ No newline at end of file\n',
              ),
              { minLength: 60_000, maxLength: 60_000 },
            )
            .map((l) => l.join('').slice(0, limit)),
          { numRuns: 1, seed: 3 },
        )[0]!,
      ],
    ]
    for (const [name, patch] of adversarial) {
      expect(Buffer.byteLength(patch)).toBeLessThanOrEqual(limit)
      const { ratio, subjectMs, baselineMs } = slowdown(
        () => validatePatch(patch, policy),
        () => validatePatch(normal, policy),
        { runs: 3 },
      )
      // measured 0.04-6× (the diff --git line of 500 000 spaces is the slowest); the four quadratic cases were
      // 100-5000× before
      expect(ratio, `${name}: ${subjectMs.toFixed(1)} ms vs ${baselineMs.toFixed(1)} ms for an ordinary patch`).toBeLessThan(25)
    }
  }, 60_000)

  it('an ordinary patch at the limit costs a bounded number of linear passes', () => {
    const { ratio, subjectMs, baselineMs } = slowdown(
      () => parsePatch(normal),
      () => linearPass(normal),
      { runs: 3 },
    )
    expect(ratio, `${subjectMs.toFixed(1)} ms vs ${baselineMs.toFixed(2)} ms`).toBeLessThan(500)
  })
})
