// Grade passback (AGS) through the real queue (BullMQ on the real Redis, this file's prefix) to the test platform:
// line items created for placed work, scores after the late policy, again after a regrade and a manual score, never
// resent when unchanged, and delivered after the platform comes back from being down, never older over newer.
import { Worker } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { queuePrefix } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { setManualScore } from '@/lib/grades/overrides'
import { notifyScoreChanged, passbackOverview, processPassbackJob, sweepPassbacks } from '@/lib/lti/passback'
import { closePassbackQueue, LTI_PASSBACK_QUEUE, passbackJobSchema, passbackQueue } from '@/lib/lti/passback-queue'
import { createRedis } from '@/lib/queue/redis'

import { syncRealContent } from '../../support/fixtures'
import { ROLE, type TestPlatform } from '../../support/lti-platform'
import { assignmentBySlug, gradedSubmission } from '../instructor-fixtures'

import { configureToolEnv, fullLaunch, sessionUserId, startPlatformAndRegister } from './lti-helpers'

configureToolEnv()
process.env.LTI_PASSBACK_BACKOFF_MS = '300'
process.env.LTI_PASSBACK_ATTEMPTS = '20'

let platform: TestPlatform
let worker: Worker
const student = { sub: 'lms-passback-student', name: 'Pat Back', roles: [ROLE.learner] }
let userId: string

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const lineItemAtPlatform = () => platform.lineItemByResource('assignment:opcode-counter')
const applied = () => {
  const li = lineItemAtPlatform()
  return li ? platform.appliedScores(li.id, student.sub) : []
}
const lastApplied = () => applied().at(-1)?.scoreGiven

beforeAll(async () => {
  await syncRealContent()
  platform = (await startPlatformAndRegister({ contextId: 'passback-course' })).platform
  const { res } = await fullLaunch(platform, { user: student, custom: { resource: 'assignment:opcode-counter' } })
  userId = (await sessionUserId(res))!
  worker = new Worker(LTI_PASSBACK_QUEUE, async (job) => processPassbackJob(passbackJobSchema.parse(job.data)), {
    connection: createRedis('worker'),
    prefix: queuePrefix(),
  })
})
afterAll(async () => {
  await worker?.close()
  await passbackQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await closePassbackQueue()
  await platform?.close()
})

describe('AGS grade passback', () => {
  it('creates the line item at the platform and sends the score after the late policy', async () => {
    const a = await assignmentBySlug('opcode-counter')
    // two days late at 10%/day: 80 raw → 64
    await gradedSubmission({ userId, assignmentId: a.id, createdAt: new Date(a.dueAt.getTime() + 86400_000 + 1000), lateSeconds: 86401, score: 80 })
    const swept = await sweepPassbacks(null)
    expect(swept.enqueued).toBeGreaterThan(0)
    await until('the score at the platform', () => lastApplied() === 64)
    const li = lineItemAtPlatform()!
    expect(li).toMatchObject({ scoreMaximum: a.maxScore, label: a.title })
    const [score] = applied()
    expect(score).toMatchObject({
      userId: student.sub,
      scoreGiven: 64,
      scoreMaximum: a.maxScore,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    })
    const overview = await passbackOverview()
    const email = (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email
    expect(overview.find((r) => r.email === email)).toMatchObject({ item: a.title, sentScore: 64, pending: false, lastError: null })
  })

  it('sends nothing again while the score is unchanged', async () => {
    const posts = platform.state.scorePosts
    expect((await sweepPassbacks(null)).enqueued).toBe(0)
    await new Promise((r) => setTimeout(r, 500))
    expect(platform.state.scorePosts).toBe(posts)
  })

  it('sends the regraded score (found by the sweep of finished runs), with a later timestamp', async () => {
    const a = await assignmentBySlug('opcode-counter')
    const sub = await prisma.submission.findFirstOrThrow({ where: { userId, assignmentId: a.id } })
    const since = new Date(Date.now() - 1000)
    const regrade = await prisma.gradingRun.create({
      data: { submissionId: sub.id, reason: 'REGRADE', status: 'DONE', finishedAt: new Date(), score: 90, maxScore: 100 },
    })
    await prisma.submission.update({ where: { id: sub.id }, data: { currentRunId: regrade.id } })
    expect((await sweepPassbacks(since)).students).toBe(1)
    await until('the regraded score', () => lastApplied() === 72)
    const [first, second] = applied().slice(-2)
    expect(Date.parse(second!.timestamp)).toBeGreaterThan(Date.parse(first!.timestamp))
  })

  it('sends a manual score at once through the instructor-action hook', async () => {
    const a = await assignmentBySlug('opcode-counter')
    const instructor = await prisma.user.create({ data: { email: `prof-${Date.now()}@example.edu`, role: 'INSTRUCTOR' } })
    await setManualScore({ userId, assignmentId: a.id, score: 95, comment: 'excellent write-up', byId: instructor.id })
    await notifyScoreChanged(userId, a.id)
    await until('the manual score', () => lastApplied() === 95)
  })

  it('keeps retrying while the platform is down and delivers the newest score when it is back, never an older one after it', async () => {
    const a = await assignmentBySlug('opcode-counter')
    const instructor = await prisma.user.findFirstOrThrow({ where: { role: 'INSTRUCTOR' } })
    platform.state.down = true
    await setManualScore({ userId, assignmentId: a.id, score: 50, comment: 'plagiarism found', byId: instructor.id })
    await notifyScoreChanged(userId, a.id)
    const failing = await until('a recorded failure', async () => {
      const rows = await prisma.ltiPassback.findMany({ where: { userId } })
      return rows.find((r) => r.attempts >= 2 && r.lastError?.includes('503'))
    })
    expect(failing.sentScore).toBe(95)
    // while it is down the score changes again: only the newest must land
    await setManualScore({ userId, assignmentId: a.id, score: 55, comment: 'partial credit restored', byId: instructor.id })
    await notifyScoreChanged(userId, a.id)
    expect(lastApplied()).toBe(95)
    platform.state.down = false
    await until('the score after the outage', () => lastApplied() === 55)
    const timestamps = applied().map((s) => Date.parse(s.timestamp))
    expect([...timestamps].sort((x, y) => x - y)).toEqual(timestamps)
    expect(applied().map((s) => s.scoreGiven)).toEqual([64, 72, 95, 55])
    const row = await prisma.ltiPassback.findFirstOrThrow({ where: { userId } })
    expect(row).toMatchObject({ sentScore: 55, wantedScore: 55, lastError: null, attempts: 0 })
  })

  it('re-enqueues from the database what the queue no longer holds (retries ran out, Redis lost the job)', async () => {
    const a = await assignmentBySlug('opcode-counter')
    const instructor = await prisma.user.findFirstOrThrow({ where: { role: 'INSTRUCTOR' } })
    await worker.pause()
    await setManualScore({ userId, assignmentId: a.id, score: 60, comment: 'final', byId: instructor.id })
    await notifyScoreChanged(userId, a.id)
    await passbackQueue().obliterate({ force: true })
    worker.resume()
    await new Promise((r) => setTimeout(r, 300))
    expect(lastApplied()).toBe(55)
    await sweepPassbacks(new Date())
    await until('the score enqueued again by the sweep', () => lastApplied() === 60)
  })
})
