// Prometheus metrics for /api/metrics, computed at each scrape from PostgreSQL (the runs) and Redis (the queue and
// the workers' heartbeats), never from counters held in one process: every web instance answers with the same
// numbers, and a restart loses nothing. The histograms cover every run the database holds, so they only grow and
// `rate()`/`histogram_quantile()` work on them as on any Prometheus histogram.
import { createHash, timingSafeEqual } from 'node:crypto'

import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { Counter, Gauge, Registry, type Metric } from 'prom-client'

import type { PrismaClient } from '@/lib/db/prisma'
import { liveWorkers } from '@/lib/queue/heartbeat'

export const PREFIX = 'cpython_course_'

/** Seconds: from a quick queue wait to a long header build. */
export const DURATION_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600]

/**
 * What each phase measures. queue_wait: reached the queue → a worker took it (last attempt); build and tests: the
 * engine's timings of the stored result; time_to_result: submitted → result stored (DONE or ERROR).
 */
export const PHASES = ['queue_wait', 'build', 'tests', 'time_to_result'] as const

type PhaseRow = { phase: string; le: number; n: number }
type PhaseTotal = { phase: string; count: number; sum: number | null }

/** The values of one phase's duration per run, in seconds: one SELECT per phase, unioned. */
const PHASE_VALUES = `
  SELECT 'queue_wait' AS phase, EXTRACT(EPOCH FROM ("startedAt" - "enqueuedAt"))::float8 AS s FROM "GradingRun"
   WHERE "startedAt" IS NOT NULL AND "enqueuedAt" IS NOT NULL AND "startedAt" >= "enqueuedAt"
  UNION ALL SELECT 'build', "buildMs" / 1000.0 FROM "GradingRun" WHERE "buildMs" IS NOT NULL
  UNION ALL SELECT 'tests', "testsMs" / 1000.0 FROM "GradingRun" WHERE "testsMs" IS NOT NULL
  UNION ALL SELECT 'time_to_result', EXTRACT(EPOCH FROM ("finishedAt" - "createdAt"))::float8 FROM "GradingRun"
   WHERE "finishedAt" IS NOT NULL AND "status" IN ('DONE', 'ERROR')`

/** A histogram whose buckets PostgreSQL counted; prom-client only renders it. */
function databaseHistogram(name: string, help: string, rows: PhaseRow[], totals: PhaseTotal[]): Metric {
  const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = []
  for (const phase of PHASES) {
    for (const le of DURATION_BUCKETS) {
      values.push({ metricName: `${name}_bucket`, labels: { phase, le }, value: rows.find((r) => r.phase === phase && r.le === le)?.n ?? 0 })
    }
    const total = totals.find((t) => t.phase === phase)
    values.push({ metricName: `${name}_bucket`, labels: { phase, le: '+Inf' }, value: total?.count ?? 0 })
    values.push({ metricName: `${name}_sum`, labels: { phase }, value: total?.sum ?? 0 })
    values.push({ metricName: `${name}_count`, labels: { phase }, value: total?.count ?? 0 })
  }
  // the shape Registry.getMetricsAsString reads: name, help, type and get() (what prom-client's own metrics have)
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({ name, help, type: 'histogram', values, aggregator: 'sum' }),
  } as unknown as Metric
}

/** The BullMQ job states each lane reports. */
const JOB_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const

function jobCountGauge(registry: Registry, name: string, help: string, counts: Record<string, number>): void {
  const gauge = new Gauge({ name: `${PREFIX}${name}`, help, labelNames: ['state'], registers: [registry] })
  for (const [state, n] of Object.entries(counts)) gauge.set({ state }, n)
}

export interface MetricsSources {
  prisma: PrismaClient
  redis: Redis
  queue: Queue
  /** the regrade lane (lib/queue/grading-queue.ts REGRADE_QUEUE) */
  regradeQueue: Queue
  now?: Date
}

/** The metrics text (Prometheus exposition format) and its content type. */
export async function collectMetrics({ prisma, redis, queue, regradeQueue, now = new Date() }: MetricsSources): Promise<{ body: string; contentType: string }> {
  const registry = new Registry()
  const [buckets, totals, byStatus, outcomes, oldest, counts, workers, cacheTotals, regradeCounts] = await Promise.all([
    prisma.$queryRawUnsafe<PhaseRow[]>(
      `SELECT v.phase, le, (count(*) FILTER (WHERE v.s <= le))::int AS n FROM (${PHASE_VALUES}) v CROSS JOIN unnest($1::float8[]) AS le GROUP BY v.phase, le`,
      DURATION_BUCKETS,
    ),
    prisma.$queryRawUnsafe<PhaseTotal[]>(`SELECT v.phase, count(*)::int AS count, sum(v.s)::float8 AS sum FROM (${PHASE_VALUES}) v GROUP BY v.phase`),
    prisma.gradingRun.groupBy({ by: ['status'], _count: { _all: true } }),
    prisma.$queryRaw<{ outcome: string; n: number }[]>`
      SELECT CASE WHEN "status" = 'ERROR' THEN 'error' WHEN "buildOk" IS FALSE THEN 'build_failed'
                  WHEN "score" IS NULL THEN 'manual' WHEN "score" >= "maxScore" THEN 'full_marks' ELSE 'partial' END AS outcome,
             count(*)::int AS n
        FROM "GradingRun" WHERE "status" IN ('DONE', 'ERROR') GROUP BY 1`,
    prisma.gradingRun.findFirst({ where: { status: 'QUEUED' }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
    // Redis calls wait while it is down (the queue's offline queue): give up after a few seconds instead
    withTimeout(queue.getJobCounts(...JOB_STATES), 'the grading queue in Redis'),
    withTimeout(liveWorkers(redis), "the workers' heartbeats in Redis"),
    prisma.gradingRun.aggregate({ _sum: { cacheHits: true, cacheMisses: true } }),
    withTimeout(regradeQueue.getJobCounts(...JOB_STATES), 'the regrade queue in Redis'),
  ])

  registry.registerMetric(
    databaseHistogram(
      `${PREFIX}grading_phase_duration_seconds`,
      'Duration of each grading phase over all runs: queue_wait, build, tests, time_to_result (submitted to stored result).',
      buckets,
      totals,
    ),
  )
  const runs = new Gauge({ name: `${PREFIX}grading_runs`, help: 'Grading runs by status, now.', labelNames: ['status'], registers: [registry] })
  for (const status of ['QUEUED', 'RUNNING', 'DONE', 'ERROR']) runs.set({ status }, byStatus.find((s) => s.status === status)?._count._all ?? 0)

  const finished = new Counter({
    name: `${PREFIX}grading_outcomes_total`,
    help: 'Finished grading runs by outcome: full_marks, partial, build_failed, manual (annotation), error (infrastructure, after every retry).',
    labelNames: ['outcome'],
    registers: [registry],
  })
  for (const outcome of ['full_marks', 'partial', 'build_failed', 'manual', 'error'])
    finished.inc({ outcome }, outcomes.find((o) => o.outcome === outcome)?.n ?? 0)

  new Gauge({
    name: `${PREFIX}grading_oldest_queued_seconds`,
    help: 'Age of the oldest run still waiting for a worker (0 when none waits).',
    registers: [registry],
  }).set(oldest ? Math.max(0, (now.getTime() - oldest.createdAt.getTime()) / 1000) : 0)
  jobCountGauge(registry, 'grading_queue_jobs', 'Jobs in the BullMQ grading queue by state (waiting + prioritized is the backlog).', counts)
  jobCountGauge(
    registry,
    'grading_regrade_queue_jobs',
    'Jobs in the BullMQ regrade lane by state (its backlog drains at REGRADE_CONCURRENCY across the deployment).',
    regradeCounts,
  )

  new Gauge({ name: `${PREFIX}workers_live`, help: 'Grading workers whose heartbeat is current (every 10 s, kept 30 s).', registers: [registry] }).set(
    workers.length,
  )
  const slots = new Gauge({
    name: `${PREFIX}worker_slots`,
    help: 'Grading slots of the live workers: total (their concurrency) and busy.',
    labelNames: ['state'],
    registers: [registry],
  })
  slots.set(
    { state: 'total' },
    workers.reduce((n, w) => n + (w.concurrency ?? 0), 0),
  )
  slots.set(
    { state: 'busy' },
    workers.reduce((n, w) => n + (w.running ?? 0), 0),
  )
  // every host of a deployment should grade with one image: more than 1 means hosts were started from different builds
  new Gauge({
    name: `${PREFIX}worker_image_ids`,
    help: 'Distinct grader image IDs the live workers grade with (alert when above 1).',
    registers: [registry],
  }).set(new Set(workers.map((w) => w.image).filter(Boolean)).size)

  // the per-student build cache (lib/grading/build-cache.ts): ccache's counters stored with each run
  const cache = new Counter({
    name: `${PREFIX}build_cache_lookups_total`,
    help: "Compilations looked up in students' build caches, by result (hit, miss), over all stored runs.",
    labelNames: ['result'],
    registers: [registry],
  })
  cache.inc({ result: 'hit' }, cacheTotals._sum.cacheHits ?? 0)
  cache.inc({ result: 'miss' }, cacheTotals._sum.cacheMisses ?? 0)

  return { body: await registry.metrics(), contentType: registry.contentType }
}

function withTimeout<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Whether an Authorization header carries the token (compared in constant time over digests). */
export function bearerMatches(header: string | null, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1]
  if (!given) return false
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(given), digest(token))
}
