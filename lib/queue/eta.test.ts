import { describe, expect, it } from 'vitest'

import { estimateWaitMs, etaMinutes, median } from './eta'

describe('queue ETA', () => {
  it('takes the median of measured grading times', () => {
    expect(median([])).toBeNull()
    expect(median([30_000, 10_000, 20_000])).toBe(20_000)
    expect(median([10_000, 20_000, 30_000, 40_000])).toBe(25_000)
    expect(median([Number.NaN, -5, 8_000])).toBe(8_000)
  })

  it('grades the runs ahead slots at a time, then this run', () => {
    expect(estimateWaitMs(0, 20_000, 2)).toBe(20_000)
    expect(estimateWaitMs(1, 20_000, 2)).toBe(20_000)
    expect(estimateWaitMs(2, 20_000, 2)).toBe(40_000)
    expect(estimateWaitMs(9, 20_000, 1)).toBe(200_000)
  })

  it('gives no estimate without measurements or without a worker', () => {
    expect(estimateWaitMs(3, null, 2)).toBeNull()
    expect(estimateWaitMs(3, 20_000, 0)).toBeNull()
  })

  it('rounds to whole minutes, at least one', () => {
    expect(etaMinutes(5_000)).toBe(1)
    expect(etaMinutes(200_000)).toBe(3)
  })
})
