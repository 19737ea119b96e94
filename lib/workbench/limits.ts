import { prisma } from '@/lib/db/prisma'
import { assignmentStanding, submissionBlockedReason } from '@/lib/homework/standing'
import { PRACTICE_RUNS_PER_HOUR } from '@/lib/submissions/create'

export type WorkbenchLimits = {
  deadline: string
  /** why "Submit" cannot be used now, or null (the server checks again when it is pressed) */
  submitBlocked: string | null
  submissionsUsed: number
  maxSubmissions: number | null
  practiceRunsLastHour: number
  practiceRunsPerHour: number
}

/** What the workbench's buttons should say about limits, with the same rules as the intake (lib/submissions/create). */
export async function workbenchLimits(userId: string, assignmentId: string, now = new Date()): Promise<WorkbenchLimits> {
  const [standing, practice] = await Promise.all([
    assignmentStanding(userId, assignmentId, now),
    prisma.submission.count({ where: { userId, assignmentId, kind: 'PRACTICE', createdAt: { gt: new Date(now.getTime() - 3600_000) } } }),
  ])
  const submitBlocked = submissionBlockedReason(standing)
  return {
    deadline: standing.deadline.toISOString(),
    submitBlocked,
    submissionsUsed: standing.used,
    maxSubmissions: standing.maxSubmissions,
    practiceRunsLastHour: practice,
    practiceRunsPerHour: PRACTICE_RUNS_PER_HOUR,
  }
}
