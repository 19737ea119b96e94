import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { operationsOverview } from '@/lib/operations/overview'
import { closeGradingQueue, gradingQueue, regradeQueue } from '@/lib/queue/grading-queue'
import { beat, clearBeat } from '@/lib/queue/heartbeat'
import { sharedRedis } from '@/lib/queue/redis'

import { syncRealContent } from '../../support/fixtures'
import { assignmentBySlug } from '../instructor-fixtures'

import { queueRun, students } from './support'

let assignmentId: string
// a fixed clock on a 10-minute boundary: the buckets are 10:00, 10:10, … of that day
const NOW = new Date(Math.floor(Date.now() / 600_000) * 600_000)
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000)

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
  await clearBeat(sharedRedis(), 'ops-worker')
  await gradingQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await regradeQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await closeGradingQueue()
  sharedRedis().disconnect()
})

describe('the operations overview', () => {
  it('reports each lane, the workers alive and the last hours from the runs’ timestamps', async () => {
    const [a, b, c] = await students(3)
    // graded earlier: waited 4 and 6 minutes, started 25 and 24 minutes ago (the bucket 30–20 min ago)
    for (const [created, started] of [
      [29, 25],
      [30, 24],
    ] as const) {
      const run = await queueRun(a!.id, assignmentId, 'submission', ago(created))
      await prisma.gradingRun.update({ where: { id: run.id }, data: { status: 'DONE', startedAt: ago(started), finishedAt: ago(started - 1) } })
      await gradingQueue().remove(run.id) // graded: its job is gone
    }
    // waiting now: two live runs (the oldest for 15 minutes) and three regrades
    await queueRun(b!.id, assignmentId, 'submission', ago(15))
    await queueRun(c!.id, assignmentId, 'practice', ago(5))
    for (let i = 0; i < 3; i++) await queueRun([a, b, c][i]!.id, assignmentId, 'regrade', ago(12 - i))
    await beat(sharedRedis(), { workerId: 'ops-worker', at: NOW.toISOString(), running: 1, concurrency: 2, engine: 'host-a' })

    const o = await operationsOverview(prisma, sharedRedis(), NOW)
    expect(o.lanes).toEqual([
      { lane: 'live', queued: 2, jobsWaiting: 2, jobsActive: 0, oldestWaitMs: 15 * 60_000, cap: null },
      { lane: 'regrade', queued: 3, jobsWaiting: 3, jobsActive: 0, oldestWaitMs: 12 * 60_000, cap: 1 },
    ])
    expect(o.workers).toEqual([{ workerId: 'ops-worker', host: 'host-a', running: 1, concurrency: 2, at: NOW.toISOString() }])

    // 6 hours of 10-minute buckets, oldest first
    expect(o.history).toHaveLength(36)
    const bucket = (minutesAgo: number) => o.history.find((h) => h.at.getTime() === ago(minutesAgo).getTime())!
    // 30–20 min ago: the two graded runs started (median of 4 and 6 min); at its end, neither waits any more
    expect(bucket(30)).toMatchObject({ depth: 0, medianWaitMs: 5 * 60_000 })
    // 20–10 min ago: the live run from 15 min ago and the regrades from 12, 11 and 10 min ago (created at its very
    // end) wait at its end
    expect(bucket(20)).toMatchObject({ depth: 4, medianWaitMs: null })
    // the last 10 minutes: all five waiting runs
    expect(bucket(10)).toMatchObject({ depth: 5, medianWaitMs: null })
    expect(o.history[0]).toMatchObject({ depth: 0, medianWaitMs: null })
  })
})
