import path from 'node:path'

import type { Redis } from 'ioredis'

import { courseDir } from '@/lib/config/env'
import type { Prisma, PrismaClient } from '@/lib/db/prisma'
import type { EngineResult } from '@/lib/grading/engine'

export type { EngineResult }
import { checkAnnotationOnly } from '@/lib/grading/patch'
import { gradingJobSchema, type GradingJob } from '@/lib/queue/grading-queue'
import { publishProgress, type ProgressEvent } from '@/lib/submissions/progress'

export type GradeFn = (input: {
  assignmentDir: string
  patchText: string
  jobId: string
  /** practice runs build and run the public tests only */
  publicOnly: boolean
  onEvent: (event: ProgressEvent) => void
}) => Promise<EngineResult>

export type GradingDeps = { prisma: PrismaClient; redis: Redis; grade: GradeFn; workerId: string; leaseMs?: number }

const LOG_KEEP = 200_000

/**
 * One grading job: build and test the run's patch and record the result. Idempotent: a run already DONE is left
 * alone, and re-running replaces the run's test results in one transaction instead of adding to them. A compile
 * error or failing test is a result; only infrastructure failures throw (and are retried by the queue).
 */
export async function processGradingJob(data: unknown, attempt: { made: number; max: number }, deps: GradingDeps): Promise<{ runId: string; status: string; score: number | null }> {
  const job: GradingJob = gradingJobSchema.parse(data)
  const { prisma, redis } = deps
  const run = await prisma.gradingRun.findUnique({ where: { id: job.runId }, include: { submission: { include: { assignment: true } } } })
  if (!run) return { runId: job.runId, status: 'missing', score: null }
  if (run.status === 'DONE') return { runId: run.id, status: 'already-done', score: run.score }

  const submission = run.submission
  const assignment = submission.assignment
  const leaseMs = deps.leaseMs ?? 120_000
  const publish = (event: ProgressEvent) => publishProgress(redis, submission.id, run.id, event).catch((e) => console.warn(`progress event lost: ${(e as Error).message}`))
  await prisma.$transaction([
    prisma.gradingRun.update({
      where: { id: run.id },
      data: { status: 'RUNNING', phase: 'starting', startedAt: new Date(), leaseUntil: new Date(Date.now() + leaseMs), jobAttempts: { increment: 1 }, workerId: deps.workerId, errorMessage: null },
    }),
    prisma.submission.update({ where: { id: submission.id }, data: { status: 'RUNNING' } }),
  ])
  await publish({ type: 'phase', phase: 'starting' })
  const renew = setInterval(() => {
    prisma.gradingRun.update({ where: { id: run.id }, data: { leaseUntil: new Date(Date.now() + leaseMs) } }).catch(() => {})
  }, Math.max(1_000, leaseMs / 3))

  let phase = 'starting'
  // phase updates are written in order and never after the final result: each waits for the one before, only
  // touches a run still RUNNING, and the result is written after the last of them
  let phaseWrites: Promise<unknown> = Promise.resolve()
  const settlePhases = () => phaseWrites.catch(() => {})
  let result: EngineResult
  try {
    result = await deps.grade({
      assignmentDir: path.join(courseDir(), 'homework', assignment.slug),
      patchText: submission.patch,
      jobId: run.id,
      publicOnly: submission.kind === 'PRACTICE',
      onEvent: (event) => {
        if (event.type === 'phase' && event.phase !== phase) {
          phase = event.phase
          const next = phase
          phaseWrites = phaseWrites.then(() => prisma.gradingRun.updateMany({ where: { id: run.id, status: 'RUNNING' }, data: { phase: next } })).catch(() => {})
        }
        void publish(event)
      },
    })
  } catch (error) {
    clearInterval(renew)
    await settlePhases()
    const message = (error as Error).message
    const last = attempt.made + 1 >= attempt.max
    await prisma.$transaction([
      prisma.gradingRun.update({
        where: { id: run.id },
        data: last
          ? { status: 'ERROR', phase: 'error', finishedAt: new Date(), leaseUntil: null, errorMessage: `Grading failed on our side: ${message}` }
          : { status: 'RUNNING', phase: 'retrying', errorMessage: `retrying after: ${message}` },
      }),
      prisma.submission.update({ where: { id: submission.id }, data: { status: last ? 'ERROR' : 'QUEUED' } }),
    ])
    await publish(last ? { type: 'phase', phase: 'error', message: 'Grading failed on our side; staff have been told. Your submission is kept.' } : { type: 'phase', phase: 'queued', message: 'The grader hit a problem on our side; retrying shortly.' })
    throw error
  }
  clearInterval(renew)
  await settlePhases()

  const manual = assignment.kind === 'ANNOTATION'
  const annotationCounts = manual ? countAnnotations(submission.patch, assignment.manifest) : null
  const testRows = result.tests.map((t, position) => ({
    runId: run.id,
    position,
    name: t.name,
    visibility: t.visibility === 'hidden' ? ('HIDDEN' as const) : ('PUBLIC' as const),
    status: t.status.toUpperCase() as 'PASSED' | 'FAILED' | 'TIMEOUT' | 'ERROR',
    points: t.points,
    maxPoints: t.maxPoints,
    durationMs: Math.round(t.durationMs),
    exitCode: t.exitCode ?? null,
    stdout: t.stdout ?? null,
    stderr: t.stderr ?? null,
    diff: t.diff ?? null,
  }))
  const score = manual ? null : result.score
  await prisma.$transaction([
    prisma.testResult.deleteMany({ where: { runId: run.id } }),
    prisma.testResult.createMany({ data: testRows }),
    prisma.gradingRun.update({
      where: { id: run.id },
      data: {
        status: 'DONE',
        phase: 'done',
        finishedAt: new Date(),
        leaseUntil: null,
        score,
        maxScore: manual ? assignment.maxScore : result.maxScore,
        buildOk: result.build.ok,
        patchApplied: result.build.applied,
        buildLog: result.build.log.length > LOG_KEEP ? result.build.log.slice(-LOG_KEEP) : result.build.log,
        buildErrors: result.build.errors as unknown as Prisma.InputJsonValue,
        annotationCounts: annotationCounts ?? undefined,
        errorMessage: null,
        imageDigest: result.image.digest,
        cpythonVersion: result.image.version,
        cpythonVerified: result.image.verified,
      },
    }),
    prisma.submission.update({ where: { id: submission.id }, data: { status: manual ? 'NEEDS_MANUAL' : 'GRADED', currentRunId: run.id } }),
  ])
  await publish({ type: 'done', status: manual ? 'NEEDS_MANUAL' : 'GRADED', score, maxScore: manual ? assignment.maxScore : result.maxScore })
  return { runId: run.id, status: 'DONE', score }
}

function countAnnotations(patch: string, manifest: unknown): Record<string, number> {
  const files = (manifest as { annotation?: { files?: string[] } })?.annotation?.files ?? []
  return checkAnnotationOnly(patch, { files }).counts
}
