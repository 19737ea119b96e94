// The grading worker (`npm run worker`): consumes the BullMQ queues "grading" (live submissions and practice runs)
// and "grading-regrade" (regrades, capped deployment-wide at REGRADE_CONCURRENCY), one job = one grading run.
// It drives the Docker engine DOCKER_HOST names; start-up makes sure that engine has the grader image, pins it by
// image ID (worker/grader.ts), removes orphaned sandboxes and checks the image's CPython baseline; a heartbeat feeds
// /api/health; a reconciler re-enqueues runs that were committed but never queued or whose worker died.
// SIGTERM stops taking jobs, lets the running ones finish (or hands them back when killed), then closes
// the worker, Prisma and Redis, in that order.
// first: .env and the settings' check run before any other module is evaluated
import '@/lib/config/boot'

import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'

import { type Job, Worker } from 'bullmq'

import { queuePrefix, workerGradingOnly, workerSettings } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { GRADING_QUEUE, gradingJobOptions, closeGradingQueue, REGRADE_QUEUE, regradeQueue, type GradingJob } from '@/lib/queue/grading-queue'
import { beat, clearBeat } from '@/lib/queue/heartbeat'
import { createRedis } from '@/lib/queue/redis'
import { probeSandbox } from '@/lib/grading/sandbox'
import { startLtiWorker } from '@/lib/lti/worker'

import { processGradingJob } from './grade-run'
import { prepareGrader } from './grader'
import { reconcileRuns } from './reconcile'
import { removeAbandonedSandboxes } from './sandbox-cleanup'
import { startSimilarityWorker } from './similarity'

// unique per process: a restarted worker (same host, maybe the same pid in a container) is a new worker
const workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
// How long a job's lock lasts without renewal, and how often stalled jobs (their worker died) are looked for:
// a job held by a killed worker goes back to the queue within about lock + interval (45 s). The run's lease in
// PostgreSQL is renewed every third of its length; a run whose lease passed is handed back by the reconciler, and
// its sandbox becomes an orphan any worker of the deployment removes.
const { concurrency, regradeConcurrency, lockDurationMs: lockDuration, stalledIntervalMs: stalledInterval, leaseMs, reconcileIntervalMs } = workerSettings()
const log = (...parts: unknown[]) => console.log(new Date().toISOString(), ...parts)

async function main() {
  const grader = await prepareGrader(log, workerId)
  // before any job: the limits every sandbox relies on must really take effect on this engine
  const probe = await probeSandbox(grader.image)
  if (probe.problems.length) {
    throw new Error(
      `the sandbox limits do not take effect on this Docker engine, so no student code may run here:\n  - ${probe.problems.join('\n  - ')}\n` +
        'Run the engine on a kernel with the memory and pids cgroup controllers (cgroup v2, or v1 with memory accounting), with no custom default network or runtime, then start the worker again.',
    )
  }
  // only sandboxes nobody owns: those of live workers, here or on other hosts, keep running
  const removed = await removeAbandonedSandboxes(prisma)
  if (removed) log(`removed ${removed} orphaned sandbox container(s) of workers that are gone`)

  const redis = createRedis('worker')
  let running = 0
  const processor = async (job: Job<GradingJob>) => {
    running++
    try {
      return await processGradingJob(
        job.data,
        { made: job.attemptsMade, max: job.opts.attempts ?? gradingJobOptions.attempts ?? 1 },
        { prisma, redis, grade: grader.grade, workerId, leaseMs, gradedOn: grader.gradedOn },
      )
    } finally {
      running--
    }
  }
  const workerOptions = { prefix: queuePrefix(), lockDuration, stalledInterval, maxStalledCount: 3 }
  // the regrade lane's cap holds across all workers (BullMQ's global concurrency, kept in Redis); every worker
  // sets it at start, so the latest deployment's REGRADE_CONCURRENCY wins
  await regradeQueue().setGlobalConcurrency(regradeConcurrency)
  const worker = new Worker<GradingJob>(GRADING_QUEUE, processor, { ...workerOptions, connection: createRedis('worker'), concurrency })
  // one regrade at a time per host, on top of the live slots: a regrade-all never takes a live submission's slot
  const regradeWorker = new Worker<GradingJob>(REGRADE_QUEUE, processor, { ...workerOptions, connection: createRedis('worker'), concurrency: 1 })
  for (const [lane, w] of [
    ['live', worker],
    ['regrade', regradeWorker],
  ] as const) {
    w.on('completed', (job, result) => log(`run ${job.id} (${lane}): ${result.status}${result.score !== null ? ` score ${result.score}` : ''}`))
    w.on('failed', (job, error) => log(`run ${job?.id} (${lane}): attempt ${job?.attemptsMade} failed: ${error.message}`))
    w.on('error', (error) => log(`${lane} worker error: ${error.message}`))
  }

  const heartbeat = async () =>
    beat(redis, {
      workerId,
      at: new Date().toISOString(),
      running,
      concurrency,
      image: grader.image,
      imageRef: grader.ref,
      engine: grader.gradedOn,
      cpythonVersion: grader.version,
      baselineWarning: grader.warning,
    }).catch((e) => log(`heartbeat failed: ${(e as Error).message}`))
  await heartbeat()
  const heartbeatTimer = setInterval(heartbeat, 10_000)
  const reconcile = async () => {
    try {
      const r = await reconcileRuns(prisma)
      if (r.enqueued || r.reclaimed) log(`reconciler: enqueued ${r.enqueued}, reclaimed ${r.reclaimed}`)
    } catch (e) {
      log(`reconciler: ${(e as Error).message}`)
    }
    try {
      const orphans = await removeAbandonedSandboxes(prisma)
      if (orphans) log(`removed ${orphans} orphaned sandbox container(s) of workers that are gone`)
    } catch (e) {
      log(`sandbox clean-up: ${(e as Error).message}`)
    }
  }
  await reconcile()
  let reconciling = false
  const reconcileTimer = setInterval(() => {
    if (reconciling) return
    reconciling = true
    void reconcile().finally(() => (reconciling = false))
  }, reconcileIntervalMs)
  // extra grading hosts (WORKER_GRADING_ONLY=1) leave these to the main worker: the sweeps would otherwise run on
  // every host at once (docs/deploy.md)
  const gradingOnly = workerGradingOnly()
  const none = { close: async () => {} }
  const lti = gradingOnly ? none : startLtiWorker(log) // LTI grade passback queue, its sweep and the daily roster sync (lib/lti/worker.ts)
  const similarity = gradingOnly ? none : startSimilarityWorker(prisma, log) // similarity checks: their own queue, one at a time
  if (gradingOnly) log('WORKER_GRADING_ONLY=1: grading only, no LTI or similarity work on this worker')
  log(
    `worker ${workerId} ready: concurrency ${concurrency} + 1 regrade (deployment-wide cap ${regradeConcurrency}), image ${grader.ref} = ${grader.image} (CPython ${grader.version}), engine ${grader.engine.name} ${grader.engine.rootDir}`,
  )

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log(`${signal}: finishing ${running} running job(s) before stopping…`)
    clearInterval(heartbeatTimer)
    clearInterval(reconcileTimer)
    await Promise.all([worker.close(), regradeWorker.close()])
    await lti.close()
    await similarity.close()
    await clearBeat(redis, workerId).catch(() => {})
    await closeGradingQueue()
    await prisma.$disconnect()
    redis.disconnect()
    log('worker stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((error) => {
  console.error(`worker failed to start: ${(error as Error).message}`)
  process.exit(1)
})
