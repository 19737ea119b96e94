// The facts grades are computed from, as plain objects, so the arithmetic (lib/grades/compute.ts) is pure and the
// gradebook, a student's "My grades" and the homework page all compute the same numbers from the same rows.
import type { AssignmentKind, ScoreSelection, SubmissionStatus } from '@/lib/db/prisma'
import type { LatePolicy } from '@/lib/policy/late'

export type AssignmentFact = {
  id: string
  slug: string
  title: string
  kind: AssignmentKind
  maxScore: number
  dueAt: Date
  lectureNumber: number | null
  policy: LatePolicy
  maxSubmissions: number | null
  submissionsPerHour: number | null
  selection: ScoreSelection
}

export type { SubmissionStatus }

/** A GRADED-kind submission (practice runs never count) with the raw score of its current run. */
export type SubmissionFact = {
  id: string
  assignmentId: string
  number: number | null
  createdAt: Date
  status: SubmissionStatus
  lateSeconds: number
  /** the current run's score before the late policy; null until a run has finished with a score */
  rawScore: number | null
  maxScore: number | null
}

export type ExtensionFact = { assignmentId: string; dueAt: Date; reason: string }

/** The newest ScoreOverride of a student and assignment (it wins over the automatic score). */
export type OverrideFact = { assignmentId: string; submissionId: string | null; score: number; comment: string; at: Date; by: string | null }

export type LectureFact = { id: string; number: number; slug: string; title: string; questionCount: number; maxPoints: number }

/** A student's quiz points in one lecture: the best attempt of each question, summed. */
export type QuizFact = { lectureId: string; points: number; answered: number }

export type CourseGradingSettings = { lateDayBudget: number; weights: { homework: number; quizzes: number } }

export type StudentFacts = {
  submissions: SubmissionFact[]
  extensions: ExtensionFact[]
  overrides: OverrideFact[]
  quizzes: QuizFact[]
}

export type CourseFacts = { assignments: AssignmentFact[]; lectures: LectureFact[]; settings: CourseGradingSettings }
