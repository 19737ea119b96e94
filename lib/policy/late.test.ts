import { describe, expect, it } from 'vitest'

import {
  scaleTestPoints,
  applyLatePolicy,
  chargeLateDays,
  countedSubmission,
  daysLate,
  deadlineFor,
  lateSeconds,
  percentOf,
  roundScore,
  submissionsClosed,
  weightedPercent,
  type LatePolicy,
} from './late'

const penalty: LatePolicy = { mode: 'PENALTY', penaltyPerDay: 10, maxPenalty: 50, cutoffDays: 7 }

describe('lateness', () => {
  const due = new Date('2026-10-15T23:59:00-04:00')
  it('is on time exactly at the deadline and one day late one second after it', () => {
    expect(lateSeconds(due, due)).toBe(0)
    expect(daysLate(lateSeconds(due, due))).toBe(0)
    const oneSecondLate = new Date(due.getTime() + 1000)
    expect(daysLate(lateSeconds(oneSecondLate, due))).toBe(1)
  })
  it('counts started 24-hour periods', () => {
    expect(daysLate(24 * 3600)).toBe(1)
    expect(daysLate(24 * 3600 + 1)).toBe(2)
  })
  it('counts elapsed hours across a daylight-saving change, not calendar days', () => {
    // US clocks go back on 2026-11-01 at 02:00 EDT; a deadline the day before
    const dstDue = new Date('2026-10-31T12:00:00-04:00')
    // 24 elapsed hours later is 11:00 EST on Nov 1: exactly one day, so still one day late (not two)
    const exactlyADay = new Date('2026-11-01T11:00:00-05:00')
    expect(lateSeconds(exactlyADay, dstDue)).toBe(24 * 3600)
    expect(daysLate(lateSeconds(exactlyADay, dstDue))).toBe(1)
    // 12:00 EST on Nov 1 looks like "one calendar day" but is 25 hours: two started days
    expect(daysLate(lateSeconds(new Date('2026-11-01T12:00:00-05:00'), dstDue))).toBe(2)
  })
  it('uses the extension even when it is shorter than the original deadline', () => {
    const shorter = new Date('2026-10-14T23:59:00-04:00')
    expect(deadlineFor(due, shorter)).toEqual(shorter)
    expect(daysLate(lateSeconds(due, deadlineFor(due, shorter)))).toBe(1)
    expect(deadlineFor(due, null)).toEqual(due)
  })
  it('closes submissions after the cutoff and never when there is none', () => {
    expect(submissionsClosed(new Date(due.getTime() + 7 * 86400_000), due, penalty)).toBe(false)
    expect(submissionsClosed(new Date(due.getTime() + 7 * 86400_000 + 1), due, penalty)).toBe(true)
    expect(submissionsClosed(new Date(due.getTime() + 365 * 86400_000), due, { ...penalty, cutoffDays: null })).toBe(false)
  })
})

describe('applyLatePolicy', () => {
  it('takes nothing from an on-time submission', () => {
    expect(applyLatePolicy(87.5, 0, penalty)).toMatchObject({ final: 87.5, penaltyPercent: 0, daysLate: 0 })
  })
  it('takes the penalty per started day and caps it', () => {
    expect(applyLatePolicy(80, 1, penalty)).toMatchObject({ final: 72, penaltyPercent: 10, daysLate: 1 })
    expect(applyLatePolicy(80, 3 * 86400, penalty)).toMatchObject({ final: 56, penaltyPercent: 30 })
    expect(applyLatePolicy(80, 20 * 86400, penalty)).toMatchObject({ final: 40, penaltyPercent: 50 })
  })
  it('rounds to hundredths once', () => {
    expect(applyLatePolicy(33.33, 1, { ...penalty, penaltyPerDay: 7 })).toMatchObject({ penaltyPoints: 2.33, final: 31 })
    expect(roundScore(0.1 + 0.2)).toBe(0.3)
  })
  it('charges late days against a budget and scores 0 beyond it', () => {
    const budget: LatePolicy = { mode: 'BUDGET', penaltyPerDay: 0, maxPenalty: 0, cutoffDays: null }
    expect(applyLatePolicy(90, 2 * 86400, budget, 2)).toMatchObject({ final: 90, lateDaysCharged: 2 })
    expect(applyLatePolicy(90, 2 * 86400 + 1, budget, 2)).toMatchObject({ final: 0, lateDaysCharged: 0, daysLate: 3 })
  })
  it('ignores lateness with mode NONE', () => {
    expect(applyLatePolicy(50, 10 * 86400, { ...penalty, mode: 'NONE' }).final).toBe(50)
  })
})

describe('countedSubmission', () => {
  const subs = [
    { id: 'a', score: 60, createdAt: new Date('2026-10-01T10:00:00Z') },
    { id: 'b', score: 90, createdAt: new Date('2026-10-02T10:00:00Z') },
    { id: 'c', score: 90, createdAt: new Date('2026-10-03T10:00:00Z') },
    { id: 'd', score: 70, createdAt: new Date('2026-10-04T10:00:00Z') },
    { id: 'e', score: null, createdAt: new Date('2026-10-05T10:00:00Z') },
  ]
  it('best: the highest score, earliest among equals; ungraded ones never count', () => {
    expect(countedSubmission(subs, 'BEST')?.id).toBe('b')
  })
  it('latest: the newest graded submission', () => {
    expect(countedSubmission(subs, 'LATEST')?.id).toBe('d')
  })
  it('none when nothing is graded', () => {
    expect(countedSubmission([{ id: 'x', score: null, createdAt: new Date() }], 'BEST')).toBeNull()
  })
})

describe('chargeLateDays (late-day budget)', () => {
  it('charges the days late when the budget covers them, exactly to the last day', () => {
    expect(chargeLateDays(2, 0, 5)).toEqual({ covered: true, charged: 2 })
    expect(chargeLateDays(5, 0, 5)).toEqual({ covered: true, charged: 5 })
    expect(chargeLateDays(6, 0, 5)).toEqual({ covered: false, charged: 0 })
  })
  it('charges only the extra days for a later submission to the same assignment', () => {
    expect(chargeLateDays(3, 2, 1)).toEqual({ covered: true, charged: 1 })
    expect(chargeLateDays(2, 3, 0)).toEqual({ covered: true, charged: 0 })
    expect(chargeLateDays(4, 2, 1)).toEqual({ covered: false, charged: 0 })
  })
  it('costs nothing on time', () => {
    expect(chargeLateDays(0, 0, 0)).toEqual({ covered: true, charged: 0 })
  })
})

describe('weightedPercent', () => {
  it('normalises the weights over the categories with something graded', () => {
    expect(
      weightedPercent([
        { earned: 80, possible: 100, weight: 0.8 },
        { earned: 5, possible: 10, weight: 0.2 },
      ]),
    ).toBe(74)
    expect(
      weightedPercent([
        { earned: 80, possible: 100, weight: 0.8 },
        { earned: 0, possible: 0, weight: 0.2 },
      ]),
    ).toBe(80)
    expect(
      weightedPercent([
        { earned: 1, possible: 3, weight: 2 },
        { earned: 2, possible: 3, weight: 1 },
      ]),
    ).toBe(44.44)
    expect(weightedPercent([{ earned: 0, possible: 0, weight: 1 }])).toBeNull()
  })
  it('percentOf rounds to hundredths and is null with nothing possible', () => {
    expect(percentOf(2, 3)).toBe(66.67)
    expect(percentOf(0, 0)).toBeNull()
  })
})

describe('scaleTestPoints', () => {
  it('keeps points when the tests add up to the maximum, scales them to the cent otherwise, and gives 0 with no test points', () => {
    expect(scaleTestPoints(7, 10, 10)).toBe(7)
    expect(scaleTestPoints(1, 3, 100)).toBe(33.33)
    expect(scaleTestPoints(2, 3, 10)).toBe(6.67)
    expect(scaleTestPoints(0, 0, 10)).toBe(0)
  })
})
