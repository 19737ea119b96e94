import fs from 'node:fs/promises'
import path from 'node:path'

import { UnrecoverableError } from 'bullmq'
import type { Redis } from 'ioredis'

import { courseDir } from '@/lib/config/env'
import { assignmentContentHash } from '@/lib/content/assignments'
import type { PrismaClient } from '@/lib/db/prisma'
import type { EngineResult } from '@/lib/grading/engine'

export type { EngineResult }
import { SandboxAbortedError } from '@/lib/grading/sandbox'
import { gradingJobSchema, type GradingJob } from '@/lib/queue/grading-queue'
import { claimRun, recordFailure, recordPhase, recordResult, renewLease, resultOutcome } from '@/lib/runs/lifecycle'
import { publishProgress, type ProgressEvent } from '@/lib/submissions/progress'

export type GradeFn = (input: {
  assignmentDir: string
  patchText: string
  jobId: string
  /** practice runs build and run the public tests only */
  publicOnly: boolean
  onEvent: (event: ProgressEvent) => void
  /** labels for the sandbox: which worker and attempt own it, so clean-up elsewhere never removes it */
  sandboxLabels: Record<string, string>
  /** aborted when this attempt no longer holds the run: the sandbox is removed and the grade rejects */
  signal: AbortSignal
  /**
   * Whose build cache the build may read and write: the submitting student's, for their own submission's first run
   * (graded or practice). Absent for regrades, which build without any cache (docs/security.md "The build cache").
   */
  buildCacheOwner?: { userId: string; assignmentId: string }
}) => Promise<EngineResult>

export type GradingDeps = {
  prisma: PrismaClient
  redis: Redis
  grade: GradeFn
  workerId: string
  leaseMs?: number
  maxAttempts?: number
  /** the host that grades (Docker engine and worker), stored with the result (worker/grader.ts gradedOnLabel) */
  gradedOn?: string
}

export type GradingOutcome = { runId: string; status: 'DONE' | 'missing' | 'already-done' | 'superseded'; score: number | null }

/** Labels naming the attempt that owns a sandbox (read back by the sandbox clean-up, worker/sandbox-cleanup.ts). */
export const ATTEMPT_LABEL = 'cpython-course.attempt'
export const WORKER_LABEL = 'cpython-course.worker'

/**
 * One grading job: claim a new attempt at the run, build and test its patch, and record the result as that
 * attempt. A compile error or failing test is a result; infrastructure failures throw (and are retried by the
 * queue), and after the last attempt the run becomes an ERROR run that staff see. An attempt that loses the run
 * to another one (see lib/runs/attempts.ts) stops its sandbox and writes nothing.
 */
export async function processGradingJob(data: unknown, attempt: { made: number; max: number }, deps: GradingDeps): Promise<GradingOutcome> {
  const job: GradingJob = gradingJobSchema.parse(data)
  const { prisma, redis } = deps
  const leaseMs = deps.leaseMs ?? 30_000
  const claim = await claimRun(prisma, job.runId, deps.workerId, leaseMs)
  if (!claim.ok) {
    const run = await prisma.gradingRun.findUnique({ where: { id: job.runId }, select: { score: true } })
    return { runId: job.runId, status: claim.reason === 'missing' ? 'missing' : 'already-done', score: run?.score ?? null }
  }
  const mine = claim.attempt
  const run = await prisma.gradingRun.findUniqueOrThrow({ where: { id: mine.runId }, include: { submission: { include: { assignment: true } } } })
  const submission = run.submission
  const assignment = submission.assignment
  // the queue's own count resets when Redis loses the job; the run's count in PostgreSQL does not
  const maxAttempts = deps.maxAttempts ?? attempt.max
  const last = () => Math.max(attempt.made + 1, mine.number) >= maxAttempts

  // events of an attempt that lost the run are dropped: the browser follows the attempt that replaced it
  const superseded = new AbortController()
  const publish = (event: ProgressEvent) =>
    superseded.signal.aborted
      ? Promise.resolve()
      : publishProgress(redis, submission.id, run.id, event).catch((e) => console.warn(`progress event lost: ${(e as Error).message}`))
  await publish({ type: 'phase', phase: 'starting' })
  const renew = setInterval(
    () => {
      renewLease(prisma, mine, leaseMs)
        .then((holds) => {
          if (!holds && !superseded.signal.aborted) {
            console.warn(`run ${run.id}: attempt ${mine.number} no longer holds the run; stopping its sandbox`)
            superseded.abort()
          }
        })
        // PostgreSQL unreachable: keep going; the result write is fenced anyway
        .catch(() => {})
    },
    Math.max(1_000, leaseMs / 3),
  )

  let phase = 'starting'
  // phase updates are written in order and never after the final result: each waits for the one before, only
  // touches a run this attempt still holds, and the result is written after the last of them
  let phaseWrites: Promise<unknown> = Promise.resolve()
  const settlePhases = () => phaseWrites.catch(() => {})
  const assignmentDir = path.join(courseDir(), 'homework', assignment.slug)
  let result: EngineResult
  try {
    // The tests this worker would run must be the ones the course synced: otherwise the grade would come from other
    // content than students and staff see (a deploy without content:sync, another checkout). Retrying cannot help.
    const onDisk = await contentHashOf(assignmentDir)
    if (onDisk !== assignment.contentHash) {
      throw new UnrecoverableError(
        `the files of assignment ${assignment.slug} on this worker (${assignmentDir}, content hash ${onDisk?.slice(0, 12) ?? 'missing'}) differ from the synced content (${assignment.contentHash.slice(0, 12)}): deploy the same course content to every worker and run npm run content:sync, then regrade`,
      )
    }
    result = await deps.grade({
      assignmentDir,
      patchText: submission.patch,
      jobId: run.id,
      publicOnly: submission.kind === 'PRACTICE',
      sandboxLabels: { [ATTEMPT_LABEL]: String(mine.number), [WORKER_LABEL]: labelValue(deps.workerId) },
      signal: superseded.signal,
      ...(run.reason === 'INITIAL' ? { buildCacheOwner: { userId: submission.userId, assignmentId: assignment.id } } : {}),
      onEvent: (event) => {
        if (event.type === 'phase' && event.phase !== phase) {
          phase = event.phase
          const next = phase
          phaseWrites = phaseWrites.then(() => recordPhase(prisma, mine, next)).catch(() => {})
        }
        void publish(event)
      },
    })
    // The engine refused the patch at grading time although intake accepted it: the content or the tree drifted
    // between the two. Not the student's result, and retrying cannot help.
    if (result.status === 'rejected') {
      throw new UnrecoverableError(
        `the grader refused a patch that intake accepted (assignment content or CPython tree changed?): ${result.build.log.split('\n').slice(0, 3).join('; ')}`,
      )
    }
  } catch (error) {
    clearInterval(renew)
    await settlePhases()
    if (superseded.signal.aborted || error instanceof SandboxAbortedError) return { runId: run.id, status: 'superseded', score: null }
    const message = (error as Error).message
    const final = last() || error instanceof UnrecoverableError
    const recorded = await recordFailure(prisma, mine, { message, last: final })
    if (!recorded) return { runId: run.id, status: 'superseded', score: null }
    await publish(
      final
        ? { type: 'phase', phase: 'error', message: 'Grading failed on our side; staff have been told. Your submission is kept.' }
        : { type: 'phase', phase: 'queued', message: 'The grader hit a problem on our side; retrying shortly.' },
    )
    throw final && !(error instanceof UnrecoverableError) ? new UnrecoverableError(message) : error
  }
  clearInterval(renew)
  await settlePhases()

  const stored = await recordResult(prisma, mine, result, assignment.maxScore, new Date(), deps.gradedOn)
  if (!stored) {
    console.warn(`run ${run.id}: attempt ${mine.number} finished after another attempt took the run; its result is discarded`)
    return { runId: run.id, status: 'superseded', score: null }
  }
  const outcome = resultOutcome(result, assignment.maxScore)
  await publish({ type: 'done', status: outcome.submissionStatus, score: outcome.score, maxScore: outcome.maxScore })
  return { runId: run.id, status: 'DONE', score: outcome.score }
}

async function contentHashOf(dir: string): Promise<string | null> {
  try {
    await fs.access(dir)
    return assignmentContentHash(dir)
  } catch {
    return null
  }
}

/** Docker label values here are [A-Za-z0-9_.:@-]. */
function labelValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.:@-]/g, '_').slice(0, 200)
}
