import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { closeGradingQueue, gradingQueue, regradeQueue } from '@/lib/queue/grading-queue'
import { beat, clearBeat } from '@/lib/queue/heartbeat'
import { sharedRedis } from '@/lib/queue/redis'
import { medianGradingMs, queueStanding } from '@/lib/submissions/queue-standing'
import { getSubmissionView } from '@/lib/submissions/view'

import { syncRealContent } from '../../support/fixtures'
import { asSessionUser, assignmentBySlug } from '../instructor-fixtures'

import { queueRun, students } from './support'

let assignmentId: string
const t0 = Date.now() - 3600_000
const at = (i: number) => new Date(t0 + i * 1000)

beforeAll(async () => {
  await syncRealContent()
  assignmentId = (await assignmentBySlug('opcode-counter')).id
})
beforeEach(async () => {
  await prisma.testResult.deleteMany()
  await prisma.gradingRun.deleteMany()
  await prisma.submission.deleteMany()
  await gradingQueue().obliterate({ force: true })
  await regradeQueue().obliterate({ force: true })
})
afterAll(async () => {
  await clearBeat(sharedRedis(), 'standing-a')
  await clearBeat(sharedRedis(), 'standing-b')
  await gradingQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await regradeQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await closeGradingQueue()
  sharedRedis().disconnect()
})

/** Finished runs of the assignment that took these many seconds. */
async function finishedRuns(userId: string, seconds: number[]) {
  for (const [i, s] of seconds.entries()) {
    const run = await queueRun(userId, assignmentId, 'submission', at(-100 - i))
    const startedAt = new Date(t0 - 50_000)
    await prisma.gradingRun.update({ where: { id: run.id }, data: { status: 'DONE', startedAt, finishedAt: new Date(startedAt.getTime() + s * 1000) } })
  }
}

describe("a queued run's position and ETA", () => {
  it('counts the runs ahead by fair priority and estimates from the median grading time and the live slots', async () => {
    const [a, b, c, done] = await students(4)
    await finishedRuns(done!.id, [10, 30, 20, 400, 25])
    expect(await medianGradingMs(prisma, assignmentId)).toBe(25_000)

    // A has 5 queued, B then 1, C a practice run first of all
    const practice = await queueRun(c!.id, assignmentId, 'practice', at(0))
    const aRuns: { id: string }[] = []
    for (let i = 0; i < 5; i++) aRuns.push(await queueRun(a!.id, assignmentId, 'submission', at(1 + i)))
    const bRun = await queueRun(b!.id, assignmentId, 'submission', at(10))
    const regrade = await queueRun(c!.id, assignmentId, 'regrade', at(11))
    const row = (id: string) => prisma.gradingRun.findUniqueOrThrow({ where: { id } })

    // two workers alive, 2 + 1 slots
    await beat(sharedRedis(), { workerId: 'standing-a', at: new Date().toISOString(), running: 0, concurrency: 2 })
    await beat(sharedRedis(), { workerId: 'standing-b', at: new Date().toISOString(), running: 0, concurrency: 1 })

    // B's first is behind only A's first (same priority, earlier): position 2, graded in the first round of 3 slots
    expect(await queueStanding(prisma, sharedRedis(), await row(bRun.id), assignmentId)).toEqual({ position: 2, etaMs: 25_000 })
    // A's fifth: A's four before it, B's first: 5 ahead → rounds of 3: floor(5/3) + 1 = 2 rounds
    expect(await queueStanding(prisma, sharedRedis(), await row(aRuns[4]!.id), assignmentId)).toEqual({ position: 6, etaMs: 50_000 })
    // the practice run waits behind all six submissions though it came first
    expect(await queueStanding(prisma, sharedRedis(), await row(practice.id), assignmentId)).toEqual({ position: 7, etaMs: 75_000 })
    // the regrade lane: behind everything, at the regrade cap (1 slot)
    expect(await queueStanding(prisma, sharedRedis(), await row(regrade.id), assignmentId)).toEqual({ position: 8, etaMs: 8 * 25_000 })

    // the submission page's view carries the same numbers
    const view = await getSubmissionView((await row(bRun.id)).submissionId, asSessionUser({ ...b!, role: 'STUDENT' }))
    expect(view).toMatchObject({ queuePosition: 2, queueEtaMs: 25_000 })

    // no worker alive: a position but no ETA
    await clearBeat(sharedRedis(), 'standing-a')
    await clearBeat(sharedRedis(), 'standing-b')
    expect(await queueStanding(prisma, sharedRedis(), await row(bRun.id), assignmentId)).toEqual({ position: 2, etaMs: null })
  })
})
