import { Queue, type JobsOptions } from 'bullmq'
import { z } from 'zod'

import { ltiSettings, queuePrefix } from '@/lib/config/env'
import { createRedis } from '@/lib/queue/redis'

export const LTI_PASSBACK_QUEUE = 'lti-passback'

export const passbackJobSchema = z.object({ lineItemId: z.string().min(1), userId: z.string().min(1) })
export type PassbackJob = z.infer<typeof passbackJobSchema>

/**
 * Retries with backoff while the LMS is down. Jobs are removed when done or finally failed: what must still be sent
 * lives in LtiPassback (wanted vs sent), and the sweep enqueues it again, so nothing is lost when retries run out.
 */
export function passbackJobOptions(): JobsOptions {
  return {
    attempts: ltiSettings().passbackAttempts,
    backoff: { type: 'exponential', delay: ltiSettings().passbackBackoffMs },
    removeOnComplete: true,
    removeOnFail: true,
  }
}

/** One job per (line item, student) at a time: BullMQ ignores an add while a job with that id exists. */
export function passbackJobId(job: PassbackJob): string {
  return `lti-${job.lineItemId}-${job.userId}`
}

let queue: Queue | undefined

export function passbackQueue(): Queue {
  queue ??= new Queue(LTI_PASSBACK_QUEUE, { connection: createRedis('client', { enableOfflineQueue: true }), prefix: queuePrefix() })
  return queue
}

export async function enqueuePassbackJob(job: PassbackJob): Promise<void> {
  await passbackQueue().add('passback', passbackJobSchema.parse(job), { ...passbackJobOptions(), jobId: passbackJobId(job) })
}

export async function closePassbackQueue(): Promise<void> {
  await queue?.close()
  queue = undefined
}
