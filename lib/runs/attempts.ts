// The grading run's lifecycle as a worker sees it, one guarded write per transition. Each time a worker takes a
// run it claims a new attempt: `jobAttempts` goes up by one in the same statement, and the new number is the
// attempt's fencing token. Every later write of that attempt (lease, phase, result, failure) only touches the run
// while it is still RUNNING under that same number, so an attempt that lost its job (its queue lock expired, Redis
// restarted, the reconciler handed the run to another worker) can never overwrite or precede the attempt that
// replaced it: exactly one attempt's result is stored.
import type { Prisma, PrismaClient } from '@/lib/db/prisma'

export interface Attempt {
  runId: string
  submissionId: string
  /** The run's jobAttempts after this claim: the fencing token. */
  number: number
}

export type Claim = { ok: true; attempt: Attempt } | { ok: false; reason: 'missing' | 'finished' }

/** Take a QUEUED or RUNNING run for a new attempt (a RUNNING one was held by an attempt that is no longer ours). */
export async function claimRun(prisma: PrismaClient, runId: string, workerId: string, leaseMs: number, now = new Date()): Promise<Claim> {
  return prisma.$transaction(async (tx) => {
    // one statement takes the run and counts the attempt, so two workers can never get the same number
    const rows = await tx.$queryRaw<{ jobAttempts: number; submissionId: string }[]>`
      UPDATE "GradingRun" SET "status" = 'RUNNING', "jobAttempts" = "jobAttempts" + 1
       WHERE "id" = ${runId} AND "status" IN ('QUEUED', 'RUNNING')
   RETURNING "jobAttempts", "submissionId"`
    if (rows.length === 0) {
      const exists = await tx.gradingRun.count({ where: { id: runId } })
      return { ok: false, reason: exists ? 'finished' : 'missing' }
    }
    const attempt = { runId, submissionId: rows[0].submissionId, number: rows[0].jobAttempts }
    await tx.gradingRun.update({
      where: { id: runId },
      data: { phase: 'starting', startedAt: now, leaseUntil: new Date(now.getTime() + leaseMs), workerId, errorMessage: null },
    })
    await tx.submission.update({ where: { id: attempt.submissionId }, data: { status: 'RUNNING' } })
    return { ok: true, attempt }
  })
}

const held = (attempt: Attempt) => ({ id: attempt.runId, status: 'RUNNING' as const, jobAttempts: attempt.number })

/** Extend the attempt's lease. False: the run is no longer this attempt's (superseded, finished, reclaimed). */
export async function renewLease(prisma: PrismaClient, attempt: Attempt, leaseMs: number, now = new Date()): Promise<boolean> {
  const { count } = await prisma.gradingRun.updateMany({ where: held(attempt), data: { leaseUntil: new Date(now.getTime() + leaseMs) } })
  return count === 1
}

export async function recordPhase(prisma: PrismaClient, attempt: Attempt, phase: string): Promise<boolean> {
  const { count } = await prisma.gradingRun.updateMany({ where: held(attempt), data: { phase } })
  return count === 1
}

class Superseded extends Error {}

/**
 * Runs `write` in one transaction that first checks the attempt still holds the run (and locks its row, so no other
 * attempt can claim it until the transaction ends). False, with nothing written, when it does not.
 */
export async function writeAsAttempt(prisma: PrismaClient, attempt: Attempt, write: (tx: Prisma.TransactionClient) => Promise<void>): Promise<boolean> {
  try {
    await prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "GradingRun" WHERE "id" = ${attempt.runId} AND "status" = 'RUNNING' AND "jobAttempts" = ${attempt.number} FOR UPDATE`
      if (rows.length === 0) throw new Superseded()
      await write(tx)
    })
    return true
  } catch (error) {
    if (error instanceof Superseded) return false
    throw error
  }
}

/**
 * An infrastructure failure of this attempt: with attempts left the run waits for the queue's retry (QUEUED from
 * the student's point of view); after the last one it is an ERROR run that staff see, and the submission is kept.
 */
export async function recordFailure(prisma: PrismaClient, attempt: Attempt, failure: { message: string; last: boolean }, now = new Date()): Promise<boolean> {
  return writeAsAttempt(prisma, attempt, async (tx) => {
    await tx.gradingRun.update({
      where: { id: attempt.runId },
      data: failure.last
        ? { status: 'ERROR', phase: 'error', finishedAt: now, leaseUntil: null, errorMessage: `Grading failed on our side: ${failure.message}` }
        : // the lease is dropped so the reconciler may hand the run on at once if the retry never comes
          { status: 'RUNNING', phase: 'retrying', leaseUntil: now, errorMessage: `retrying after: ${failure.message}` },
    })
    await tx.submission.update({ where: { id: attempt.submissionId }, data: { status: failure.last ? 'ERROR' : 'QUEUED' } })
  })
}

/**
 * Whether the grading attempt a sandbox's labels name still holds its run: RUNNING, under the same attempt number,
 * with its lease not passed. The lease is renewed by the attempt's worker every third of its length, so it is the
 * worker's own heartbeat for that run, kept in PostgreSQL: a Redis restart does not make a live worker look dead.
 */
export async function attemptHoldsRun(prisma: PrismaClient, runId: string, attemptNumber: number, now = new Date()): Promise<boolean> {
  const count = await prisma.gradingRun.count({ where: { id: runId, status: 'RUNNING', jobAttempts: attemptNumber, leaseUntil: { gt: now } } })
  return count === 1
}
