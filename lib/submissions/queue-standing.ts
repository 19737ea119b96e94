import type { Redis } from 'ioredis'

import { readEnv } from '@/lib/config/env'
import type { PrismaClient } from '@/lib/db/prisma'
import { estimateWaitMs } from '@/lib/queue/eta'
import { fairPriority } from '@/lib/queue/fair-priority'
import { bandOf, laneOf } from '@/lib/queue/grading-queue'
import { liveWorkers } from '@/lib/queue/heartbeat'

/** How many recent finished runs of the assignment the grading-time median is taken over. */
export const RECENT_RUNS_FOR_MEDIAN = 50

export type QueueStanding = {
  /** 1 = next */
  position: number
  /** milliseconds until the result, or null without measurements or live workers */
  etaMs: number | null
}

/** The median wall time (startedAt → finishedAt, ms) of the assignment's last RECENT_RUNS_FOR_MEDIAN finished runs. */
export async function medianGradingMs(db: PrismaClient, assignmentId: string): Promise<number | null> {
  const rows = await db.$queryRaw<{ ms: number | null }[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::float8 AS ms FROM (
      SELECT EXTRACT(EPOCH FROM (r."finishedAt" - r."startedAt")) * 1000 AS ms
      FROM "GradingRun" r JOIN "Submission" s ON s.id = r."submissionId"
      WHERE s."assignmentId" = ${assignmentId} AND r.status = 'DONE' AND r."startedAt" IS NOT NULL AND r."finishedAt" IS NOT NULL
      ORDER BY r."finishedAt" DESC
      LIMIT ${RECENT_RUNS_FOR_MEDIAN}
    ) recent`
  const ms = rows[0]?.ms
  return ms === null || ms === undefined ? null : Number(ms)
}

/** Grading slots of the workers alive for the run's lane: the live lane's concurrency, or the regrade cap. */
export async function liveSlots(redis: Redis, storedPriority: number): Promise<number> {
  const workers = await liveWorkers(redis)
  if (laneOf(storedPriority) === 'regrade') return Math.min(readEnv().REGRADE_CONCURRENCY, workers.length)
  return workers.reduce((sum, w) => sum + Math.max(0, w.concurrency || 0), 0)
}

/**
 * A QUEUED run's place: the queued runs at a better queue priority, or the same one and created earlier, are
 * ahead of it (the order BullMQ takes them in; counted on GradingRun(status, queuePriority, createdAt)); its ETA
 * grades those at the live workers' slots, at the assignment's median grading time. Redis unavailable: no ETA.
 */
export async function queueStanding(
  db: PrismaClient,
  redis: Redis,
  run: { id: string; priority: number; queuePriority: number | null; createdAt: Date },
  assignmentId: string,
): Promise<QueueStanding> {
  const mine = run.queuePriority ?? fairPriority(bandOf(run.priority), 0)
  const [ahead, medianMs, slots] = await Promise.all([
    db.gradingRun.count({
      where: { status: 'QUEUED', id: { not: run.id }, OR: [{ queuePriority: { lt: mine } }, { queuePriority: mine, createdAt: { lt: run.createdAt } }] },
    }),
    medianGradingMs(db, assignmentId),
    // a page must not hang on Redis: no answer within a second means no ETA
    Promise.race([liveSlots(redis, run.priority), new Promise<number>((r) => setTimeout(() => r(0), 1_000).unref?.())]).catch(() => 0),
  ])
  return { position: ahead + 1, etaMs: estimateWaitMs(ahead, medianMs, slots) }
}
