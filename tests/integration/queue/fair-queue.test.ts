import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { BAND_BASE } from '@/lib/queue/fair-priority'
import { closeGradingQueue, GRADING_QUEUE, gradingQueue, REGRADE_QUEUE, regradeQueue } from '@/lib/queue/grading-queue'

import { reconcileRuns } from '../../../worker/reconcile'
import { syncRealContent } from '../../support/fixtures'
import { assignmentBySlug } from '../instructor-fixtures'

import { completions, queueRun, recordingWorker, students } from './support'

let assignmentId: string
const t0 = Date.now() - 3600_000
const at = (i: number) => new Date(t0 + i * 1000)

beforeAll(async () => {
  await syncRealContent()
  assignmentId = (await assignmentBySlug('opcode-counter')).id
})
beforeEach(async () => {
  await prisma.gradingRun.deleteMany()
  await prisma.submission.deleteMany()
  await gradingQueue().obliterate({ force: true })
  await regradeQueue().obliterate({ force: true })
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

describe('the fair grading queue', () => {
  it("takes another student's first submission within the first two, behind one student's twenty", async () => {
    const [a, b] = await students(2)
    const aRuns: { id: string }[] = []
    for (let i = 0; i < 20; i++) aRuns.push(await queueRun(a!.id, assignmentId, 'submission', at(i)))
    const bRun = await queueRun(b!.id, assignmentId, 'submission', at(20))

    const jobs = await gradingQueue().getJobs(['prioritized', 'waiting'])
    expect(jobs.find((j) => j.id === bRun.id)?.opts.priority).toBe(BAND_BASE.submission)
    expect(jobs.find((j) => j.id === aRuns[19]!.id)?.opts.priority).toBe(BAND_BASE.submission + 19)

    const log = { order: [] as string[], running: 0, maxRunning: 0 }
    const worker = recordingWorker(GRADING_QUEUE, log, 1, 5)
    const done = completions(worker, 21)
    void worker.run()
    await done
    await worker.close()
    expect(log.order).toHaveLength(21)
    expect(log.order.indexOf(bRun.id)).toBeLessThan(2)
    // student A's own submissions keep their order
    expect(log.order.filter((id) => id !== bRun.id)).toEqual(aRuns.map((r) => r.id))
  })

  it('takes submissions before practice runs, whatever was queued first', async () => {
    const [a, b] = await students(2)
    const practice = await queueRun(a!.id, assignmentId, 'practice', at(0))
    const submission = await queueRun(b!.id, assignmentId, 'submission', at(1))
    const log = { order: [] as string[], running: 0, maxRunning: 0 }
    const worker = recordingWorker(GRADING_QUEUE, log, 1, 5)
    const done = completions(worker, 2)
    void worker.run()
    await done
    await worker.close()
    expect(log.order).toEqual([submission.id, practice.id])
  })

  it('runs regrades in their own lane, never more than the cap at once, while live submissions are taken first', async () => {
    const users = await students(12)
    const regrades: { id: string }[] = []
    for (let i = 0; i < 10; i++) regrades.push(await queueRun(users[i]!.id, assignmentId, 'regrade', at(i)))
    expect(await gradingQueue().count()).toBe(0)
    expect(await regradeQueue().count()).toBe(10)
    await regradeQueue().setGlobalConcurrency(1)

    const live = { order: [] as string[], running: 0, maxRunning: 0 }
    const lane = { order: [] as string[], running: 0, maxRunning: 0 }
    // two hosts, each with a regrade worker that would take 3 at once: the lane's cap holds across both
    const liveWorker = recordingWorker(GRADING_QUEUE, live, 1, 10)
    const regradeWorkers = [recordingWorker(REGRADE_QUEUE, lane, 3, 150), recordingWorker(REGRADE_QUEUE, lane, 3, 150)]
    let regradeCompleted = 0
    const allRegrades = new Promise<void>((resolve) => {
      for (const w of regradeWorkers) w.on('completed', () => ++regradeCompleted === 10 && resolve())
    })
    for (const w of regradeWorkers) void w.run()
    await new Promise((r) => setTimeout(r, 60))
    // a burst of live submissions arrives while the regrade backlog drains
    const liveRuns: { id: string }[] = []
    for (let i = 0; i < 2; i++) liveRuns.push(await queueRun(users[10 + i]!.id, assignmentId, 'submission', at(100 + i)))
    const liveDone = completions(liveWorker, 2)
    void liveWorker.run()
    await liveDone
    const regradesLeftWhenLiveDone = 10 - regradeCompleted
    await allRegrades
    await Promise.all([liveWorker.close(), ...regradeWorkers.map((w) => w.close())])

    expect(live.order.sort()).toEqual(liveRuns.map((r) => r.id).sort())
    expect(lane.order.sort()).toEqual(regrades.map((r) => r.id).sort())
    expect(lane.maxRunning).toBe(1)
    // the live submissions did not wait for the backlog: most of it was still queued when they were done
    expect(regradesLeftWhenLiveDone).toBeGreaterThan(5)
  })

  it('re-enqueues a run that never reached Redis into its own lane', async () => {
    const [a, b] = await students(2)
    const live = await queueRun(a!.id, assignmentId, 'submission', at(0))
    const regrade = await queueRun(b!.id, assignmentId, 'regrade', at(1))
    await gradingQueue().obliterate({ force: true })
    await regradeQueue().obliterate({ force: true })
    expect(await reconcileRuns(prisma)).toEqual({ enqueued: 2, reclaimed: 0 })
    expect((await gradingQueue().getJobs(['prioritized', 'waiting'])).map((j) => j.id)).toEqual([live.id])
    expect((await regradeQueue().getJobs(['prioritized', 'waiting'])).map((j) => j.id)).toEqual([regrade.id])
  })
})
