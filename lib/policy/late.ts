// Deadlines, lateness, the late penalty and test points on an assignment's scale: the one place score arithmetic
// happens, never in two. All functions are pure.
import type { LatePolicyMode, ScoreSelection } from '@/lib/db/prisma'

export const DAY_SECONDS = 24 * 3600

export type LatePolicy = {
  mode: LatePolicyMode
  /** percent lost per started day late (PENALTY) */
  penaltyPerDay: number
  /** the most the penalty can take, in percent (PENALTY) */
  maxPenalty: number
  /** no submission is accepted this many days after the deadline in force; null = never closes */
  cutoffDays: number | null
}

/** Scores are kept to hundredths of a point; rounding happens here and nowhere else. */
export function roundScore(points: number): number {
  return Math.round((points + Number.EPSILON) * 100) / 100
}

/**
 * The deadline in force for one student: the assignment's, or the student's extension. An extension is an
 * absolute date that replaces the deadline, even when it is earlier (an instructor may shorten one on purpose).
 */
export function deadlineFor(dueAt: Date, extensionDueAt?: Date | null): Date {
  return extensionDueAt ?? dueAt
}

/** Seconds past the deadline (0 when on time). Exactly at the deadline is on time. */
export function lateSeconds(submittedAt: Date, deadline: Date): number {
  return Math.max(0, Math.floor((submittedAt.getTime() - deadline.getTime()) / 1000))
}

/**
 * Days late, counting every started 24-hour period: one second late is one day. Days are elapsed time, not
 * calendar days, so a daylight-saving change cannot make a day 23 or 25 hours long.
 */
export function daysLate(lateSecs: number): number {
  return lateSecs <= 0 ? 0 : Math.ceil(lateSecs / DAY_SECONDS)
}

/** Whether submissions are closed for this student at `now`. */
export function submissionsClosed(now: Date, deadline: Date, policy: Pick<LatePolicy, 'cutoffDays' | 'mode'>): boolean {
  if (policy.cutoffDays === null) return false
  return now.getTime() > deadline.getTime() + policy.cutoffDays * DAY_SECONDS * 1000
}

export type LateAdjustment = { raw: number; penaltyPercent: number; penaltyPoints: number; final: number; daysLate: number; lateDaysCharged: number }

/**
 * Apply the late policy to a raw score. PENALTY takes `penaltyPerDay` percent per started day, capped at
 * `maxPenalty`. BUDGET charges late days against the student's remaining budget: within budget no points are
 * lost; days beyond it score 0. NONE ignores lateness.
 */
export function applyLatePolicy(raw: number, lateSecs: number, policy: LatePolicy, remainingBudgetDays = 0): LateAdjustment {
  const days = daysLate(lateSecs)
  if (days === 0 || policy.mode === 'NONE') return { raw, penaltyPercent: 0, penaltyPoints: 0, final: roundScore(raw), daysLate: days, lateDaysCharged: 0 }
  if (policy.mode === 'BUDGET') {
    if (days <= remainingBudgetDays) return { raw, penaltyPercent: 0, penaltyPoints: 0, final: roundScore(raw), daysLate: days, lateDaysCharged: days }
    return { raw, penaltyPercent: 100, penaltyPoints: roundScore(raw), final: 0, daysLate: days, lateDaysCharged: 0 }
  }
  const penaltyPercent = Math.min(policy.maxPenalty, days * policy.penaltyPerDay)
  const penaltyPoints = roundScore((raw * penaltyPercent) / 100)
  return { raw, penaltyPercent, penaltyPoints, final: roundScore(raw - penaltyPoints), daysLate: days, lateDaysCharged: 0 }
}

/**
 * BUDGET mode: whether the course-wide late-day budget covers a submission `days` late, and how many more days it
 * takes from the budget. Days already charged to the same assignment by an earlier late submission are not charged
 * again: a second submission 3 days late after one 2 days late costs 1 more day, not 3. A submission the budget
 * cannot cover takes nothing from it (it scores 0 instead, see applyLatePolicy).
 */
export function chargeLateDays(days: number, alreadyChargedHere: number, remainingBudget: number): { covered: boolean; charged: number } {
  if (days <= alreadyChargedHere) return { covered: true, charged: 0 }
  const needed = days - alreadyChargedHere
  if (needed <= remainingBudget) return { covered: true, charged: needed }
  return { covered: false, charged: 0 }
}

/**
 * A category's share of the course total: categories are weighted by `weight` (weights need not sum to 1; they are
 * normalised over the categories that have anything to grade yet). Returns a percentage, or null with nothing graded.
 */
export function weightedPercent(categories: readonly { earned: number; possible: number; weight: number }[]): number | null {
  const counted = categories.filter((c) => c.possible > 0 && c.weight > 0)
  const weights = counted.reduce((n, c) => n + c.weight, 0)
  if (weights === 0) return null
  return roundScore(counted.reduce((n, c) => n + (c.weight * (100 * c.earned)) / c.possible, 0) / weights)
}

/** earned / possible as a percentage to hundredths, or null when nothing is possible yet. */
export function percentOf(earned: number, possible: number): number | null {
  return possible > 0 ? roundScore((100 * earned) / possible) : null
}

export type CountedSubmission<T> = T & { score: number | null; createdAt: Date }

/** The submission that counts: the best score (earliest among equals) or the latest graded one. */
export function countedSubmission<T>(subs: CountedSubmission<T>[], selection: ScoreSelection): CountedSubmission<T> | null {
  const graded = subs.filter((s) => s.score !== null)
  if (graded.length === 0) return null
  if (selection === 'LATEST') return graded.reduce((a, b) => (b.createdAt > a.createdAt ? b : a))
  return graded.reduce((a, b) => ((b.score ?? 0) > (a.score ?? 0) || ((b.score ?? 0) === (a.score ?? 0) && b.createdAt < a.createdAt) ? b : a))
}

/** Earned test points on the assignment's scale (a manifest's `points` may differ from the sum of its tests'), to the cent. */
export function scaleTestPoints(earned: number, testPoints: number, maxScore: number): number {
  if (testPoints === 0) return 0
  if (testPoints === maxScore) return earned
  return Math.round((earned / testPoints) * maxScore * 100) / 100
}
