// The grading run's lifecycle, one small guarded write per transition, and the only module that writes a run's
// status. A run is created QUEUED (with its submission, or as a regrade), stamped when it reaches the queue, claimed
// by a worker (RUNNING), and ends DONE (a result) or ERROR (infrastructure failed on every attempt); a RUNNING run
// whose lease passed is handed back (QUEUED). Each time a worker takes a run it claims a new attempt: `jobAttempts` goes up by one in the same statement, and the new number is the
// attempt's fencing token. Every later write of that attempt (lease, phase, result, failure) only touches the run
// while it is still RUNNING under that same number, so an attempt that lost its job (its queue lock expired, Redis
// restarted, the reconciler handed the run to another worker) can never overwrite or precede the attempt that
// replaced it: exactly one attempt's result is stored.
import type { Prisma, PrismaClient, RunStatus } from '@/lib/db/prisma'
import type { EngineResult, EngineTestResult } from '@/lib/grading/engine'

type Tx = Prisma.TransactionClient

/** Which status may follow which: the guards below (a `where` on the current status) enforce exactly this table. */
export const RUN_TRANSITIONS = {
  QUEUED: ['RUNNING'],
  RUNNING: ['RUNNING', 'QUEUED', 'DONE', 'ERROR'],
  DONE: [],
  ERROR: [],
} as const satisfies Record<RunStatus, readonly RunStatus[]>

/** The first run of a new submission, written in the transaction that stores the submission (the outbox). */
export async function createInitialRun(tx: Tx, submissionId: string, priority: number, now: Date) {
  return tx.gradingRun.create({ data: { submissionId, reason: 'INITIAL', priority, createdAt: now } })
}

/**
 * A REGRADE run for each submission that has none queued or running, in the caller's transaction (which holds the
 * regrade lock); the submissions read as queued again until their run finishes. Returns the runs and the skipped.
 */
export async function createRegradeRuns(tx: Tx, submissionIds: string[], requestedById: string, priority: number, now: Date) {
  const busy = await tx.gradingRun.findMany({
    where: { submissionId: { in: submissionIds }, status: { in: ['QUEUED', 'RUNNING'] } },
    select: { submissionId: true },
  })
  const busyIds = new Set(busy.map((b) => b.submissionId))
  const targets = submissionIds.filter((id) => !busyIds.has(id))
  if (targets.length === 0) return { runs: [], alreadyQueued: busyIds.size }
  const runs = await tx.gradingRun.createManyAndReturn({
    data: targets.map((submissionId) => ({ submissionId, reason: 'REGRADE' as const, requestedById, priority, createdAt: now })),
    select: { id: true, submissionId: true, priority: true },
  })
  await tx.submission.updateMany({ where: { id: { in: targets } }, data: { status: 'QUEUED' } })
  return { runs, alreadyQueued: busyIds.size }
}

/** The run reached the queue (first time only). */
export async function markEnqueued(prisma: PrismaClient, runId: string, now = new Date()): Promise<void> {
  await prisma.gradingRun.updateMany({ where: { id: runId, enqueuedAt: null }, data: { enqueuedAt: now } })
}

/** RUNNING runs whose lease passed: their worker is gone (or lost the database for a whole lease). */
export async function expiredRuns(prisma: PrismaClient, now = new Date()): Promise<{ id: string; priority: number }[]> {
  return prisma.gradingRun.findMany({ where: { status: 'RUNNING', leaseUntil: { lt: now } }, select: { id: true, priority: true } })
}

/**
 * Hand a run whose lease passed back to the queue. Guarded on the lease too: a worker that renewed it in the
 * meantime keeps its run. Its attempt number stays, so the next claim supersedes the old attempt.
 */
export async function reclaimExpired(prisma: PrismaClient, runId: string, now = new Date()): Promise<boolean> {
  const { count } = await prisma.gradingRun.updateMany({
    where: { id: runId, status: 'RUNNING', leaseUntil: { lt: now } },
    data: { status: 'QUEUED', phase: 'queued', enqueuedAt: null, leaseUntil: null },
  })
  return count === 1
}

/** Runs waiting for the queue, oldest first: for the reconciler to check each is really there. */
export async function queuedRuns(prisma: PrismaClient, take = 1000) {
  return prisma.gradingRun.findMany({
    where: { status: 'QUEUED' },
    select: { id: true, submissionId: true, priority: true, enqueuedAt: true },
    orderBy: { createdAt: 'asc' },
    take,
  })
}

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
        ? { status: 'ERROR', phase: 'error', finishedAt: now, leaseUntil: null, errorMessage: storableText(`Grading failed on our side: ${failure.message}`) }
        : // the lease is dropped so the reconciler may hand the run on at once if the retry never comes
          { status: 'RUNNING', phase: 'retrying', leaseUntil: now, errorMessage: storableText(`retrying after: ${failure.message}`) },
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

/** How much of the build log a run keeps (its end, where the errors are). */
export const BUILD_LOG_KEEP = 200_000

const TEST_STATUS = { passed: 'PASSED', failed: 'FAILED', timeout: 'TIMEOUT', error: 'ERROR' } as const
const VISIBILITY = { public: 'PUBLIC', hidden: 'HIDDEN' } as const

/** The engine's per-test results as TestResult rows, in order. */
/**
 * PostgreSQL's text and jsonb cannot hold U+0000, and everything a run stores from the sandbox (build log,
 * compiler messages, test output, failure messages) is whatever the student's code printed. Each NUL is kept as
 * ␀ (U+2400, "symbol for null"), so the result is stored and the reader still sees where the byte was. Grading
 * compared the real output before this point, so the score is unaffected. Linear in the (already capped) text.
 */
export function storableText(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\u2400') : text
}

function storableOptional(text: string | null | undefined): string | null {
  return text == null ? null : storableText(text)
}

/** storableText over every string in a JSON value (compiler messages: at most 50 small objects). */
function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value)
  if (Array.isArray(value)) return value.map(storableJson)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)]))
  return value
}

export function testResultRows(runId: string, tests: EngineTestResult[]): Prisma.TestResultCreateManyInput[] {
  return tests.map((t, position) => ({
    runId,
    position,
    name: storableText(t.name),
    visibility: VISIBILITY[t.visibility],
    status: TEST_STATUS[t.status],
    points: t.points,
    maxPoints: t.maxPoints,
    durationMs: Math.round(t.durationMs),
    exitCode: t.exitCode ?? null,
    stdout: storableOptional(t.stdout),
    stderr: storableOptional(t.stderr),
    diff: storableOptional(t.diff),
  }))
}

/** What a result means for the run and the submission: the engine's verdict, persisted as it is. */
export function resultOutcome(result: EngineResult, manualMaxScore: number) {
  const manual = result.verdict.kind === 'manual'
  return {
    submissionStatus: manual ? ('NEEDS_MANUAL' as const) : ('GRADED' as const),
    score: manual ? null : result.score,
    maxScore: manual ? manualMaxScore : result.maxScore,
    annotationCounts: result.verdict.kind === 'manual' ? result.verdict.annotationCounts : undefined,
  }
}

/**
 * The attempt's result: the run DONE with its score and tests, the submission graded (or waiting for manual
 * grading) with this run as its current one, in one transaction, only if the attempt still holds the run.
 */
export async function recordResult(
  prisma: PrismaClient,
  attempt: Attempt,
  result: EngineResult,
  manualMaxScore: number,
  now = new Date(),
  gradedOn?: string,
): Promise<boolean> {
  const outcome = resultOutcome(result, manualMaxScore)
  return writeAsAttempt(prisma, attempt, async (tx) => {
    await tx.testResult.deleteMany({ where: { runId: attempt.runId } })
    await tx.testResult.createMany({ data: testResultRows(attempt.runId, result.tests) })
    await tx.gradingRun.update({
      where: { id: attempt.runId },
      data: {
        status: 'DONE',
        phase: 'done',
        finishedAt: now,
        leaseUntil: null,
        score: outcome.score,
        maxScore: outcome.maxScore,
        buildOk: result.build.ok,
        patchApplied: result.build.applied,
        buildLog: storableText(result.build.log.length > BUILD_LOG_KEEP ? result.build.log.slice(-BUILD_LOG_KEEP) : result.build.log),
        buildErrors: storableJson(result.build.errors) as Prisma.InputJsonValue,
        annotationCounts: outcome.annotationCounts,
        errorMessage: null,
        imageDigest: result.image.digest,
        cpythonVersion: result.image.version,
        cpythonVerified: result.image.verified,
        gradedOn: gradedOn ?? null,
        buildMs: result.timings ? Math.round(result.timings.buildMs) : null,
        testsMs: result.timings ? Math.round(result.timings.testsMs) : null,
        cacheHits: result.cache ? result.cache.hits : null,
        cacheMisses: result.cache ? result.cache.misses : null,
      },
    })
    await tx.submission.update({ where: { id: attempt.submissionId }, data: { status: outcome.submissionStatus, currentRunId: attempt.runId } })
  })
}
