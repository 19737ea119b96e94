import { describe, expect, it } from 'vitest'

import { decodeRuns, encodeRuns, equalRuns, mapLine, mapRange } from './line-map'

const lines = (s: string) => s.split('')

describe('equalRuns', () => {
  it('finds the common runs of two versions of a file', () => {
    expect(equalRuns(lines('abcdef'), lines('abcdef'))).toEqual([[1, 1, 6]])
    expect(equalRuns(lines('abcdef'), lines('abXcdef'))).toEqual([
      [1, 1, 2],
      [3, 4, 4],
    ])
    expect(equalRuns(lines('abcdef'), lines('acdf'))).toEqual([
      [1, 1, 1],
      [3, 2, 2],
      [6, 4, 1],
    ])
    expect(equalRuns([], lines('ab'))).toEqual([])
  })

  it('is a longest common subsequence on a larger shuffled input', () => {
    const a = Array.from({ length: 400 }, (_, i) => `line ${i % 37} ${i % 11}`)
    const b = a.filter((_, i) => i % 13 !== 0).flatMap((l, i) => (i % 29 === 0 ? ['inserted', l] : [l]))
    const runs = equalRuns(a, b)
    for (const [oa, ob, n] of runs) for (let i = 0; i < n; i++) expect(a[oa - 1 + i]).toBe(b[ob - 1 + i])
    const matched = runs.reduce((sum, r) => sum + r[2], 0)
    expect(matched).toBeGreaterThanOrEqual(400 - Math.ceil(400 / 13))
  })
})

describe('mapLine', () => {
  // old: a b c d e f ; new: a b X Y c d f (two lines inserted after b, e deleted)
  const runs = equalRuns(lines('abcdef'), lines('abXYcdf'))

  it('maps unchanged lines exactly, on both sides of a change', () => {
    expect(mapLine(runs, 1)).toBe(1)
    expect(mapLine(runs, 3)).toBe(5) // c moved down by two
    expect(mapLine(runs, 4)).toBe(6)
    expect(mapLine(runs, 6)).toBe(7)
  })

  it('maps a deleted line to the place it was, and lines past the end by the last offset', () => {
    expect(mapLine(runs, 5)).toBe(7)
    expect(mapLine(runs, 9)).toBe(10)
  })

  it('maps ranges and keeps them ordered', () => {
    expect(mapRange(runs, { start: 3, end: 6 })).toEqual({ start: 5, end: 7 })
  })

  it('round-trips the committed text form', () => {
    expect(decodeRuns(encodeRuns(runs))).toEqual(runs)
    expect(decodeRuns('')).toEqual([])
  })
})
