import { Worker } from 'bullmq'

import { ltiSettings, queuePrefix } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { createRedis } from '@/lib/queue/redis'

import { contextsDueForRosterSync, syncRoster } from './nrps'
import { processPassbackJob, sweepPassbacks } from './passback'
import { closePassbackQueue, LTI_PASSBACK_QUEUE, passbackJobSchema } from './passback-queue'

type Log = (...parts: unknown[]) => void

const ROSTER_RETRY_MS = ltiSettings().rosterRetryMs

/** Login states and one-time tickets are useless a day after they expired. */
async function removeExpiredLoginRecords(): Promise<void> {
  const before = new Date(Date.now() - 24 * 3600_000)
  await prisma.ltiLoginState.deleteMany({ where: { expiresAt: { lt: before } } })
  await prisma.ltiTicket.deleteMany({ where: { expiresAt: { lt: before } } })
}

/**
 * The LTI side of the worker process: the passback queue's consumer, the sweep that finds changed grades (every
 * LTI_SWEEP_INTERVAL_MS, everything once an hour) and the daily roster sync of every LMS course.
 */
export function startLtiWorker(log: Log): { close(): Promise<void> } {
  const worker = new Worker(LTI_PASSBACK_QUEUE, async (job) => processPassbackJob(passbackJobSchema.parse(job.data)), {
    connection: createRedis('worker'),
    prefix: queuePrefix(),
    concurrency: ltiSettings().passbackConcurrency,
  })
  worker.on('failed', (job, error) => log(`lti passback ${job?.id}: attempt ${job?.attemptsMade} failed: ${error.message}`))
  worker.on('error', (error) => log(`lti passback worker error: ${error.message}`))

  const interval = ltiSettings().sweepIntervalMs
  const rosterMaxAge = ltiSettings().rosterMaxAgeMs
  const failedSyncs = new Map<string, number>()
  let lastSweep: Date | null = null
  let lastFull = 0
  let busy = false
  const tick = async () => {
    if (busy) return
    busy = true
    const started = new Date()
    try {
      const full = Date.now() - lastFull > 3600_000
      // a margin so a run finishing while the previous sweep ran is seen again (enqueueing is idempotent)
      const r = await sweepPassbacks(full || !lastSweep ? null : new Date(lastSweep.getTime() - 5_000))
      if (full) lastFull = Date.now()
      lastSweep = started
      if (r.enqueued) log(`lti sweep: ${r.enqueued} passback(s) enqueued for ${r.students} student(s)`)
      for (const id of await contextsDueForRosterSync(rosterMaxAge)) {
        // a course whose sync failed is tried again after a while, not on every tick
        if ((failedSyncs.get(id) ?? 0) > Date.now() - ROSTER_RETRY_MS) continue
        try {
          const s = await syncRoster(id)
          failedSyncs.delete(id)
          log(`lti roster sync ${id}: ${s.active} active, ${s.added} added, ${s.removed} removed`)
        } catch (e) {
          failedSyncs.set(id, Date.now())
          log(`lti roster sync ${id} failed: ${(e as Error).message}`)
        }
      }
      if (full) await removeExpiredLoginRecords()
    } catch (e) {
      log(`lti sweep failed: ${(e as Error).message}`)
    } finally {
      busy = false
    }
  }
  void tick()
  const timer = setInterval(() => void tick(), interval)
  return {
    async close() {
      clearInterval(timer)
      await worker.close()
      await closePassbackQueue()
    },
  }
}
