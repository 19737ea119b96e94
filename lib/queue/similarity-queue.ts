import { Queue, type JobsOptions } from 'bullmq'
import { z } from 'zod'

import { queuePrefix } from '@/lib/config/env'

import { createRedis } from './redis'

/**
 * Similarity checks have a queue of their own, on the same Redis and prefix as grading, so a check of a whole class
 * never waits in front of a student's submission; its worker runs one check at a time.
 */
export const SIMILARITY_QUEUE = 'similarity'

export const similarityJobSchema = z.object({ runId: z.string().min(1) })
export type SimilarityJob = z.infer<typeof similarityJobSchema>

export const similarityJobOptions: JobsOptions = {
  // a check reads the database and compares text: a failure is infrastructure (database, Redis), worth a retry
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
}

let queue: Queue | undefined

export function similarityQueue(): Queue {
  queue ??= new Queue(SIMILARITY_QUEUE, {
    connection: createRedis('client', { enableOfflineQueue: true }),
    prefix: queuePrefix(),
    defaultJobOptions: similarityJobOptions,
  })
  return queue
}

/** The job id is the run id, so enqueueing the same run twice is a no-op. */
export async function enqueueSimilarityJob(job: SimilarityJob): Promise<void> {
  await similarityQueue().add('compare', similarityJobSchema.parse(job), { jobId: job.runId })
}

export async function closeSimilarityQueue(): Promise<void> {
  await queue?.close()
  queue = undefined
}
