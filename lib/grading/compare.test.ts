import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { linearPass, slowdown } from '@/tests/support/timing'

import { compareOutput, diffLines, normaliseOutput, unifiedDiff } from './compare'

/** Applies the edit script to the old lines; must give the new ones. */
function replay(oldLines: string[], newLines: string[]) {
  const edits = diffLines(oldLines, newLines)
  expect(edits.filter((e) => e.kind !== 'insert').map((e) => e.text)).toEqual(oldLines)
  expect(edits.filter((e) => e.kind !== 'delete').map((e) => e.text)).toEqual(newLines)
  return edits
}

describe('normaliseOutput', () => {
  it('turns CRLF into LF and drops whitespace at the very end only', () => {
    expect(normaliseOutput('a\r\nb  \r\n\r\n\n')).toBe('a\nb')
    expect(normaliseOutput('a \nb')).toBe('a \nb')
    expect(normaliseOutput('\n\na')).toBe('\n\na')
  })
})

describe('compareOutput', () => {
  it('passes on equal output and exit status, ignoring a missing final newline', () => {
    expect(compareOutput({ expectedStdout: '27\n-8\n', actualStdout: '27\n-8', actualExitCode: 0 })).toEqual({ passed: true })
    expect(compareOutput({ expectedStdout: 'x\n', actualStdout: 'x\r\n', actualExitCode: 3, expectedExitCode: 3 })).toEqual({ passed: true })
  })

  it('fails on a wrong exit status even when the output matches', () => {
    const outcome = compareOutput({ expectedStdout: 'ok\n', actualStdout: 'ok\n', actualExitCode: 1 })
    expect(outcome).toMatchObject({ passed: false, reason: 'exit-code', message: 'expected exit status 0, got exit status 1' })
    expect(outcome.passed === false && outcome.diff).toBeUndefined()
    expect(compareOutput({ expectedStdout: '', actualStdout: '', actualExitCode: null })).toMatchObject({
      reason: 'exit-code',
      message: expect.stringContaining('no exit status'),
    })
  })

  it('fails on different output with a diff, and does not trust what the program prints', () => {
    const outcome = compareOutput({ expectedStdout: '27\n', actualStdout: 'PASS\nAll tests passed\n27\n', actualExitCode: 0 })
    expect(outcome.passed).toBe(false)
    if (outcome.passed) return
    expect(outcome.reason).toBe('output')
    expect(outcome.diff).toBe(['--- expected', '+++ actual', '@@ -1,1 +1,3 @@', '+PASS', '+All tests passed', ' 27'].join('\n'))
  })

  it('keeps trailing spaces inside the output significant', () => {
    expect(compareOutput({ expectedStdout: 'a\nb\n', actualStdout: 'a \nb\n', actualExitCode: 0 }).passed).toBe(false)
  })
})

describe('diffLines', () => {
  it('produces a minimal script that replays to both sides', () => {
    const edits = replay(['a', 'b', 'c', 'a', 'b', 'b', 'a'], ['c', 'b', 'a', 'b', 'a', 'c'])
    expect(edits.filter((e) => e.kind !== 'same')).toHaveLength(5) // the classic Myers example: D = 5
    replay([], ['x', 'y'])
    replay(['x', 'y'], [])
    replay([], [])
    replay(['same'], ['same'])
  })

  it('replays random inputs', () => {
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    for (let round = 0; round < 200; round++) {
      const make = () => Array.from({ length: Math.floor(random() * 12) }, () => 'abc'[Math.floor(random() * 3)])
      replay(make(), make())
    }
  })

  it('falls back to replacing the middle when the edit distance is over the cap', () => {
    const oldLines = Array.from({ length: 50 }, (_, i) => `old ${i}`)
    const newLines = Array.from({ length: 50 }, (_, i) => `new ${i}`)
    const edits = diffLines(['head', ...oldLines, 'tail'], ['head', ...newLines, 'tail'], 10)
    expect(edits[0]).toMatchObject({ kind: 'same', text: 'head' })
    expect(edits.at(-1)).toMatchObject({ kind: 'same', text: 'tail' })
    expect(edits.filter((e) => e.kind === 'delete')).toHaveLength(50)
    expect(edits.filter((e) => e.kind === 'insert')).toHaveLength(50)
  })
})

describe('unifiedDiff', () => {
  it('matches diff -u hunk headers and context', () => {
    const expected = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].join('\n')
    const actual = ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10', '11', '12', '13'].join('\n')
    expect(unifiedDiff(expected, actual)).toBe(
      [
        '--- expected',
        '+++ actual',
        '@@ -2,7 +2,7 @@',
        ' 2',
        ' 3',
        ' 4',
        '-5',
        '+five',
        ' 6',
        ' 7',
        ' 8',
        '@@ -10,3 +10,4 @@',
        ' 10',
        ' 11',
        ' 12',
        '+13',
      ].join('\n'),
    )
  })

  it('caps the number of lines', () => {
    const expected = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n')
    const diff = unifiedDiff(expected, '', { maxLines: 20 })
    expect(diff.split('\n')).toHaveLength(21)
    expect(diff.split('\n').at(-1)).toBe('... diff truncated (983 more lines)')
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Property tests: the program's stdout is the student's, up to the sandbox's 256 KiB per stream.

const STDOUT_LIMIT = 256 * 1024

/** The documented normalisation, written the obvious way: CRLF → LF, then drop whitespace characters at the end. */
function referenceNormalise(text: string): string {
  const lf = text.split('\r\n').join('\n')
  let end = lf.length
  while (end > 0 && /\s/.test(lf[end - 1]!)) end--
  return lf.slice(0, end)
}

// every code point \s matches, and a few it does not (NEL, ZWSP, the Mongolian vowel separator)
const whitespace = fc.constantFrom(
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\v',
  '\f',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
  '\u0085',
  '\u200b',
  '\u180e',
)
const outputText = fc.array(fc.oneof(whitespace, fc.constantFrom('a', 'x', '27', '-8', 'PASS')), { maxLength: 40 }).map((parts) => parts.join(''))

describe('compareOutput (property)', () => {
  it('normalises exactly like the reference, and passes exactly when the references and exit codes agree', () => {
    fc.assert(
      fc.property(
        outputText,
        outputText,
        fc.constantFrom(0, 1),
        fc.constantFrom(0, 1, null),
        (expectedStdout, actualStdout, expectedExitCode, actualExitCode) => {
          expect(normaliseOutput(actualStdout)).toBe(referenceNormalise(actualStdout))
          const outcome = compareOutput({ expectedStdout, actualStdout, expectedExitCode, actualExitCode })
          expect(outcome.passed).toBe(referenceNormalise(expectedStdout) === referenceNormalise(actualStdout) && expectedExitCode === actualExitCode)
          if (!outcome.passed && outcome.reason === 'output') expect(outcome.diff).toMatch(/^--- expected\n\+\+\+ actual/)
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('the diff replays both sides for random outputs', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', ''), { maxLength: 30 }), fc.array(fc.constantFrom('a', 'b', 'c', ''), { maxLength: 30 }), (a, b) => {
        replay(a, b)
      }),
      { numRuns: 1000 },
    )
  })

  it('costs a linear pass on adversarial stdout at the 256 KiB limit (whitespace runs, long lines, near misses)', () => {
    const expected = Array.from({ length: 1000 }, (_, i) => `result ${i}: ${'y'.repeat(60)}`).join('\n')
    const nearMiss = Array.from({ length: 4000 }, (_, i) => `result ${i % 1000}: ${'y'.repeat(59)}z`).join('\n')
    const adversarial: [string, string][] = [
      ['spaces then x', `${' '.repeat(STDOUT_LIMIT - 1)}x`],
      ['tabs and newlines then x', `${'\t\n'.repeat(STDOUT_LIMIT / 2 - 1)}x`],
      ['CRLF blank lines', '\r\n'.repeat(STDOUT_LIMIT / 2)],
      ['no-break spaces then x', `${'\u00a0'.repeat(STDOUT_LIMIT - 1)}x`],
      ['one long line', 'y'.repeat(STDOUT_LIMIT)],
      ['near misses of every expected line', nearMiss.slice(0, STDOUT_LIMIT)],
      [
        'random',
        fc.sample(fc.string({ unit: fc.constantFrom(' ', '\n', '\t', 'a', '\r'), minLength: STDOUT_LIMIT, maxLength: STDOUT_LIMIT }), {
          numRuns: 1,
          seed: 42,
        })[0]!,
      ],
    ]
    for (const [name, actualStdout] of adversarial) {
      const { ratio, subjectMs, baselineMs } = slowdown(
        () => compareOutput({ expectedStdout: expected, actualStdout, actualExitCode: 0 }),
        () => linearPass(actualStdout + expected),
        { runs: 3 },
      )
      // measured well under 100× a UTF-8 round trip of the same text; the old /\s+$/ was about 10⁵× on the first
      expect(ratio, `${name}: ${subjectMs.toFixed(1)} ms vs ${baselineMs.toFixed(2)} ms for a linear pass`).toBeLessThan(400)
    }
  })
})
