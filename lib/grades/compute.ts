import { applyLatePolicy, countedSubmission, deadlineFor, percentOf, roundScore, submissionsClosed, weightedPercent } from '@/lib/policy/late'

import { lateDayLedger, type LateDayCharge } from './late-days'
import type { AssignmentFact, CourseFacts, LectureFact, OverrideFact, StudentFacts, SubmissionFact } from './types'

export type GradedSubmission = SubmissionFact & {
  /** the score after the late policy; null until graded */
  score: number | null
  daysLate: number
  penaltyPercent: number
  penaltyPoints: number
  /** BUDGET mode: what this submission cost from the late-day budget */
  budget: LateDayCharge | null
}

export type AssignmentStatus =
  /** an instructor set the score */
  | 'override'
  /** a graded submission counts */
  | 'graded'
  /** submitted; waiting for the grader or for an instructor (annotation homework) */
  | 'pending'
  /** the deadline in force has passed with nothing submitted (counts as 0) */
  | 'missing'
  /** not due yet, nothing submitted */
  | 'open'

export type AssignmentGrade = {
  assignment: AssignmentFact
  deadline: Date
  extended: boolean
  extensionReason: string | null
  closed: boolean
  submissions: GradedSubmission[]
  counted: GradedSubmission | null
  override: OverrideFact | null
  /** what goes in the gradebook: the override, else the counted submission's score, else 0 when missing */
  score: number | null
  status: AssignmentStatus
  /** whether `score` enters the homework total (graded, overridden, or missing past the deadline) */
  countsTowardTotal: boolean
}

export type QuizGrade = { lecture: LectureFact; points: number; answered: number }

export type CategoryTotal = { earned: number; possible: number; percent: number | null; weight: number }

export type StudentGrades = {
  assignments: AssignmentGrade[]
  quizzes: QuizGrade[]
  /** null when no assignment uses the late-day budget */
  lateDays: { budget: number; used: number; remaining: number } | null
  homework: CategoryTotal
  quizTotal: CategoryTotal
  /** weighted course percentage so far */
  total: number | null
}

/**
 * One student's grades from plain facts: the late policy applied to every submission (late-day budget consumed in
 * submission order), the counted submission per assignment (best or latest), overrides on top, quiz points per
 * lecture, and the weighted category totals. Pure: the gradebook calls it once per student.
 */
export function gradeStudent(course: CourseFacts, facts: StudentFacts, now: Date): StudentGrades {
  const ledger = lateDayLedger(course.settings.lateDayBudget, course.assignments, facts.submissions)
  const byAssignment = groupBy(facts.submissions, (s) => s.assignmentId)
  const extensions = new Map(facts.extensions.map((e) => [e.assignmentId, e]))
  const overrides = new Map(facts.overrides.map((o) => [o.assignmentId, o]))

  const assignments = course.assignments.map((a): AssignmentGrade => {
    const extension = extensions.get(a.id)
    const deadline = deadlineFor(a.dueAt, extension?.dueAt)
    const submissions = (byAssignment.get(a.id) ?? [])
      .map((s): GradedSubmission => {
        const charge = ledger.charges.get(s.id) ?? null
        const adjusted = applyLatePolicy(s.rawScore ?? 0, s.lateSeconds, a.policy, charge?.covered ? charge.days : 0)
        // fields spelled out rather than spread: this runs for every submission of every student (22k in the bench)
        return {
          id: s.id,
          assignmentId: s.assignmentId,
          number: s.number,
          createdAt: s.createdAt,
          status: s.status,
          lateSeconds: s.lateSeconds,
          rawScore: s.rawScore,
          maxScore: s.maxScore,
          score: s.rawScore === null ? null : adjusted.final,
          daysLate: adjusted.daysLate,
          penaltyPercent: adjusted.penaltyPercent,
          penaltyPoints: s.rawScore === null ? 0 : adjusted.penaltyPoints,
          budget: charge,
        }
      })
      .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime())
    const counted = countedSubmission(submissions, a.selection)
    const override = overrides.get(a.id) ?? null
    const pending = submissions.some((s) => s.status === 'QUEUED' || s.status === 'RUNNING' || s.status === 'NEEDS_MANUAL')
    const pastDue = now.getTime() > deadline.getTime()
    let status: AssignmentStatus
    let score: number | null
    if (override) [status, score] = ['override', roundScore(override.score)]
    else if (counted) [status, score] = ['graded', counted.score]
    else if (submissions.length > 0 && pending) [status, score] = ['pending', null]
    else if (pastDue) [status, score] = ['missing', 0]
    else [status, score] = ['open', null]
    return {
      assignment: a,
      deadline,
      extended: Boolean(extension),
      extensionReason: extension?.reason ?? null,
      closed: submissionsClosed(now, deadline, a.policy),
      submissions,
      counted,
      override,
      score,
      status,
      countsTowardTotal: score !== null,
    }
  })

  const quizPoints = new Map(facts.quizzes.map((q) => [q.lectureId, q]))
  const quizzes = course.lectures
    .filter((l) => l.questionCount > 0)
    .map((lecture) => ({ lecture, points: roundScore(quizPoints.get(lecture.id)?.points ?? 0), answered: quizPoints.get(lecture.id)?.answered ?? 0 }))

  const counted = assignments.filter((g) => g.countsTowardTotal)
  const hwEarned = roundScore(counted.reduce((n, g) => n + (g.score ?? 0), 0))
  const hwPossible = roundScore(counted.reduce((n, g) => n + g.assignment.maxScore, 0))
  const qEarned = roundScore(quizzes.reduce((n, q) => n + q.points, 0))
  const qPossible = roundScore(quizzes.reduce((n, q) => n + q.lecture.maxPoints, 0))
  const homework = { earned: hwEarned, possible: hwPossible, percent: percentOf(hwEarned, hwPossible), weight: course.settings.weights.homework }
  const quizTotal = { earned: qEarned, possible: qPossible, percent: percentOf(qEarned, qPossible), weight: course.settings.weights.quizzes }
  const usesBudget = course.assignments.some((a) => a.policy.mode === 'BUDGET')
  return {
    assignments,
    quizzes,
    lateDays: usesBudget ? { budget: ledger.budget, used: ledger.used, remaining: ledger.remaining } : null,
    homework,
    quizTotal,
    total: weightedPercent([homework, quizTotal]),
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}
