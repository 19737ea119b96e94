import { prisma } from '@/lib/db/prisma'
import { enqueueGradingJob } from '@/lib/queue/grading-queue'
import { markEnqueued } from '@/lib/runs/lifecycle'

/**
 * Send a committed QUEUED run to the queue and stamp it. If Redis is unavailable the run simply stays
 * un-stamped; the worker's reconciler enqueues it later, so nothing is lost.
 */
export async function dispatchRun(run: { id: string; submissionId: string; priority: number }): Promise<boolean> {
  try {
    await enqueueGradingJob({ submissionId: run.submissionId, runId: run.id }, run.priority)
    await markEnqueued(prisma, run.id)
    return true
  } catch (error) {
    console.warn(`grading run ${run.id} not enqueued yet (${(error as Error).message}); the reconciler will retry`)
    return false
  }
}
