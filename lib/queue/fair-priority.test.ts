import { describe, expect, it } from 'vitest'

import { BAND_BASE, bandOfPriority, FAIR_SHARE_CAP, fairPriority } from './fair-priority'

describe('fairPriority', () => {
  it("puts a student's first submission ahead of another student's second", () => {
    expect(fairPriority('submission', 0)).toBeLessThan(fairPriority('submission', 1))
    expect(fairPriority('submission', 0)).toBe(BAND_BASE.submission)
  })

  it('pushes runs back by the queued count, up to the cap', () => {
    expect(fairPriority('submission', 19)).toBe(BAND_BASE.submission + 19)
    expect(fairPriority('submission', FAIR_SHARE_CAP)).toBe(BAND_BASE.submission + FAIR_SHARE_CAP)
    expect(fairPriority('submission', 10_000)).toBe(BAND_BASE.submission + FAIR_SHARE_CAP)
  })

  it('keeps bands apart: the most-queued submission still goes before any practice run, and practice before regrades', () => {
    expect(fairPriority('submission', 10_000)).toBeLessThan(fairPriority('practice', 0))
    expect(fairPriority('practice', 10_000)).toBeLessThan(fairPriority('regrade', 0))
  })

  it('treats nonsense counts safely', () => {
    expect(fairPriority('practice', -3)).toBe(BAND_BASE.practice)
    expect(fairPriority('practice', 2.7)).toBe(BAND_BASE.practice + 2)
    expect(fairPriority('practice', Number.NaN)).toBe(BAND_BASE.practice + FAIR_SHARE_CAP)
  })

  it('maps a priority back to its band', () => {
    for (const band of ['submission', 'practice', 'regrade'] as const) {
      expect(bandOfPriority(fairPriority(band, 0))).toBe(band)
      expect(bandOfPriority(fairPriority(band, 10_000))).toBe(band)
    }
  })
})
