import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { MAX_DRAFT_FILE_LINES } from '@/lib/workbench/pristine'
import { slowdown } from '@/tests/support/timing'

import { DEFAULT_DIFF_BUDGET, diffSequences, diffSequencesBounded, type DiffOp } from './line-diff'

/** Replay an edit script: it must walk both sequences in order and rebuild `b` from `a`. Returns the equal count. */
function replay(a: readonly string[], b: readonly string[], ops: readonly DiffOp[]): number {
  const rebuilt: string[] = []
  let oldNext = 0
  let newNext = 0
  let equal = 0
  for (const op of ops) {
    if (op.kind === 'equal') {
      expect(op.oldIndex).toBe(oldNext++)
      expect(op.newIndex).toBe(newNext++)
      expect(a[op.oldIndex]).toBe(b[op.newIndex])
      rebuilt.push(a[op.oldIndex]!)
      equal++
    } else if (op.kind === 'delete') expect(op.oldIndex).toBe(oldNext++)
    else {
      expect(op.newIndex).toBe(newNext++)
      rebuilt.push(b[op.newIndex]!)
    }
  }
  expect(oldNext).toBe(a.length)
  expect(rebuilt).toEqual(b)
  return equal
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!)
      diagonal = up
    }
  }
  return row[b.length]!
}

const line = fc.constantFrom('a', 'b', 'c', '', '}', '    x++;')
const lines = (max: number) => fc.array(line, { maxLength: max })

describe('diffSequences (property)', () => {
  it('finds a shortest edit script for any pair, balanced or not (checked against the LCS by dynamic programming)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(lines(40), lines(40)), fc.tuple(lines(3), lines(60)), fc.tuple(lines(60), lines(3))), ([a, b]) => {
        const result = diffSequencesBounded(a, b)
        expect(result.truncated).toBe(false)
        expect(replay(a, b, result.ops)).toBe(lcsLength(a, b))
      }),
      { numRuns: 1500 },
    )
  })

  it('still gives a valid script, never a wrong one, whatever budget is left (the fallback replaces blocks)', () => {
    fc.assert(
      fc.property(lines(50), lines(50), fc.integer({ min: 0, max: 400 }), (a, b, budget) => {
        const result = diffSequencesBounded(a, b, { budget })
        const equal = replay(a, b, result.ops)
        const best = lcsLength(a, b)
        if (!result.truncated) expect(equal).toBe(best)
        else expect(equal).toBeLessThanOrEqual(best)
        // the prefix and suffix trims are free: a budget of 0 keeps every common line at both ends
        expect(result.spent).toBeLessThanOrEqual(budget + 2 * (a.length + b.length) + 2)
      }),
      { numRuns: 1500 },
    )
  })

  it('spends at most its budget (plus one search step) on the inputs that make Myers quadratic', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `line ${i};`)
    const b = Array.from({ length: MAX_DRAFT_FILE_LINES }, () => 'x')
    const result = diffSequencesBounded(a, b)
    expect(result.truncated).toBe(true)
    expect(result.spent).toBeLessThanOrEqual(DEFAULT_DIFF_BUDGET + 2 * (a.length + b.length))
    expect(replay(a, b, result.ops)).toBe(0)
  })
})

describe('diffSequences (time bound)', () => {
  // an input of the same size where the diff is trivially linear: one changed line in the middle
  const normalPair = (n: number): [string[], string[]] => {
    const a = Array.from({ length: n }, (_, i) => `    Py_DECREF(v${i});`)
    const b = [...a]
    b[n >> 1] = 'changed'
    return [a, b]
  }

  it('costs at most a constant factor more than a one-line edit of the same size, on adversarial input up to the line limit', () => {
    const size = MAX_DRAFT_FILE_LINES
    // the review's exploit at the line limit: a real file against a paste of identical lines; and two long
    // random sequences over two letters, the worst case for Myers (D close to N, snakes everywhere)
    const ceval = Array.from({ length: 5000 }, (_, i) => (i % 9 === 0 ? '' : `    x = PyInt_FromLong(${i});`))
    const paste = Array.from({ length: size - 5000 }, () => 'x')
    const [two1, two2] = fc.sample(
      fc.tuple(
        fc.array(fc.constantFrom('0', '1'), { minLength: size / 2, maxLength: size / 2 }),
        fc.array(fc.constantFrom('0', '1'), { minLength: size / 2, maxLength: size / 2 }),
      ),
      { numRuns: 1, seed: 253 },
    )[0]!
    const [n1, n2] = normalPair(size)
    for (const [a, b] of [
      [ceval, paste],
      [two1, two2],
    ] as const) {
      const { ratio, subjectMs, baselineMs } = slowdown(
        () => diffSequences(a, b),
        () => diffSequences(n1, n2),
        { runs: 3 },
      )
      // measured about 3-8×; quadratic (the old search) was over 1000× at this size
      expect(ratio, `adversarial ${subjectMs.toFixed(1)} ms vs one-line edit ${baselineMs.toFixed(1)} ms`).toBeLessThan(40)
    }
  })

  it('grows linearly: four times the lines costs about four times as much, not sixteen', () => {
    const paste = (n: number) => Array.from({ length: n }, () => 'x')
    const file = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`)
    const small = slowdown(
      () => diffSequences(file(1250), paste(13750)),
      () => diffSequences(file(5000), paste(55000)),
      { runs: 3 },
    )
    // ratio here is small / large; linear gives about 1/4 (less with the constant budget), quadratic 1/16
    expect(1 / small.ratio, `${small.baselineMs.toFixed(1)} ms at 4n vs ${small.subjectMs.toFixed(1)} ms at n`).toBeLessThan(8)
  })
})
