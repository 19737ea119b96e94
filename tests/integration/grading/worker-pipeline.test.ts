// The whole pipeline with real services: a submission goes through Redis to the worker process (`worker/main.ts`,
// spawned as `npm run worker` would), is built and tested in the real grader image, and its result lands in
// PostgreSQL. Then the worker is killed with SIGKILL in the middle of a build: after a restart there is exactly one
// complete result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { listSandboxes } from '@/lib/grading/sandbox'
import { closeGradingQueue } from '@/lib/queue/grading-queue'
import { createSubmission } from '@/lib/submissions/create'

import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'

import { testGraderImage, type TestImage } from './grader-image'
import { startWorker as startWorkerProcess, stopAllWorkers, waitFor } from './worker-process'

const SLUG = 'opcode-counter'
// its solution changes a header, so `make python` recompiles most of the tree: a build long enough to kill mid-way
const HEADER_SLUG = 'function-calls'
let image: TestImage
const startWorker = () => startWorkerProcess(image)

beforeAll(async () => {
  image = await testGraderImage()
  await syncRealContent()
  // the course's real deadlines may already be past on the day the tests run
  await prisma.assignment.updateMany({ where: { slug: { in: [SLUG, HEADER_SLUG] } }, data: { dueAt: new Date(Date.now() + 7 * 86400_000) } })
}, 1_800_000)

afterAll(async () => {
  await stopAllWorkers()
  await closeGradingQueue()
})

describe('grading worker', () => {
  it('grades a correct patch to full marks and records version, image and per-test results', async () => {
    const worker = startWorker()
    const student = await createUser()
    const created = await createSubmission({ user: student, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API' })
    const submission = await waitFor(
      'the submission to be graded',
      async () => {
        const s = await prisma.submission.findUnique({ where: { id: created.id }, include: { currentRun: { include: { tests: true } } } })
        return s && s.status !== 'QUEUED' && s.status !== 'RUNNING' ? s : null
      },
      300_000,
      worker.output,
    )
    expect(submission.status).toBe('GRADED')
    const run = submission.currentRun!
    expect(run.status).toBe('DONE')
    expect(run.buildOk).toBe(true)
    expect(run.score).toBe(run.maxScore)
    expect(run.maxScore).toBe(100)
    expect(run.cpythonVersion).toBe(image.version)
    expect(run.imageDigest).toBe(image.digest)
    expect(run.tests.length).toBeGreaterThan(2)
    expect(run.tests.every((t) => t.status === 'PASSED')).toBe(true)
    expect(run.tests.some((t) => t.visibility === 'HIDDEN')).toBe(true)
    worker.child.kill('SIGTERM')
    await new Promise((r) => worker.child.once('exit', r))
  }, 600_000)

  it('a worker killed with SIGKILL mid-build leads, after a restart, to exactly one complete result', async () => {
    const first = startWorker()
    const student = await createUser()
    const created = await createSubmission({ user: student, assignmentSlug: HEADER_SLUG, patch: solutionPatch(HEADER_SLUG), source: 'API' })
    await waitFor(
      'the build to start',
      async () => (await prisma.gradingRun.findFirst({ where: { submissionId: created.id, phase: 'building', status: 'RUNNING' } })) !== null,
      300_000,
      first.output,
    )
    await new Promise((r) => setTimeout(r, 2_000))
    expect((await prisma.gradingRun.findFirstOrThrow({ where: { submissionId: created.id } })).status).toBe('RUNNING')
    first.child.kill('SIGKILL')
    await new Promise((r) => first.child.once('exit', r))
    // the killed worker's sandbox is still there: the restarted worker must clean it up
    expect((await listSandboxes()).length).toBeGreaterThan(0)

    const second = startWorker()
    const submission = await waitFor(
      'the restarted worker to finish the job',
      async () => {
        const s = await prisma.submission.findUnique({ where: { id: created.id }, include: { runs: { include: { tests: true } } } })
        return s && s.status === 'GRADED' ? s : null
      },
      300_000,
      second.output,
    )
    expect(submission.runs).toHaveLength(1)
    const run = submission.runs[0]
    expect(run.status).toBe('DONE')
    expect(run.jobAttempts).toBeGreaterThanOrEqual(2)
    expect(run.score).toBe(100)
    const names = run.tests.map((t) => t.name)
    expect(new Set(names).size).toBe(names.length)
    expect(await prisma.testResult.count({ where: { runId: run.id } })).toBe(names.length)
    expect(second.output()).toMatch(/removed \d+ orphaned sandbox/)
    await waitFor('no sandbox left behind', async () => (await listSandboxes()).length === 0, 30_000)
    second.child.kill('SIGTERM')
    await new Promise((r) => second.child.once('exit', r))
  }, 900_000)
})
