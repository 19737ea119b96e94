// Several workers of one deployment on one Docker engine, sharing PostgreSQL and a Redis of this file's own (so
// it can be restarted without persistence), tried as an operator would: restart one worker while another builds,
// remove a sandbox from outside mid-build and mid-test, restart Redis while jobs run. Every submission ends with
// exactly one result, and it is the right one: an interruption on our side is never a student's grade.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { docker } from '@/lib/grading/docker'
import { listSandboxes } from '@/lib/grading/sandbox'
import { closeGradingQueue } from '@/lib/queue/grading-queue'
import { createRedis } from '@/lib/queue/redis'
import { createSubmission } from '@/lib/submissions/create'
import { progressChannel, type StampedEvent } from '@/lib/submissions/progress'

import { startPrivateRedis } from '../../support/private-redis'
import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'

import { testGraderImage, type TestImage } from './grader-image'
import { startWorker, stopAllWorkers, waitFor, type WorkerProcess } from './worker-process'

const ONE_FILE = 'opcode-counter'
// changes a header: `make python` recompiles most of the tree, a build of many seconds
const HEADER = 'function-calls'
let image: TestImage
let redis: Awaited<ReturnType<typeof startPrivateRedis>>

beforeAll(async () => {
  redis = await startPrivateRedis()
  process.env.REDIS_URL = redis.url
  image = await testGraderImage()
  await syncRealContent()
  await prisma.assignment.updateMany({ where: { slug: { in: [ONE_FILE, HEADER] } }, data: { dueAt: new Date(Date.now() + 7 * 86400_000) } })
}, 1_800_000)

afterAll(async () => {
  await stopAllWorkers()
  await closeGradingQueue()
  await redis.stop()
})

async function submit(slug: string, patch = solutionPatch(slug)) {
  return createSubmission({ user: await createUser(), assignmentSlug: slug, patch, source: 'API' })
}

/** The submission's runs once it is graded (or errored), with their tests. */
function finished(submissionId: string, debug: () => string, timeoutMs = 400_000) {
  return waitFor(
    `submission ${submissionId} to be graded`,
    async () => {
      const s = await prisma.submission.findUnique({ where: { id: submissionId }, include: { runs: { include: { tests: true } } } })
      return s && (s.status === 'GRADED' || s.status === 'ERROR') ? s : null
    },
    timeoutMs,
    debug,
  )
}

const pidOf = (workerId: string | null) => Number(workerId?.split('-').at(-2))

/** A compile error the student made: the solution with one of its added lines broken. */
function brokenPatch(slug: string): string {
  const patch = solutionPatch(slug)
  const broken = patch.replace(/^\+Py_ssize_t _Py_OpcodeCounts\[256\];$/m, '+Py_ssize_t _Py_OpcodeCounts[256] = ;')
  if (broken === patch) throw new Error(`${slug}'s solution no longer has the line this test breaks`)
  return broken
}

describe('a fleet of workers on one engine', () => {
  it("restarting one worker leaves the other's build alone: it completes and scores full marks", async () => {
    const a = startWorker(image)
    const b = startWorker(image)
    await Promise.all([a.ready, b.ready])
    const all = () => `${a.output()}\n--- b ---\n${b.output()}`
    const created = await submit(HEADER)
    const building = await waitFor(
      'the header build to start',
      () => prisma.gradingRun.findFirst({ where: { submissionId: created.id, status: 'RUNNING', phase: 'building' } }),
      300_000,
      all,
    )
    const survivor = [a, b].find((w) => w.child.pid === pidOf(building.workerId))!
    const other = survivor === a ? b : a
    expect(survivor).toBeDefined()

    await other.stop('SIGKILL')
    const restarted = startWorker(image)
    await restarted.ready
    // the restarted worker's start-up clean-up ran while the survivor was still building: the case that matters
    const stillBuilding = await prisma.gradingRun.findUniqueOrThrow({ where: { id: building.id } })
    expect(stillBuilding).toMatchObject({ status: 'RUNNING', jobAttempts: 1 })
    expect(await listSandboxes(building.id)).toHaveLength(1)

    const submission = await finished(created.id, () => `${survivor.output()}\n--- restarted ---\n${restarted.output()}`)
    expect(submission.status).toBe('GRADED')
    expect(submission.runs).toHaveLength(1)
    const run = submission.runs[0]
    expect(run).toMatchObject({ status: 'DONE', buildOk: true, score: 100, jobAttempts: 1, workerId: building.workerId })
    expect(run.tests.every((t) => t.status === 'PASSED')).toBe(true)
    expect(restarted.output()).not.toMatch(/removed \d+ orphaned sandbox/)
    await Promise.all([survivor.stop(), restarted.stop()])
  }, 900_000)

  it('a sandbox removed from outside mid-build and then mid-test is retried, never stored as a failed build or test', async () => {
    const worker = startWorker(image)
    await worker.ready
    const created = await submit(ONE_FILE)
    const { id: runId } = await prisma.gradingRun.findFirstOrThrow({ where: { submissionId: created.id } })
    const listener = createRedis('worker')
    const removed: string[] = []
    let attemptsSeen = 0
    // the worker's own progress events say when a build or a test is under way
    await listener.subscribe(progressChannel(created.id))
    listener.on('message', (_channel, message) => {
      const event = JSON.parse(message) as StampedEvent
      const mid = (attemptsSeen === 0 && event.type === 'log') || (attemptsSeen === 1 && event.type === 'test' && event.status === 'running')
      if (!mid) return
      attemptsSeen++
      void listSandboxes(runId).then(async ([container]) => {
        if (!container) return
        await docker(['rm', '-f', container])
        removed.push(event.type === 'log' ? 'build' : 'test')
      })
    })
    try {
      const submission = await finished(created.id, worker.output)
      expect(removed).toEqual(['build', 'test'])
      expect(submission.status).toBe('GRADED')
      expect(submission.runs).toHaveLength(1)
      const run = submission.runs[0]
      expect(run).toMatchObject({ status: 'DONE', buildOk: true, score: 100, jobAttempts: 3 })
      expect(run.tests.map((t) => t.status)).toEqual(run.tests.map(() => 'PASSED'))
      expect(worker.output()).toMatch(/attempt 1 failed: sandbox build interrupted/)
      expect(worker.output()).toMatch(/attempt 2 failed: sandbox test \w+ interrupted/)
    } finally {
      listener.disconnect()
      await worker.stop()
    }
  }, 900_000)

  it('Redis restarted empty while two workers run jobs: every submission ends with exactly one result, the right one', async () => {
    const workers: WorkerProcess[] = [startWorker(image), startWorker(image)]
    await Promise.all(workers.map((w) => w.ready))
    const all = () => workers.map((w) => w.output()).join('\n--- next worker ---\n')
    const jobs = [
      { created: await submit(HEADER), score: 100, buildOk: true },
      { created: await submit(ONE_FILE), score: 100, buildOk: true },
      { created: await submit(ONE_FILE, brokenPatch(ONE_FILE)), score: 0, buildOk: false },
      { created: await submit(HEADER), score: 100, buildOk: true },
    ]
    // both workers busy, the other jobs waiting in the queue: then Redis loses everything
    await waitFor(
      'two runs to be building',
      async () => (await prisma.gradingRun.count({ where: { status: 'RUNNING', phase: 'building' } })) >= 2,
      300_000,
      all,
    )
    await redis.restart()

    for (const job of jobs) {
      const submission = await finished(job.created.id, all)
      expect(submission.status).toBe('GRADED')
      expect(submission.runs).toHaveLength(1)
      const [run] = submission.runs
      expect(run).toMatchObject({ status: 'DONE', score: job.score, buildOk: job.buildOk })
      expect(submission.currentRunId).toBe(run.id)
      const names = run.tests.map((t) => t.name)
      expect(new Set(names).size).toBe(names.length)
      if (job.buildOk) expect(run.tests.length).toBeGreaterThan(2)
      else expect(run.tests).toHaveLength(0)
    }
    await waitFor('no sandbox left behind', async () => (await listSandboxes()).length === 0, 60_000)
    await Promise.all(workers.map((w) => w.stop()))
  }, 1_200_000)
})
