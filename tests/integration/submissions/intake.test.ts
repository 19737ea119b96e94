import { Queue } from 'bullmq'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { queuePrefix } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'
import { closeGradingQueue, gradingQueue, GRADING_QUEUE, PRIORITY } from '@/lib/queue/grading-queue'
import { createRedis } from '@/lib/queue/redis'
import { createSubmission } from '@/lib/submissions/create'

import { reconcileRuns } from '../../../worker/reconcile'
import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'
import { startPrivateRedis } from '../../support/private-redis'

const SLUG = 'opcode-counter'
let redis: Awaited<ReturnType<typeof startPrivateRedis>>

beforeAll(async () => {
  redis = await startPrivateRedis()
  process.env.REDIS_URL = redis.url
  await syncRealContent()
})
afterAll(async () => {
  await closeGradingQueue()
  await redis.stop()
})
beforeEach(async () => {
  await prisma.testResult.deleteMany()
  await prisma.gradingRun.deleteMany()
  await prisma.submission.deleteMany()
  await prisma.assignment.update({
    where: { slug: SLUG },
    data: { maxSubmissions: null, submissionsPerHour: null, lateCutoffDays: null, dueAt: new Date(Date.now() + 7 * 86400_000) },
  })
  await gradingQueue().obliterate({ force: true })
})

async function jobsInQueue() {
  const q = new Queue(GRADING_QUEUE, { connection: createRedis('client'), prefix: queuePrefix() })
  const jobs = await q.getJobs(['waiting', 'prioritized', 'delayed', 'active'])
  await q.close()
  return jobs
}

async function rowsStored() {
  const [submissions, runs] = await Promise.all([prisma.submission.count(), prisma.gradingRun.count()])
  return { submissions, runs }
}

describe('submitting a patch', () => {
  it('stores the submission and its queued run together and enqueues the run once, after commit', async () => {
    const student = await createUser()
    const created = await createSubmission({ user: student, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'UPLOAD' })
    expect(created).toMatchObject({ number: 1, enqueued: true, lateSeconds: 0 })
    expect(created.url).toMatch(new RegExp(`/submissions/${created.id}$`))
    const run = await prisma.gradingRun.findFirstOrThrow({ where: { submissionId: created.id } })
    expect(run).toMatchObject({ status: 'QUEUED', reason: 'INITIAL', priority: PRIORITY.submission })
    expect(run.enqueuedAt).not.toBeNull()
    const jobs = await jobsInQueue()
    expect(jobs.map((j) => j.id)).toEqual([run.id])
    expect(jobs[0].data).toEqual({ submissionId: created.id, runId: run.id })

    const second = await createSubmission({ user: student, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'PASTE' })
    expect(second.number).toBe(2)
  })

  it('rejects a malformed patch with the line it is on, and stores and enqueues nothing', async () => {
    const student = await createUser()
    const evil = ['diff --git a/../etc/passwd b/../etc/passwd', '--- a/../etc/passwd', '+++ b/../etc/passwd', '@@ -1 +1 @@', '-root', '+owned', ''].join('\n')
    const error = (await createSubmission({ user: student, assignmentSlug: SLUG, patch: evil, source: 'PASTE', fileName: 'hw.diff' }).catch(
      (e) => e,
    )) as AppError
    expect(error).toBeInstanceOf(AppError)
    expect(error.status).toBe(422)
    expect(error.message).toMatch(/^hw\.diff line \d+: /)
    expect(error.message).toContain('../etc/passwd')
    expect(await rowsStored()).toEqual({ submissions: 0, runs: 0 })
    expect(await jobsInQueue()).toHaveLength(0)
  })

  it('refuses a path the assignment does not allow, and an oversized or empty patch', async () => {
    const student = await createUser()
    const elsewhere = ['--- a/Objects/listobject.c', '+++ b/Objects/listobject.c', '@@ -1,1 +1,2 @@', ' ', '+/* hi */', ''].join('\n')
    const notAllowed = (await createSubmission({ user: student, assignmentSlug: SLUG, patch: elsewhere, source: 'PASTE' }).catch((e) => e)) as AppError
    expect(notAllowed.status).toBe(422)
    expect(notAllowed.message).toContain('Objects/listobject.c')
    const huge = (await createSubmission({ user: student, assignmentSlug: SLUG, patch: 'x'.repeat(600 * 1024), source: 'PASTE' }).catch((e) => e)) as AppError
    expect(huge.status).toBe(413)
    const empty = (await createSubmission({ user: student, assignmentSlug: SLUG, patch: '', source: 'PASTE' }).catch((e) => e)) as AppError
    expect(empty.status).toBe(400)
    expect(await rowsStored()).toEqual({ submissions: 0, runs: 0 })
  })

  it('enforces the submission cap, the hourly rate and the cutoff; practice runs do not count against the cap', async () => {
    const student = await createUser()
    await prisma.assignment.update({ where: { slug: SLUG }, data: { maxSubmissions: 1 } })
    await createSubmission({ user: student, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'PASTE' })
    const capped = (await createSubmission({ user: student, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'PASTE' }).catch((e) => e)) as AppError
    expect([capped.status, capped.code]).toEqual([429, 'submission_limit'])
    const practice = await createSubmission({ user: student, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'WORKBENCH', practice: true })
    expect(practice.number).toBeNull()

    const other = await createUser()
    await prisma.assignment.update({ where: { slug: SLUG }, data: { maxSubmissions: null, submissionsPerHour: 1 } })
    await createSubmission({ user: other, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'PASTE' })
    const rate = (await createSubmission({ user: other, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'PASTE' }).catch((e) => e)) as AppError
    expect([rate.status, rate.code]).toEqual([429, 'rate_limited'])

    const late = await createUser()
    const due = new Date(Date.now() - 3 * 86400_000)
    await prisma.assignment.update({ where: { slug: SLUG }, data: { submissionsPerHour: null, dueAt: due, lateCutoffDays: 2 } })
    const closed = (await createSubmission({ user: late, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'PASTE' }).catch((e) => e)) as AppError
    expect([closed.status, closed.code]).toEqual([409, 'submissions_closed'])
    // an extension moves this student's deadline, so the same submission is accepted, one day late
    const assignment = await prisma.assignment.findUniqueOrThrow({ where: { slug: SLUG } })
    await prisma.extension.create({ data: { userId: late.id, assignmentId: assignment.id, dueAt: new Date(Date.now() - 86400_000 + 60_000) } })
    const extended = await createSubmission({ user: late, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'PASTE' })
    expect(extended.lateSeconds).toBeGreaterThan(86400 - 120)
    expect(extended.lateSeconds).toBeLessThan(86400)
  })

  it('keeps a submission made while Redis is down, and a Redis restart loses no waiting job', async () => {
    const student = await createUser()
    const first = await createSubmission({ user: student, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API' })
    expect(first.enqueued).toBe(true)

    await redis.stop()
    const whileDown = await createSubmission({ user: student, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API' })
    expect(whileDown.enqueued).toBe(false)
    expect(await prisma.gradingRun.findFirstOrThrow({ where: { submissionId: whileDown.id } })).toMatchObject({ status: 'QUEUED', enqueuedAt: null })

    // the restarted Redis has no persistence: the first job is gone as well
    await redis.restart()
    expect(await jobsInQueue()).toHaveLength(0)

    const result = await reconcileRuns(prisma)
    expect(result.enqueued).toBe(2)
    const runs = await prisma.gradingRun.findMany({ orderBy: { createdAt: 'asc' } })
    expect((await jobsInQueue()).map((j) => j.id).sort()).toEqual(runs.map((r) => r.id).sort())
    expect(runs.every((r) => r.enqueuedAt !== null)).toBe(true)

    // reconciling again enqueues nothing twice
    expect((await reconcileRuns(prisma)).enqueued).toBe(0)
    expect(await jobsInQueue()).toHaveLength(2)
  })
})
