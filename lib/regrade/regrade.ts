import { prisma } from '@/lib/db/prisma'
import { gradeStudent } from '@/lib/grades/compute'
import { loadCourseFacts, loadStudentFacts } from '@/lib/grades/load'
import { AppError, notFound } from '@/lib/http/errors'
import { PRIORITY } from '@/lib/queue/grading-queue'
import { createRegradeRuns } from '@/lib/runs/lifecycle'
import { dispatchRun } from '@/lib/submissions/dispatch'

export type RegradeResult = {
  /** submissions given a new REGRADE run */
  queued: number
  /** submissions skipped because a run of theirs is already queued or running */
  alreadyQueued: number
  /** runs handed to the queue now (the rest are picked up by the worker's reconciler) */
  enqueued: number
  runIds: string[]
}

/**
 * Add a REGRADE run to each submission, in one transaction, then enqueue each new run once after commit at the
 * regrade priority (behind fresh submissions). Earlier runs stay as history; the worker makes the new run current
 * when it finishes. A submission whose run is already queued or running is skipped, and concurrent calls for the
 * same assignment are serialised with an advisory lock, so pressing the button twice queues nothing twice.
 */
async function queueRegrades(submissionIds: string[], lockKey: string, requestedById: string): Promise<RegradeResult> {
  const { runs, alreadyQueued } = await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`regrade:${lockKey}`}))`
      return createRegradeRuns(tx, submissionIds, requestedById, PRIORITY.regrade, new Date())
    },
    { timeout: 60_000 },
  )
  let enqueued = 0
  // a bounded number at a time: a few hundred runs should not open a few hundred Redis round trips at once
  for (let i = 0; i < runs.length; i += 20) {
    const results = await Promise.all(runs.slice(i, i + 20).map((run) => dispatchRun(run)))
    enqueued += results.filter(Boolean).length
  }
  return { queued: runs.length, alreadyQueued, enqueued, runIds: runs.map((r) => r.id) }
}

/** Regrade one submission (e.g. after an infrastructure error, or a student's question). */
export async function regradeSubmission(submissionId: string, requestedById: string): Promise<RegradeResult> {
  const sub = await prisma.submission.findUnique({ where: { id: submissionId }, select: { id: true, assignmentId: true } })
  if (!sub) throw notFound('That submission')
  const result = await queueRegrades([sub.id], sub.assignmentId, requestedById)
  if (result.queued === 0) throw new AppError(409, 'already_queued', 'This submission is already queued or being graded; wait for that run to finish.')
  return result
}

/**
 * The submissions a regrade-all of an assignment covers: each student's counted submission (best or latest, as the
 * gradebook counts it) and, for a student with nothing graded yet (every run errored), their latest submission,
 * which would count once graded.
 */
export async function countedSubmissionIds(assignmentId: string, now = new Date()): Promise<string[]> {
  const [course, facts] = await Promise.all([loadCourseFacts(), loadStudentFacts()])
  const index = course.assignments.findIndex((a) => a.id === assignmentId)
  if (index < 0) throw notFound('That assignment')
  const ids: string[] = []
  for (const studentFacts of facts.values()) {
    if (!studentFacts.submissions.some((s) => s.assignmentId === assignmentId)) continue
    const g = gradeStudent(course, studentFacts, now).assignments[index]!
    const pick = g.counted ?? g.submissions[0]
    if (pick) ids.push(pick.id)
  }
  return ids
}

/** Regrade every counted submission of an assignment, e.g. after its tests changed. */
export async function regradeAssignment(slug: string, requestedById: string, now = new Date()): Promise<RegradeResult & { considered: number }> {
  const assignment = await prisma.assignment.findUnique({ where: { slug }, select: { id: true } })
  if (!assignment) throw notFound('That assignment')
  const ids = await countedSubmissionIds(assignment.id, now)
  if (ids.length === 0) return { queued: 0, alreadyQueued: 0, enqueued: 0, runIds: [], considered: 0 }
  return { ...(await queueRegrades(ids, assignment.id, requestedById)), considered: ids.length }
}
