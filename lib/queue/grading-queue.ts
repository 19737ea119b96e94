import { Queue, type JobsOptions } from 'bullmq'
import { z } from 'zod'

import { queuePrefix } from '@/lib/config/env'

import type { PriorityBand } from './fair-priority'
import { createRedis } from './redis'

/** The live lane: students' submissions and practice runs. */
export const GRADING_QUEUE = 'grading'
/** The regrade lane: its own queue with a deployment-wide concurrency cap (REGRADE_CONCURRENCY). */
export const REGRADE_QUEUE = 'grading-regrade'

export type GradingLane = 'live' | 'regrade'

export const gradingJobSchema = z.object({ submissionId: z.string().min(1), runId: z.string().min(1) })
export type GradingJob = z.infer<typeof gradingJobSchema>

/**
 * The run's kind as stored in GradingRun.priority: fresh submissions go first, then practice runs; regrades run in
 * a lane of their own. The BullMQ priority of a job is computed from it at enqueue time (lib/queue/fair-priority.ts).
 */
export const PRIORITY = { submission: 1, practice: 2, regrade: 10 } as const

/** The band of a stored GradingRun.priority. */
export function bandOf(storedPriority: number): PriorityBand {
  if (storedPriority >= PRIORITY.regrade) return 'regrade'
  if (storedPriority >= PRIORITY.practice) return 'practice'
  return 'submission'
}

/** Which queue a run goes to. */
export function laneOf(storedPriority: number): GradingLane {
  return bandOf(storedPriority) === 'regrade' ? 'regrade' : 'live'
}

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

const queues: Partial<Record<GradingLane, Queue>> = {}

function laneQueue(lane: GradingLane): Queue {
  queues[lane] ??= new Queue(lane === 'live' ? GRADING_QUEUE : REGRADE_QUEUE, {
    connection: createRedis('client', { enableOfflineQueue: true }),
    prefix: queuePrefix(),
    defaultJobOptions: gradingJobOptions,
  })
  return queues[lane]
}

/** The live lane's queue. */
export function gradingQueue(): Queue {
  return laneQueue('live')
}

/** The regrade lane's queue. */
export function regradeQueue(): Queue {
  return laneQueue('regrade')
}

/** The queue a run of this stored priority goes to. */
export function queueForRun(storedPriority: number): Queue {
  return laneQueue(laneOf(storedPriority))
}

/** Enqueue a run in its lane at a BullMQ priority computed by the caller (lib/submissions/dispatch.ts). */
export async function enqueueGradingJob(job: GradingJob, storedPriority: number, bullPriority: number): Promise<void> {
  await queueForRun(storedPriority).add('grade', gradingJobSchema.parse(job), { jobId: gradingJobId(job), priority: bullPriority })
}

export async function closeGradingQueue(): Promise<void> {
  const open = Object.values(queues)
  for (const lane of Object.keys(queues) as GradingLane[]) delete queues[lane]
  await Promise.all(open.map((q) => q.close()))
}
