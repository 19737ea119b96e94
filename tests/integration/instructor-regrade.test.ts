import { randomUUID } from 'node:crypto'

import { Queue } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { queuePrefix } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { studentGrades } from '@/lib/grades/student'
import type { AppError } from '@/lib/http/errors'
import { BAND_BASE } from '@/lib/queue/fair-priority'
import { closeGradingQueue, gradingQueue, GRADING_QUEUE, PRIORITY, REGRADE_QUEUE, regradeQueue } from '@/lib/queue/grading-queue'
import { createRedis } from '@/lib/queue/redis'
import { regradeAssignment, regradeSubmission } from '@/lib/regrade/regrade'
import { getSubmissionView } from '@/lib/submissions/view'

import { processGradingJob, type EngineResult } from '../../worker/grade-run'
import { syncRealContent } from '../support/fixtures'

import { asSessionUser, assignmentBySlug, student } from './instructor-fixtures'

const SLUG = 'opcode-counter'
const STUDENTS = 300
const ERRORED = 5

async function jobs(name = REGRADE_QUEUE) {
  const q = new Queue(name, { connection: createRedis('client'), prefix: queuePrefix() })
  const list = await q.getJobs(['waiting', 'prioritized', 'delayed', 'active'])
  await q.close()
  return list
}

/** 300 students with two graded submissions each (50 then 80: best = the second), 5 whose only run errored. */
async function seed(assignmentId: string) {
  const users = Array.from({ length: STUDENTS + ERRORED }, (_, i) => ({
    id: randomUUID(),
    email: `regrade${i}@example.edu`,
    name: `Student ${i}`,
    role: 'STUDENT' as const,
  }))
  await prisma.user.createMany({ data: users })
  const subs: {
    id: string
    userId: string
    assignmentId: string
    number: number
    kind: 'GRADED'
    source: 'PASTE'
    patch: string
    patchSha256: string
    patchBytes: number
    patchFiles: object[]
    status: 'GRADED' | 'ERROR'
    createdAt: Date
  }[] = []
  const runs: {
    id: string
    submissionId: string
    reason: 'INITIAL'
    status: 'DONE' | 'ERROR'
    score: number | null
    maxScore: number
    createdAt: Date
    finishedAt: Date
  }[] = []
  const base = Date.parse('2026-09-20T12:00:00Z')
  users.forEach((u, i) => {
    const errored = i >= STUDENTS
    const scores = errored ? [null] : [50, 80]
    scores.forEach((score, k) => {
      const id = randomUUID()
      const at = new Date(base + i * 1000 + k * 3600_000)
      subs.push({
        id,
        userId: u.id,
        assignmentId,
        number: k + 1,
        kind: 'GRADED',
        source: 'PASTE',
        patch: 'x',
        patchSha256: 'x',
        patchBytes: 1,
        patchFiles: [],
        status: errored ? 'ERROR' : 'GRADED',
        createdAt: at,
      })
      runs.push({
        id: randomUUID(),
        submissionId: id,
        reason: 'INITIAL',
        status: errored ? 'ERROR' : 'DONE',
        score,
        maxScore: 100,
        createdAt: at,
        finishedAt: at,
      })
    })
  })
  await prisma.submission.createMany({ data: subs })
  await prisma.gradingRun.createMany({ data: runs })
  await prisma.$executeRaw`UPDATE "Submission" s SET "currentRunId" = r."id" FROM "GradingRun" r WHERE r."submissionId" = s."id" AND r."status" = 'DONE'`
  return { users, subs }
}

let assignmentId: string
let seeded: Awaited<ReturnType<typeof seed>>

beforeAll(async () => {
  await syncRealContent()
  await gradingQueue().obliterate({ force: true })
  await regradeQueue().obliterate({ force: true })
  assignmentId = (await assignmentBySlug(SLUG)).id
  seeded = await seed(assignmentId)
})
afterAll(async () => {
  await gradingQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await regradeQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await closeGradingQueue()
})

describe('regrade all counted submissions of an assignment', () => {
  it('adds one REGRADE run per counted submission and enqueues each exactly once, behind fresh submissions', async () => {
    const prof = await student('Prof Regrade', null, 'INSTRUCTOR')
    const initialRuns = await prisma.gradingRun.count({ where: { reason: 'INITIAL' } })
    // two instructors press the button at the same moment: the advisory lock queues each submission once
    const [first, second] = await Promise.all([regradeAssignment(SLUG, prof.id), regradeAssignment(SLUG, prof.id)])
    expect(first.queued + second.queued).toBe(STUDENTS + ERRORED)
    expect(first.considered).toBe(STUDENTS + ERRORED)

    const regradeRuns = await prisma.gradingRun.findMany({ where: { reason: 'REGRADE' }, include: { submission: { select: { number: true, userId: true } } } })
    expect(regradeRuns).toHaveLength(STUDENTS + ERRORED)
    expect(new Set(regradeRuns.map((r) => r.submissionId)).size).toBe(STUDENTS + ERRORED)
    // the counted submission is the best one (#2) for graded students, the latest one for those with nothing graded
    expect(regradeRuns.filter((r) => r.submission.number === 2)).toHaveLength(STUDENTS)
    expect(regradeRuns.every((r) => r.priority === PRIORITY.regrade && r.requestedById === prof.id && r.status === 'QUEUED' && r.enqueuedAt !== null)).toBe(
      true,
    )

    const queued = await jobs()
    expect(queued.map((j) => j.id).sort()).toEqual(regradeRuns.map((r) => r.id).sort())
    // in the regrade lane, none in the live one, each at the regrade band (one run per student: nobody ahead)
    expect(queued.every((j) => j.opts.priority === BAND_BASE.regrade)).toBe(true)
    expect(await jobs(GRADING_QUEUE)).toHaveLength(0)

    // old results are kept and still count until the new run finishes
    expect(await prisma.gradingRun.count({ where: { reason: 'INITIAL' } })).toBe(initialRuns)
    const someone = seeded.users[7]!
    expect((await studentGrades(someone.id)).assignments.find((g) => g.assignment.slug === SLUG)!.score).toBe(80)

    // pressing it again queues nothing twice
    const again = await regradeAssignment(SLUG, prof.id)
    expect(again).toMatchObject({ queued: 0, alreadyQueued: STUDENTS + ERRORED })
    expect(await jobs()).toHaveLength(STUDENTS + ERRORED)
    const busy = (await regradeSubmission(regradeRuns[0]!.submissionId, prof.id).catch((e) => e)) as AppError
    expect([busy.status, busy.code]).toEqual([409, 'already_queued'])
  })

  it('a finished regrade becomes the current result and the earlier run is shown as history', async () => {
    const run = await prisma.gradingRun.findFirstOrThrow({ where: { reason: 'REGRADE', submission: { number: 2 } }, include: { submission: true } })
    const redis = createRedis('client', { enableOfflineQueue: true })
    const result: EngineResult = {
      score: 95,
      maxScore: 100,
      status: 'graded',
      verdict: { kind: 'graded' },
      tests: [{ name: 'new_hidden_case', visibility: 'hidden', status: 'passed', points: 95, maxPoints: 100, durationMs: 12 }],
      build: { ok: true, applied: true, errors: [], log: 'ok' },
      image: { digest: 'sha256:test', version: '2.7.8', verified: true },
    }
    await processGradingJob(
      { submissionId: run.submissionId, runId: run.id },
      { made: 0, max: 1 },
      { prisma, redis, workerId: 'test', grade: async () => result },
    )
    await redis.quit()
    const sub = await prisma.submission.findUniqueOrThrow({ where: { id: run.submissionId } })
    expect(sub.currentRunId).toBe(run.id)
    const prof = await prisma.user.findFirstOrThrow({ where: { role: 'INSTRUCTOR' } })
    const view = await getSubmissionView(run.submissionId, asSessionUser(prof))
    expect(view.current).toMatchObject({ id: run.id, reason: 'REGRADE', rawScore: 95 })
    expect(view.history.map((h) => [h.reason, h.rawScore])).toEqual([['INITIAL', 80]])
    expect((await studentGrades(run.submission.userId)).assignments.find((g) => g.assignment.slug === SLUG)!.score).toBe(95)
  })

  it('regrades one submission on request, once', async () => {
    const prof = await prisma.user.findFirstOrThrow({ where: { role: 'INSTRUCTOR' } })
    const done = await prisma.gradingRun.findFirstOrThrow({ where: { reason: 'REGRADE', status: 'DONE' } })
    const before = (await jobs()).length
    const r = await regradeSubmission(done.submissionId, prof.id)
    expect(r).toMatchObject({ queued: 1, enqueued: 1 })
    expect(await jobs()).toHaveLength(before + 1)
    expect(await prisma.gradingRun.count({ where: { submissionId: done.submissionId } })).toBe(3)
    expect((await regradeSubmission('no-such-submission', prof.id).catch((e) => e)).status).toBe(404)
  })
})
