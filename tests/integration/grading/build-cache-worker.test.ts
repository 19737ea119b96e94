// Who gets a build cache, decided by the real worker process (worker/grade-run.ts) with real services: student A's
// header-changing submission and A's resubmission keeping the header change (ccache hits, same grade), student B's
// submission of the same patch (no hits: a cache of B's own), and a regrade of A's submission (no cache at all).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { closeGradingQueue } from '@/lib/queue/grading-queue'
import { regradeSubmission } from '@/lib/regrade/regrade'
import { createSubmission } from '@/lib/submissions/create'

import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'

import { testGraderImage, type TestImage } from './grader-image'
import { startWorker, stopAllWorkers, waitFor, type WorkerProcess } from './worker-process'

// its solution changes a header, so `make python` recompiles most of the tree
const SLUG = 'function-calls'
let image: TestImage
let worker: WorkerProcess

beforeAll(async () => {
  image = await testGraderImage()
  await syncRealContent()
  await prisma.assignment.updateMany({ where: { slug: SLUG }, data: { dueAt: new Date(Date.now() + 7 * 86400_000) } })
  worker = startWorker(image)
}, 1_800_000)

afterAll(async () => {
  await stopAllWorkers()
  await closeGradingQueue()
})

async function finishedRun(runId: string) {
  return waitFor(
    'the run to finish',
    async () => {
      const run = await prisma.gradingRun.findUnique({ where: { id: runId } })
      return run && (run.status === 'DONE' || run.status === 'ERROR') ? run : null
    },
    300_000,
    worker.output,
  )
}

async function submit(user: Awaited<ReturnType<typeof createUser>>) {
  const created = await createSubmission({ user, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API' })
  const run = await prisma.gradingRun.findFirstOrThrow({ where: { submissionId: created.id }, orderBy: { createdAt: 'asc' } })
  return { submissionId: created.id, run: await finishedRun(run.id) }
}

describe('the build cache in the worker', () => {
  it("is the submitting student's own: A's resubmission hits it, B's build and a regrade do not", async () => {
    const studentA = await createUser()
    const studentB = await createUser()
    const staff = await createUser('INSTRUCTOR')

    const first = await submit(studentA)
    expect(first.run.status).toBe('DONE')
    expect(first.run.score).toBe(first.run.maxScore)
    expect(first.run.cacheHits).toBe(0)
    expect(first.run.cacheMisses).toBeGreaterThan(50)

    const again = await submit(studentA)
    expect(again.run.score).toBe(first.run.score)
    expect(again.run.cacheHits).toBeGreaterThan(50)
    // Modules/getbuildinfo.c embeds __DATE__/__TIME__: ccache rightly compiles it again
    expect(again.run.cacheMisses).toBeLessThanOrEqual(1)

    const other = await submit(studentB)
    expect(other.run.score).toBe(first.run.score)
    expect(other.run.cacheHits).toBe(0)

    await regradeSubmission(again.submissionId, staff.id)
    const regradeRun = await prisma.gradingRun.findFirstOrThrow({ where: { submissionId: again.submissionId, reason: 'REGRADE' } })
    const regraded = await finishedRun(regradeRun.id)
    expect(regraded.score).toBe(first.run.score)
    expect(regraded.cacheHits).toBeNull()
    expect(regraded.cacheMisses).toBeNull()
  }, 1_200_000)
})
