// How many submissions and practice runs a student may make, checked where they cannot be raced: inside the
// transaction that inserts the submission, after taking a transaction-scoped advisory lock for this student and
// assignment. Every intake of the same student and assignment (graded or practice, from any route) takes the same
// lock, so the count each one sees includes every row committed before it, and at most the limit is ever inserted.
import { courseTimeZone, practiceRunsPerHour } from '@/lib/config/env'
import type { Prisma, SubmissionKind } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'
import { plural } from '@/lib/text/plural'

/** Practice runs (the workbench's "Run public tests") do not count, but are rate-limited on their own. */
export const PRACTICE_RUNS_PER_HOUR = practiceRunsPerHour()

const HOUR_MS = 3600_000

/**
 * First key of the two-key advisory lock (`pg_advisory_xact_lock(int4, int4)`): names what is locked ("submission
 * intake"), so other advisory locks in this database never wait on ours. The second key is
 * `hashtext(userId || ':' || assignmentId)`; two pairs hashing alike only queue behind each other for a moment.
 */
export const INTAKE_LOCK_NAMESPACE = 0x53554231 // "SUB1"

type Db = Pick<Prisma.TransactionClient, '$executeRaw' | 'submission'>

export type LimitedAssignment = { id: string; title: string; maxSubmissions: number | null; submissionsPerHour: number | null }

/** Blocks until no other transaction is storing a submission for this student and assignment; released at commit. */
export async function lockStudentAssignment(tx: Db, userId: string, assignmentId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${INTAKE_LOCK_NAMESPACE}::int4, hashtext(${userId} || ':' || ${assignmentId}))`
}

/**
 * Throws 429 when one more submission (or practice run) would pass a limit: the cap over the whole assignment
 * (`submission_limit`, no retry time: it does not reset), the hourly rate or the practice-run rate (`rate_limited`,
 * with the moment the oldest counted one leaves the hour as `Retry-After`). Only race-free inside a transaction
 * holding lockStudentAssignment; outside it, it is an early refusal before the expensive checks.
 */
export async function checkSubmissionLimits(db: Db, args: { userId: string; assignment: LimitedAssignment; practice: boolean; now: Date }): Promise<void> {
  const { userId, assignment, practice, now } = args
  const where = { userId, assignmentId: assignment.id }
  if (practice) {
    await checkHourlyRate(db, {
      where: { ...where, kind: 'PRACTICE' },
      limit: PRACTICE_RUNS_PER_HOUR,
      now,
      what: 'practice runs',
      title: assignment.title,
      again: 'run the public tests again',
    })
    return
  }
  if (assignment.maxSubmissions !== null) {
    const used = await db.submission.count({ where: { ...where, kind: 'GRADED' } })
    if (used >= assignment.maxSubmissions) {
      throw new AppError(
        429,
        'submission_limit',
        `You have used all ${assignment.maxSubmissions} submissions for “${assignment.title}”; no more can be made. Your instructor can tell you which one counts, or raise the limit.`,
        { limit: assignment.maxSubmissions, used },
      )
    }
  }
  if (assignment.submissionsPerHour !== null) {
    await checkHourlyRate(db, {
      where: { ...where, kind: 'GRADED' },
      limit: assignment.submissionsPerHour,
      now,
      what: 'submissions',
      title: assignment.title,
      again: 'submit again',
    })
  }
}

async function checkHourlyRate(
  db: Db,
  args: { where: { userId: string; assignmentId: string; kind: SubmissionKind }; limit: number; now: Date; what: string; title: string; again: string },
): Promise<void> {
  const { limit, now } = args
  const where = { ...args.where, createdAt: { gt: new Date(now.getTime() - HOUR_MS) } }
  const recent = await db.submission.count({ where })
  if (recent < limit) return
  // one more is allowed once the count in the last hour drops below the limit: when the (recent - limit + 1)-th
  // oldest of them is an hour old
  const oldest = limit > 0 ? await db.submission.findFirst({ where, orderBy: { createdAt: 'asc' }, skip: recent - limit, select: { createdAt: true } }) : null
  if (!oldest) {
    throw new AppError(429, 'rate_limited', `No ${args.what} are allowed for “${args.title}” (the limit is ${limit} per hour).`, { limit, used: recent })
  }
  const retryAt = new Date(oldest.createdAt.getTime() + HOUR_MS)
  // at most an hour: a request that waited for the lock may have taken `now` before rows it counts were made
  const retryAfterSeconds = Math.min(HOUR_MS / 1000, Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)))
  throw new AppError(
    429,
    'rate_limited',
    `You have used ${recent} of ${limit} ${args.what} this hour for “${args.title}”; you can ${args.again} at ${formatRetryTime(retryAt)} (in ${describeWait(retryAfterSeconds)}).`,
    { limit, used: recent, retryAt: retryAt.toISOString(), retryAfterSeconds },
    retryAfterSeconds,
  )
}

// the course's time zone, as deadlines are shown (lib/course/dates.ts), rounded up to the minute so the time named is
// never too early: "2:32 PM EST"
const timeFormat = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: courseTimeZone(), timeZoneName: 'short' })

export function formatRetryTime(at: Date): string {
  return timeFormat.format(new Date(Math.ceil(at.getTime() / 60_000) * 60_000))
}

function describeWait(seconds: number): string {
  if (seconds < 60) return plural(seconds, 'second')
  const minutes = Math.ceil(seconds / 60)
  return plural(minutes, 'minute')
}
