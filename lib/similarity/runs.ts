// Similarity runs: asking for one (an instructor, or a deadline that passed), getting it to the queue, and the
// reconciler that covers a crash between commit and enqueue. Like grading runs, the row is the outbox: a QUEUED run
// without `enqueuedAt` is enqueued later by the worker.
import type { Queue } from 'bullmq'

import { prisma, type PrismaClient } from '@/lib/db/prisma'
import { AppError, notFound } from '@/lib/http/errors'
import { enqueueSimilarityJob } from '@/lib/queue/similarity-queue'

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0]

/** Hand a committed QUEUED run to the queue and stamp it; on failure the reconciler retries. */
export async function dispatchSimilarityRun(runId: string, db: PrismaClient = prisma): Promise<boolean> {
  try {
    await enqueueSimilarityJob({ runId })
    await db.similarityRun.updateMany({ where: { id: runId, enqueuedAt: null }, data: { enqueuedAt: new Date() } })
    return true
  } catch (error) {
    console.warn(`similarity run ${runId} not enqueued yet (${(error as Error).message}); the reconciler will retry`)
    return false
  }
}

/** An instructor asks for a check of one assignment. Refused while one is waiting or running. */
export async function requestSimilarityRun(slug: string, requestedById: string): Promise<{ runId: string; enqueued: boolean }> {
  const assignment = await prisma.assignment.findUnique({ where: { slug }, select: { id: true } })
  if (!assignment) throw notFound(`The assignment "${slug}"`)
  const run = await prisma.$transaction(async (tx: Tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`similarity:${assignment.id}`}))`
    const busy = await tx.similarityRun.findFirst({ where: { assignmentId: assignment.id, status: { in: ['QUEUED', 'RUNNING'] } }, select: { id: true } })
    if (busy)
      throw new AppError(
        409,
        'similarity_busy',
        'A similarity check of this assignment is already waiting or running; its results appear here when it finishes.',
      )
    return tx.similarityRun.create({ data: { assignmentId: assignment.id, trigger: 'INSTRUCTOR', requestedById }, select: { id: true } })
  })
  return { runId: run.id, enqueued: await dispatchSimilarityRun(run.id) }
}

/**
 * A run for every published assignment whose deadline has passed and that has had no run since (whoever asked for
 * it), once at least two students have submitted. Idempotent: the check and the insert hold the assignment's lock.
 */
export async function queueDeadlineRuns(db: PrismaClient = prisma, now = new Date()): Promise<string[]> {
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT a."id" FROM "Assignment" a
    WHERE a."published" AND a."dueAt" < ${now}
      AND NOT EXISTS (SELECT 1 FROM "SimilarityRun" r WHERE r."assignmentId" = a."id" AND r."createdAt" >= a."dueAt")
      AND (SELECT COUNT(DISTINCT s."userId") FROM "Submission" s WHERE s."assignmentId" = a."id" AND s."kind" = 'GRADED') >= 2`
  const created: string[] = []
  for (const { id } of due) {
    const run = await db.$transaction(async (tx: Tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`similarity:${id}`}))`
      const a = await tx.assignment.findUniqueOrThrow({ where: { id }, select: { dueAt: true } })
      const since = await tx.similarityRun.findFirst({ where: { assignmentId: id, createdAt: { gte: a.dueAt } }, select: { id: true } })
      if (since) return null
      return tx.similarityRun.create({ data: { assignmentId: id, trigger: 'DEADLINE', createdAt: now }, select: { id: true } })
    })
    if (run) created.push(run.id)
  }
  return created
}

const LIVE_STATES = new Set(['waiting', 'delayed', 'prioritized', 'active', 'waiting-children'])

/**
 * Deadline runs, then every QUEUED run that is not in the queue (never enqueued, or lost with Redis), and every
 * RUNNING run whose job is no longer active (its worker died after its last retry was taken).
 */
export async function reconcileSimilarityRuns(db: PrismaClient, queue: Queue, now = new Date()): Promise<{ created: number; enqueued: number }> {
  const created = await queueDeadlineRuns(db, now)
  let enqueued = 0
  const open = await db.similarityRun.findMany({
    where: { status: { in: ['QUEUED', 'RUNNING'] } },
    select: { id: true, status: true },
    orderBy: { createdAt: 'asc' },
    take: 200,
  })
  for (const run of open) {
    const job = await queue.getJob(run.id)
    const state = job ? await job.getState() : 'missing'
    if (LIVE_STATES.has(state)) continue
    if (run.status === 'RUNNING' && state === 'failed') continue // the processor records the error on the last attempt
    if (job && (state === 'completed' || state === 'failed')) await job.remove().catch(() => {})
    if (run.status === 'RUNNING') await db.similarityRun.updateMany({ where: { id: run.id, status: 'RUNNING' }, data: { status: 'QUEUED', enqueuedAt: null } })
    if (await dispatchSimilarityRun(run.id, db)) enqueued++
  }
  return { created: created.length, enqueued }
}
