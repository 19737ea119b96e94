import type { Redis } from 'ioredis'

import { readEnv } from '@/lib/config/env'
import type { PrismaClient } from '@/lib/db/prisma'
import { type GradingLane, gradingQueue, PRIORITY, regradeQueue } from '@/lib/queue/grading-queue'
import { liveWorkers } from '@/lib/queue/heartbeat'

import { type HistoryBucket, queueHistory } from './history'

/** The history the page charts, and how many runs it reads at most (a hostile burst must not make the page slow). */
export const HISTORY_HOURS = 6
export const HISTORY_MAX_RUNS = 20_000

export type LaneStatus = {
  lane: GradingLane
  /** QUEUED runs of the lane in PostgreSQL */
  queued: number
  /** the lane's jobs in BullMQ (waiting, prioritized, delayed), null when Redis did not answer */
  jobsWaiting: number | null
  jobsActive: number | null
  /** the oldest QUEUED run's wait so far (ms), null when none waits */
  oldestWaitMs: number | null
  /** runs at once the lane allows deployment-wide (null: the workers' own concurrency) */
  cap: number | null
}

export type OperationsOverview = {
  at: Date
  lanes: LaneStatus[]
  workers: { workerId: string; host: string; running: number; concurrency: number; at: string }[]
  history: HistoryBucket[]
}

const regradeBand = { gte: PRIORITY.regrade }
const liveBand = { lt: PRIORITY.regrade }

async function laneStatus(prisma: PrismaClient, lane: GradingLane, now: Date): Promise<LaneStatus> {
  const priority = lane === 'regrade' ? regradeBand : liveBand
  const queue = lane === 'regrade' ? regradeQueue() : gradingQueue()
  const [queued, oldest, counts] = await Promise.all([
    prisma.gradingRun.count({ where: { status: 'QUEUED', priority } }),
    prisma.gradingRun.findFirst({ where: { status: 'QUEUED', priority }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
    withTimeout(queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active')).catch(() => null),
  ])
  return {
    lane,
    queued,
    jobsWaiting: counts ? (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0) : null,
    jobsActive: counts ? (counts.active ?? 0) : null,
    oldestWaitMs: oldest ? Math.max(0, now.getTime() - oldest.createdAt.getTime()) : null,
    cap: lane === 'regrade' ? readEnv().REGRADE_CONCURRENCY : null,
  }
}

function withTimeout<T>(p: Promise<T>, ms = 2_000): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref?.())])
}

/** What the operations page shows: each lane's depth and oldest wait, the workers alive, the last hours. */
export async function operationsOverview(prisma: PrismaClient, redis: Redis, now = new Date()): Promise<OperationsOverview> {
  const since = new Date(now.getTime() - HISTORY_HOURS * 3600_000)
  const [live, regrade, beats, runs] = await Promise.all([
    laneStatus(prisma, 'live', now),
    laneStatus(prisma, 'regrade', now),
    withTimeout(liveWorkers(redis)).catch(() => []),
    // the runs that were waiting at some point of the window: created in it, or still queued from before
    prisma.gradingRun.findMany({
      where: { OR: [{ createdAt: { gte: since, lte: now } }, { status: 'QUEUED', createdAt: { lt: since } }] },
      select: { createdAt: true, startedAt: true, finishedAt: true },
      orderBy: { createdAt: 'desc' },
      take: HISTORY_MAX_RUNS,
    }),
  ])
  return {
    at: now,
    lanes: [live, regrade],
    workers: beats
      .map((w) => ({ workerId: w.workerId, host: w.engine ?? w.workerId, running: w.running, concurrency: w.concurrency, at: w.at }))
      .sort((a, b) => a.host.localeCompare(b.host) || a.workerId.localeCompare(b.workerId)),
    history: queueHistory(runs, since, now),
  }
}
