import { chargeLateDays, daysLate } from '@/lib/policy/late'

import type { AssignmentFact, SubmissionFact } from './types'

export type LateDayCharge = { days: number; charged: number; covered: boolean; remainingAfter: number }

export type LateDayLedger = {
  budget: number
  used: number
  remaining: number
  /** per submission of a BUDGET assignment */
  charges: Map<string, LateDayCharge>
  /** late days charged so far per assignment */
  perAssignment: Map<string, number>
}

/**
 * The course-wide late-day budget, consumed in submission order across every BUDGET-mode assignment. Each late
 * submission is charged when it is made (whatever its score turns out to be), using the lateness recorded then;
 * see chargeLateDays for what one submission costs. Ties in time are broken by id, so the order is stable.
 */
export function lateDayLedger(
  budget: number,
  assignments: readonly Pick<AssignmentFact, 'id' | 'policy'>[],
  submissions: readonly Pick<SubmissionFact, 'id' | 'assignmentId' | 'createdAt' | 'lateSeconds'>[],
): LateDayLedger {
  const budgetAssignments = new Set(assignments.filter((a) => a.policy.mode === 'BUDGET').map((a) => a.id))
  const ordered = submissions
    .filter((s) => budgetAssignments.has(s.assignmentId))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const charges = new Map<string, LateDayCharge>()
  const perAssignment = new Map<string, number>()
  let remaining = Math.max(0, budget)
  for (const s of ordered) {
    const days = daysLate(s.lateSeconds)
    const already = perAssignment.get(s.assignmentId) ?? 0
    const { covered, charged } = chargeLateDays(days, already, remaining)
    remaining -= charged
    if (charged > 0) perAssignment.set(s.assignmentId, days)
    charges.set(s.id, { days, charged, covered, remainingAfter: remaining })
  }
  return { budget: Math.max(0, budget), used: Math.max(0, budget) - remaining, remaining, charges, perAssignment }
}
