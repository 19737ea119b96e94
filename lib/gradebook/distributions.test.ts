import { describe, expect, it } from 'vitest'

import { scoreDistribution, submissionTimeline, watchDropOff } from './distributions'

describe('scoreDistribution', () => {
  it('puts scores in ten ranges of the maximum, the top one including it', () => {
    const bins = scoreDistribution([0, 9, 10, 55, 99.5, 100, 100], 100)
    expect(bins.map((b) => b.label)).toEqual(['0–9', '10–19', '20–29', '30–39', '40–49', '50–59', '60–69', '70–79', '80–89', '90–100'])
    expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 3])
  })
})

describe('submissionTimeline', () => {
  const due = new Date('2026-12-10T04:59:00Z')
  const at = (hours: number) => new Date(due.getTime() + hours * 3600_000)
  it('counts submissions per day around the deadline', () => {
    const bins = submissionTimeline([at(-1), at(-23), at(-25), at(0), at(2), at(30), at(-500), at(500)], due, 2, 2)
    expect(bins).toEqual([
      { label: '3d before', count: 1 }, // −500 h lands in the first bar
      { label: '2d before', count: 1 }, // −25 h
      { label: 'last day', count: 3 }, // −1 h, −23 h and the deadline itself
      { label: '1d late', count: 1 },
      { label: '2d late', count: 2 }, // 30 h, and +500 h in the last bar
    ])
  })
})

describe('watchDropOff', () => {
  it('counts students by the tenth of the lecture they got to', () => {
    const bins = watchDropOff([0, 59, 61, 300, 599, 600, 900], 600)
    expect(bins[0]).toEqual({ label: '0–10%', count: 2 })
    expect(bins[1]).toEqual({ label: '10–20%', count: 1 })
    expect(bins[5].count).toBe(1)
    expect(bins[9]).toEqual({ label: '90–100%', count: 3 })
    expect(watchDropOff([10], 0).every((b) => b.count === 0)).toBe(true)
  })
})
