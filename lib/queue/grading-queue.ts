import { Queue, type JobsOptions } from 'bullmq'
import { z } from 'zod'

import { queuePrefix } from '@/lib/config/env'

import { createRedis } from './redis'

export const GRADING_QUEUE = 'grading'

export const gradingJobSchema = z.object({ submissionId: z.string().min(1), runId: z.string().min(1) })
export type GradingJob = z.infer<typeof gradingJobSchema>

/** Fresh submissions go first; regrades wait behind them (BullMQ: a lower number is a higher priority). */
export const PRIORITY = { submission: 1, practice: 2, regrade: 10 } as const

export const gradingJobOptions: JobsOptions = {
  // only infrastructure failures reach BullMQ's retry: a student's own failure is a graded result
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 5_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
}

/** The job id: the run id, so enqueueing the same run twice is a no-op. */
export function gradingJobId(job: GradingJob): string {
  return job.runId
}

let queue: Queue | undefined

export function gradingQueue(): Queue {
  queue ??= new Queue(GRADING_QUEUE, {
    connection: createRedis('client', { enableOfflineQueue: true }),
    prefix: queuePrefix(),
    defaultJobOptions: gradingJobOptions,
  })
  return queue
}

export async function enqueueGradingJob(job: GradingJob, priority: number): Promise<void> {
  await gradingQueue().add('grade', gradingJobSchema.parse(job), { jobId: gradingJobId(job), priority })
}

export async function closeGradingQueue(): Promise<void> {
  await queue?.close()
  queue = undefined
}
