import { describe, expect, it } from 'vitest'

import { bucketLabel, HISTOGRAM_BUCKETS, scoreHistogram } from './histogram'

describe('scoreHistogram', () => {
  it('puts each score in its 0.05 bucket, 1 in the last, and skips what is not a number', () => {
    const h = scoreHistogram([0, 0.049, 0.05, 0.5, 0.99, 1, Number.NaN])
    expect(h).toHaveLength(HISTOGRAM_BUCKETS)
    expect(h[0]).toBe(2)
    expect(h[1]).toBe(1)
    expect(h[10]).toBe(1)
    expect(h[19]).toBe(2)
    expect(h.reduce((a, b) => a + b, 0)).toBe(6)
    expect(bucketLabel(7)).toBe('0.35–0.40')
  })
})
