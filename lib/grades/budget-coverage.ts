import { prisma } from '@/lib/db/prisma'

import { loadCourseSettings } from './course-settings'
import { lateDayLedger, type LateDayCharge } from './late-days'

/**
 * What the late-day budget did for one submission of a BUDGET-mode assignment (covered or not, days charged), from
 * the student's submissions to every budget assignment in order; null for other policies. Lets a page that shows
 * one submission apply the policy exactly as the gradebook does.
 */
export async function budgetCoverage(userId: string, submissionId: string): Promise<LateDayCharge | null> {
  const [settings, assignments] = await Promise.all([
    loadCourseSettings(),
    prisma.assignment.findMany({ where: { latePolicy: 'BUDGET', published: true }, select: { id: true } }),
  ])
  if (assignments.length === 0) return null
  const subs = await prisma.submission.findMany({
    where: { userId, kind: 'GRADED', assignmentId: { in: assignments.map((a) => a.id) } },
    select: { id: true, assignmentId: true, createdAt: true, lateSeconds: true },
  })
  const policyOf = (assignments as { id: string }[]).map((a) => ({
    id: a.id,
    policy: { mode: 'BUDGET' as const, penaltyPerDay: 0, maxPenalty: 0, cutoffDays: null },
  }))
  return lateDayLedger(settings.lateDayBudget, policyOf, subs).charges.get(submissionId) ?? null
}
