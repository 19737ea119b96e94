import { describe, expect, it } from 'vitest'

import { queueHistory } from './history'

const T = Date.UTC(2026, 11, 7, 10, 0)
const min = (m: number) => new Date(T + m * 60_000)

describe('queueHistory', () => {
  it('counts the runs waiting at each bucket end and the median wait of the runs started in it', () => {
    const runs = [
      { createdAt: min(1), startedAt: min(3), finishedAt: min(4) }, // waited 2 min, gone before 10:10
      { createdAt: min(5), startedAt: min(15), finishedAt: min(16) }, // waiting at 10:10, started in the second bucket
      { createdAt: min(8), startedAt: min(19), finishedAt: min(20) }, // waiting at 10:10, started in the second bucket
      { createdAt: min(12), startedAt: null, finishedAt: null }, // still queued
      { createdAt: min(2), startedAt: null, finishedAt: min(6) }, // failed before starting: waited until then
    ]
    const h = queueHistory(runs, min(0), min(25))
    expect(h.map((b) => b.at)).toEqual([min(0), min(10), min(20)])
    expect(h.map((b) => b.depth)).toEqual([2, 1, 1])
    expect(h.map((b) => b.medianWaitMs)).toEqual([2 * 60_000, 10.5 * 60_000, null])
  })

  it('has one empty bucket without runs', () => {
    expect(queueHistory([], min(0), min(1))).toEqual([{ at: min(0), depth: 0, medianWaitMs: null }])
  })
})
