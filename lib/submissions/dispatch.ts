import { prisma } from '@/lib/db/prisma'
import type { PrismaClient } from '@/lib/db/prisma'
import { FAIR_SHARE_CAP, fairPriority } from '@/lib/queue/fair-priority'
import { bandOf, enqueueGradingJob } from '@/lib/queue/grading-queue'
import { markEnqueued } from '@/lib/runs/lifecycle'

/**
 * How many of the run's student's other QUEUED runs were created before it, counting at most FAIR_SHARE_CAP
 * (the LIMIT bounds the work however many a student has queued). Uses Submission(userId …) and
 * GradingRun(submissionId, createdAt).
 */
export async function queuedAheadForStudent(db: PrismaClient, runId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM (
      SELECT 1 FROM "GradingRun" me
      JOIN "Submission" mine ON mine.id = me."submissionId"
      JOIN "Submission" s ON s."userId" = mine."userId"
      JOIN "GradingRun" r ON r."submissionId" = s.id
      WHERE me.id = ${runId} AND r.status = 'QUEUED' AND r.id <> me.id
        AND (r."createdAt" < me."createdAt" OR (r."createdAt" = me."createdAt" AND r.id < me.id))
      LIMIT ${FAIR_SHARE_CAP}
    ) ahead`
  return Number(rows[0]?.n ?? 0)
}

/** The BullMQ priority of a run now: its band plus its student's queued runs ahead of it. */
export async function bullPriorityForRun(db: PrismaClient, run: { id: string; priority: number }): Promise<number> {
  return fairPriority(bandOf(run.priority), await queuedAheadForStudent(db, run.id))
}

/**
 * Send a committed QUEUED run to its lane and stamp it. If Redis is unavailable the run simply stays
 * un-stamped; the worker's reconciler enqueues it later, so nothing is lost.
 */
export async function dispatchRun(run: { id: string; submissionId: string; priority: number }): Promise<boolean> {
  try {
    const bullPriority = await bullPriorityForRun(prisma, run)
    await enqueueGradingJob({ submissionId: run.submissionId, runId: run.id }, run.priority, bullPriority)
    // a re-enqueue of a run whose job was already there keeps the job's first priority: so does its position
    await prisma.gradingRun.updateMany({ where: { id: run.id, OR: [{ queuePriority: null }, { enqueuedAt: null }] }, data: { queuePriority: bullPriority } })
    await markEnqueued(prisma, run.id)
    return true
  } catch (error) {
    console.warn(`grading run ${run.id} not enqueued yet (${(error as Error).message}); the reconciler will retry`)
    return false
  }
}
