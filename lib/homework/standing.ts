import { prisma, type ScoreSelection, type SubmissionKind, type SubmissionStatus } from '@/lib/db/prisma'
import { studentGrades } from '@/lib/grades/student'
import { applyLatePolicy, countedSubmission, deadlineFor, submissionsClosed, type LatePolicy } from '@/lib/policy/late'
import { plural } from '@/lib/text/plural'

export type SubmissionRow = {
  id: string
  number: number | null
  kind: SubmissionKind
  createdAt: Date
  status: SubmissionStatus
  lateSeconds: number
  rawScore: number | null
  score: number | null
  maxScore: number | null
}

export type Standing = {
  deadline: Date
  extended: boolean
  policy: LatePolicy
  closed: boolean
  used: number
  maxSubmissions: number | null
  lastHour: number
  perHour: number | null
  selection: ScoreSelection
  counted: SubmissionRow | null
  override: { score: number; comment: string } | null
  submissions: SubmissionRow[]
  /** the course-wide late-day budget, when this assignment uses it */
  lateDays: { budget: number; used: number; remaining: number } | null
}

/** Where a student stands on an assignment: deadline in force, limits used, and the submission that counts. */
export async function assignmentStanding(userId: string, assignmentId: string, now = new Date()): Promise<Standing> {
  const assignment = await prisma.assignment.findUniqueOrThrow({ where: { id: assignmentId } })
  // the same computation as the gradebook and "My grades" (late-day budget, best/latest, overrides)
  const [extension, subs, override, grades] = await Promise.all([
    prisma.extension.findUnique({ where: { userId_assignmentId: { userId, assignmentId } } }),
    prisma.submission.findMany({
      where: { userId, assignmentId },
      orderBy: { createdAt: 'desc' },
      select: { id: true, number: true, kind: true, createdAt: true, status: true, lateSeconds: true, currentRun: { select: { score: true, maxScore: true } } },
    }),
    prisma.scoreOverride.findFirst({ where: { userId, assignmentId }, orderBy: { createdAt: 'desc' } }),
    studentGrades(userId, now),
  ])
  const graded = grades.assignments.find((g) => g.assignment.id === assignmentId)
  const finalScore = new Map(graded?.submissions.map((s) => [s.id, s.score]) ?? [])
  const policy: LatePolicy = {
    mode: assignment.latePolicy,
    penaltyPerDay: assignment.latePenaltyPerDay,
    maxPenalty: assignment.latePenaltyMax,
    cutoffDays: assignment.lateCutoffDays,
  }
  const deadline = deadlineFor(assignment.dueAt, extension?.dueAt)
  const rows: SubmissionRow[] = subs.map((s) => {
    const raw = s.currentRun?.score ?? null
    const score =
      raw === null ? null : s.kind === 'GRADED' ? (finalScore.has(s.id) ? finalScore.get(s.id)! : applyLatePolicy(raw, s.lateSeconds, policy).final) : raw
    return {
      id: s.id,
      number: s.number,
      kind: s.kind,
      createdAt: s.createdAt,
      status: s.status,
      lateSeconds: s.lateSeconds,
      rawScore: raw,
      score,
      maxScore: s.currentRun?.maxScore ?? null,
    }
  })
  const gradedRows = rows.filter((r) => r.kind === 'GRADED')
  const hourAgo = now.getTime() - 3600_000
  return {
    deadline,
    extended: Boolean(extension),
    policy,
    closed: submissionsClosed(now, deadline, policy),
    used: gradedRows.length,
    maxSubmissions: assignment.maxSubmissions,
    lastHour: gradedRows.filter((r) => r.createdAt.getTime() > hourAgo).length,
    perHour: assignment.submissionsPerHour,
    selection: assignment.scoreSelection,
    counted: graded ? (rows.find((r) => r.id === graded.counted?.id) ?? null) : countedSubmission(gradedRows, assignment.scoreSelection),
    override: override ? { score: override.score, comment: override.comment } : null,
    submissions: rows,
    lateDays: policy.mode === 'BUDGET' ? grades.lateDays : null,
  }
}

/** Why a student cannot submit right now (closed, out of submissions, hourly limit), or null when they can. */
export function submissionBlockedReason(standing: Pick<Standing, 'closed' | 'used' | 'maxSubmissions' | 'lastHour' | 'perHour'>): string | null {
  if (standing.closed) return 'Submissions are closed for this assignment.'
  if (standing.maxSubmissions !== null && standing.used >= standing.maxSubmissions) return 'You have used all your submissions.'
  if (standing.perHour !== null && standing.lastHour >= standing.perHour)
    return `You have reached the limit of ${standing.perHour} submissions per hour; try again later.`
  return null
}

/** The late policy in one plain sentence. */
export function describeLatePolicy(policy: LatePolicy): string {
  const cutoff = policy.cutoffDays === null ? '' : ` Submissions close ${plural(policy.cutoffDays, 'day')} after the deadline.`
  if (policy.mode === 'NONE') return `Late submissions are not penalised.${cutoff}`
  if (policy.mode === 'BUDGET') return `Late days come out of your course-wide late-day budget; beyond it a late submission scores 0.${cutoff}`
  return `Each started day late costs ${policy.penaltyPerDay}% of the score, at most ${policy.maxPenalty}%.${cutoff}`
}
