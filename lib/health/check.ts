import type { Redis } from 'ioredis'

import type { PrismaClient } from '@/lib/db/prisma'
import type { Queue } from 'bullmq'

import { gradingQueue, regradeQueue } from '@/lib/queue/grading-queue'
import { liveWorkers, type WorkerBeat } from '@/lib/queue/heartbeat'

type Probe<T = undefined> = { ok: boolean; latencyMs: number; error?: string } & (T extends undefined ? object : T)

export type HealthReport = {
  status: 'ok' | 'degraded' | 'down'
  checkedAt: string
  database: Probe
  redis: Probe
  workers: { ok: boolean; count: number; workers: WorkerBeat[] }
  /** the live lane (submissions and practice runs) */
  queue: QueueCounts
  /** the regrade lane, with its own concurrency cap: its backlog never holds back the live lane */
  regrades: QueueCounts
}

type QueueCounts = { ok: boolean; waiting?: number; active?: number; delayed?: number; failed?: number; prioritized?: number; error?: string }

async function queueCounts(queue: Queue, what: string): Promise<QueueCounts> {
  try {
    const counts = await withTimeout(queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'), 2_000, what)
    return { ok: true, waiting: counts.waiting, active: counts.active, delayed: counts.delayed, failed: counts.failed, prioritized: counts.prioritized }
  } catch (e) {
    return { ok: false, error: (e as Error).message }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    )
  })
}

async function probe(what: string, run: () => Promise<unknown>, timeoutMs = 2_000): Promise<Probe> {
  const started = performance.now()
  try {
    await withTimeout(run(), timeoutMs, what)
    return { ok: true, latencyMs: Math.round(performance.now() - started) }
  } catch (e) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (e as Error).message }
  }
}

/**
 * Database and Redis are required (`down` without them, HTTP 503). A platform with no live grading worker
 * still serves pages and accepts submissions, so that is `degraded` (HTTP 200) and says so.
 */
export async function checkHealth(deps: { prisma: PrismaClient; redis: Redis }): Promise<HealthReport> {
  const [database, redis] = await Promise.all([probe('PostgreSQL', () => deps.prisma.$queryRaw`SELECT 1`), probe('Redis', () => deps.redis.ping())])
  let workers: WorkerBeat[] = []
  let queue: QueueCounts = { ok: false, error: 'Redis is unavailable' }
  let regrades: QueueCounts = queue
  if (redis.ok) {
    const [beats, live, regrade] = await Promise.all([
      withTimeout(liveWorkers(deps.redis), 2_000, 'Redis').catch(() => [] as WorkerBeat[]),
      queueCounts(gradingQueue(), 'the grading queue'),
      queueCounts(regradeQueue(), 'the regrade queue'),
    ])
    workers = beats
    queue = live
    regrades = regrade
  }
  const status = !database.ok || !redis.ok ? 'down' : workers.length === 0 || !queue.ok || !regrades.ok ? 'degraded' : 'ok'
  return {
    status,
    checkedAt: new Date().toISOString(),
    database,
    redis,
    workers: { ok: workers.length > 0, count: workers.length, workers },
    queue,
    regrades,
  }
}

export function healthHttpStatus(report: HealthReport): number {
  return report.status === 'down' ? 503 : 200
}

/**
 * What anyone may read: up or down, nothing else. Worker hostnames and pids, the image tag, queue depths and the
 * raw database or Redis error text are for staff (security review L7). The HTTP status is the same for both.
 */
export type PublicHealth = { status: 'up' | 'down' }

export function publicHealth(report: HealthReport): PublicHealth {
  return { status: report.status === 'down' ? 'down' : 'up' }
}
