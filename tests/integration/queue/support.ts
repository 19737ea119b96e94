import { Worker } from 'bullmq'

import { queuePrefix } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { PRIORITY } from '@/lib/queue/grading-queue'
import { createRedis } from '@/lib/queue/redis'
import { dispatchRun } from '@/lib/submissions/dispatch'

import { createUser } from '../../support/fixtures'

export type Kind = keyof typeof PRIORITY

/** A QUEUED run of a new submission of the student's, created at `createdAt`, then dispatched as the app does. */
export async function queueRun(userId: string, assignmentId: string, kind: Kind, createdAt: Date) {
  const submission = await prisma.submission.create({
    data: {
      userId,
      assignmentId,
      kind: kind === 'practice' ? 'PRACTICE' : 'GRADED',
      source: 'UPLOAD',
      patch: '',
      patchSha256: 'x',
      patchBytes: 0,
      patchFiles: [],
      createdAt,
    },
  })
  const run = await prisma.gradingRun.create({
    data: { submissionId: submission.id, priority: PRIORITY[kind], createdAt, reason: kind === 'regrade' ? 'REGRADE' : 'INITIAL' },
  })
  if (!(await dispatchRun(run))) throw new Error(`run ${run.id} was not enqueued`)
  return run
}

export async function students(n: number) {
  return Promise.all(Array.from({ length: n }, () => createUser()))
}

/**
 * A worker on a lane that records the order and the overlap of the jobs it takes, each taking `holdMs`
 * (a stand-in for grading: no Docker here, the queue's order is what is under test).
 */
export function recordingWorker(queueName: string, log: { order: string[]; running: number; maxRunning: number }, concurrency: number, holdMs = 20) {
  return new Worker(
    queueName,
    async (job) => {
      log.running++
      log.maxRunning = Math.max(log.maxRunning, log.running)
      log.order.push(job.id!)
      await new Promise((r) => setTimeout(r, holdMs))
      log.running--
    },
    { connection: createRedis('worker'), prefix: queuePrefix(), concurrency, autorun: false },
  )
}

/** Resolves when `n` jobs completed on the worker. */
export function completions(worker: Worker, n: number): Promise<void> {
  return new Promise((resolve) => {
    let done = 0
    worker.on('completed', () => {
      if (++done === n) resolve()
    })
  })
}
