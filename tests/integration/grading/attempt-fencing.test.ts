// Two attempts at one grading run (the first lost its queue lock, the run was handed to another worker): exactly
// one attempt's result is stored, whichever finishes first, and the loser stops. Real PostgreSQL and Redis; the
// engine is replaced by a function that returns a chosen result when the test lets it (the real engine is tested in
// engine.test.ts and worker-fleet.test.ts).
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { InfrastructureError } from '@/lib/grading/docker'
import { createRedis } from '@/lib/queue/redis'
import { closeGradingQueue } from '@/lib/queue/grading-queue'
import { attemptHoldsRun } from '@/lib/runs/lifecycle'
import { createSubmission } from '@/lib/submissions/create'

import { processGradingJob, type EngineResult, type GradeFn, type GradingDeps } from '../../../worker/grade-run'
import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'

const SLUG = 'opcode-counter'
const redis = createRedis('client', { enableOfflineQueue: true })

beforeAll(async () => {
  await syncRealContent()
  await prisma.assignment.updateMany({ where: { slug: SLUG }, data: { dueAt: new Date(Date.now() + 7 * 86400_000) } })
})

afterAll(async () => {
  await closeGradingQueue()
  await redis.quit()
})

/** Restores the assignment's real content hash. */
async function syncAgain() {
  const { assignmentContentHash } = await import('@/lib/content/assignments')
  await prisma.assignment.update({ where: { slug: SLUG }, data: { contentHash: assignmentContentHash(path.resolve('homework', SLUG)) } })
}

function result(score: number, testName: string): EngineResult {
  return {
    score,
    maxScore: 100,
    status: 'graded',
    verdict: { kind: 'graded' },
    tests: [{ name: testName, visibility: 'public', status: score === 100 ? 'passed' : 'failed', points: score, maxPoints: 100, durationMs: 5 }],
    build: { ok: true, applied: true, errors: [], log: `built for ${testName}` },
    image: { digest: 'sha256:test', version: '2.7.8', verified: true },
  }
}

/** A grade function that waits until released, and records the abort signal it was given. */
function heldGrade(outcome: () => EngineResult | Promise<EngineResult>) {
  let release!: () => void
  const released = new Promise<void>((r) => (release = r))
  let signal: AbortSignal | undefined
  let started!: () => void
  const running = new Promise<void>((r) => (started = r))
  const grade: GradeFn = async (input) => {
    signal = input.signal
    started()
    await released
    return outcome()
  }
  return { grade, release, running, signal: () => signal }
}

async function queuedRun() {
  const created = await createSubmission({ user: await createUser(), assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API' })
  const run = await prisma.gradingRun.findFirstOrThrow({ where: { submissionId: created.id } })
  return { job: { submissionId: created.id, runId: run.id }, run }
}

const deps = (grade: GradeFn, workerId: string, leaseMs = 60_000): GradingDeps => ({ prisma, redis, grade, workerId, leaseMs })
const one = { made: 0, max: 5 }

async function stored(runId: string) {
  return prisma.gradingRun.findUniqueOrThrow({ where: { id: runId }, include: { tests: true, submission: true } })
}

describe('fenced grading attempts', () => {
  it('the superseded attempt finishing last writes nothing; the newer attempt is the result', async () => {
    const { job, run } = await queuedRun()
    const first = heldGrade(() => result(40, 'first_attempt'))
    const firstDone = processGradingJob(job, one, deps(first.grade, 'worker-a'))
    await first.running
    const second = await processGradingJob(
      job,
      one,
      deps(async () => result(100, 'second_attempt'), 'worker-b'),
    )
    expect(second).toMatchObject({ status: 'DONE', score: 100 })
    first.release()
    expect(await firstDone).toMatchObject({ status: 'superseded' })

    const after = await stored(run.id)
    expect(after).toMatchObject({ status: 'DONE', score: 100, jobAttempts: 2, workerId: 'worker-b', buildLog: 'built for second_attempt' })
    expect(after.tests.map((t) => t.name)).toEqual(['second_attempt'])
    expect(after.submission).toMatchObject({ status: 'GRADED', currentRunId: run.id })
  })

  it('the superseded attempt finishing first does not precede the newer one', async () => {
    const { job, run } = await queuedRun()
    const first = heldGrade(() => result(40, 'first_attempt'))
    const second = heldGrade(() => result(100, 'second_attempt'))
    const firstDone = processGradingJob(job, one, deps(first.grade, 'worker-a'))
    await first.running
    const secondDone = processGradingJob(job, one, deps(second.grade, 'worker-b'))
    await second.running
    first.release()
    expect(await firstDone).toMatchObject({ status: 'superseded' })
    // nothing of the first attempt was stored in the meantime
    expect(await stored(run.id)).toMatchObject({ status: 'RUNNING', score: null, jobAttempts: 2, tests: [] })
    second.release()
    expect(await secondDone).toMatchObject({ status: 'DONE', score: 100 })
    expect((await stored(run.id)).tests.map((t) => t.name)).toEqual(['second_attempt'])
  })

  it('an attempt that loses the run is told through its abort signal (its sandbox is stopped)', async () => {
    const { job, run } = await queuedRun()
    const first = heldGrade(() => result(40, 'first_attempt'))
    const firstDone = processGradingJob(job, one, deps(first.grade, 'worker-a', 3_000))
    await first.running
    expect(await attemptHoldsRun(prisma, run.id, 1)).toBe(true)
    const second = heldGrade(() => result(100, 'second_attempt'))
    const secondDone = processGradingJob(job, one, deps(second.grade, 'worker-b', 3_000))
    await second.running
    expect(await attemptHoldsRun(prisma, run.id, 1)).toBe(false)
    // the first attempt's next lease renewal (every second here) finds the run taken
    const deadline = Date.now() + 10_000
    while (!first.signal()!.aborted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(first.signal()!.aborted).toBe(true)
    expect(second.signal()!.aborted).toBe(false)
    first.release()
    second.release()
    expect(await firstDone).toMatchObject({ status: 'superseded' })
    expect(await secondDone).toMatchObject({ status: 'DONE', score: 100 })
  })

  it("a superseded attempt's infrastructure failure does not mark the run as failed", async () => {
    const { job, run } = await queuedRun()
    const first = heldGrade(() => {
      throw new InfrastructureError('docker went away')
    })
    const firstDone = processGradingJob(job, one, deps(first.grade, 'worker-a'))
    await first.running
    const second = heldGrade(() => result(100, 'second_attempt'))
    const secondDone = processGradingJob(job, one, deps(second.grade, 'worker-b'))
    await second.running
    first.release()
    expect(await firstDone).toMatchObject({ status: 'superseded' })
    expect(await stored(run.id)).toMatchObject({ status: 'RUNNING', errorMessage: null })
    second.release()
    expect(await secondDone).toMatchObject({ status: 'DONE', score: 100 })
  })

  it('infrastructure failures are retried; after the last attempt the run is an error staff see, the submission kept', async () => {
    const { job, run } = await queuedRun()
    const failing: GradeFn = async () => {
      throw new InfrastructureError('sandbox build interrupted: the container was removed from outside')
    }
    await expect(processGradingJob(job, { made: 0, max: 2 }, deps(failing, 'worker-a'))).rejects.toThrow(/removed from outside/)
    expect(await stored(run.id)).toMatchObject({ status: 'RUNNING', phase: 'retrying', score: null, submission: { status: 'QUEUED' } })
    await expect(processGradingJob(job, { made: 1, max: 2 }, deps(failing, 'worker-a'))).rejects.toThrow(/removed from outside/)
    const after = await stored(run.id)
    expect(after).toMatchObject({ status: 'ERROR', score: null, buildOk: null, submission: { status: 'ERROR' } })
    expect(after.errorMessage).toMatch(/^Grading failed on our side: .*removed from outside/)
    expect(after.submission.patch).toBe(solutionPatch(SLUG))
  })

  it('a patch the engine refuses at grading time is an error run, never a graded 0', async () => {
    const { job, run } = await queuedRun()
    const rejected: EngineResult = {
      ...result(0, 'none'),
      status: 'rejected',
      tests: [],
      build: { ok: false, applied: false, errors: [], log: 'Python/ceval.c is not among the files this assignment allows' },
    }
    await expect(
      processGradingJob(
        job,
        one,
        deps(async () => rejected, 'worker-a'),
      ),
    ).rejects.toThrow(/refused a patch that intake accepted/)
    const after = await stored(run.id)
    expect(after).toMatchObject({ status: 'ERROR', score: null, submission: { status: 'ERROR' } })
    expect(after.tests).toEqual([])
  })

  it('content that drifted from what the course synced is an error run, not a grade', async () => {
    const { job, run } = await queuedRun()
    await prisma.assignment.update({ where: { slug: SLUG }, data: { contentHash: 'f'.repeat(64) } })
    let graded = false
    try {
      await expect(
        processGradingJob(
          job,
          one,
          deps(async () => ((graded = true), result(100, 'x')), 'worker-a'),
        ),
      ).rejects.toThrow(/differ from the synced content .*content:sync/)
    } finally {
      await syncAgain()
    }
    expect(graded).toBe(false)
    expect(await stored(run.id)).toMatchObject({ status: 'ERROR', score: null, submission: { status: 'ERROR' } })
  })

  it('a finished run is never taken again', async () => {
    const { job, run } = await queuedRun()
    await processGradingJob(
      job,
      one,
      deps(async () => result(100, 'only'), 'worker-a'),
    )
    const again = await processGradingJob(
      job,
      one,
      deps(async () => result(10, 'late'), 'worker-b'),
    )
    expect(again).toMatchObject({ status: 'already-done', score: 100 })
    expect(await stored(run.id)).toMatchObject({ score: 100, jobAttempts: 1, workerId: 'worker-a' })
  })
})
