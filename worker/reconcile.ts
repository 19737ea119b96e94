import type { PrismaClient } from '@/lib/db/prisma'
import { queueForRun } from '@/lib/queue/grading-queue'
import { expiredRuns, markEnqueued, queuedRuns, reclaimExpired } from '@/lib/runs/lifecycle'
import { dispatchRun } from '@/lib/submissions/dispatch'

/**
 * Make sure every run that should be in the queue is: a run committed but never enqueued (the web app crashed,
 * or Redis was down, between commit and enqueue), a run whose worker died holding it (its lease passed), and a
 * run whose job vanished from Redis (Redis restarted without persistence). Enqueueing is idempotent: the job id
 * is the run id. Each run is looked for in its own lane (live or regrade, by its stored priority).
 */
export async function reconcileRuns(prisma: PrismaClient, now = new Date()): Promise<{ enqueued: number; reclaimed: number }> {
  let reclaimed = 0
  const expired = await expiredRuns(prisma, now)
  for (const run of expired) {
    const job = await queueForRun(run.priority).getJob(run.id)
    const state = job ? await job.getState() : 'missing'
    // an active job whose worker is alive renews the lease; one past its lease belongs to a dead worker. BullMQ's
    // stalled-job check also moves it back; either way it must not stay RUNNING with nobody working on it.
    if (state === 'active') continue
    if (await reclaimExpired(prisma, run.id, now)) reclaimed++
  }

  let enqueued = 0
  const waiting = await queuedRuns(prisma)
  for (const run of waiting) {
    const job = await queueForRun(run.priority).getJob(run.id)
    const state = job ? await job.getState() : 'missing'
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'active' || state === 'waiting-children') {
      if (!run.enqueuedAt) await markEnqueued(prisma, run.id)
      continue
    }
    // completed or failed jobs keep their id in Redis for a while; remove them so the run can be queued again
    if (job && (state === 'completed' || state === 'failed')) await job.remove().catch(() => {})
    if (await dispatchRun(run)) enqueued++
  }
  return { enqueued, reclaimed }
}
