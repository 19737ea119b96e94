import { prisma } from '@/lib/db/prisma'
import { gradeStudent, type AssignmentGrade } from '@/lib/grades/compute'
import { EMPTY_FACTS, loadCourseFacts, loadStudentFacts, loadStudents, type Student } from '@/lib/grades/load'
import type { AssignmentFact } from '@/lib/grades/types'
import { notFound } from '@/lib/http/errors'
import { roundScore } from '@/lib/policy/late'

export type AssignmentSummary = {
  assignment: AssignmentFact
  students: number
  submitted: number
  graded: number
  pending: number
  needsManual: number
  missing: number
  extensions: number
  mean: number | null
}

function summarise(assignment: AssignmentFact, grades: AssignmentGrade[]): AssignmentSummary {
  const scored = grades.filter((g) => g.status === 'graded' || g.status === 'override')
  return {
    assignment,
    students: grades.length,
    submitted: grades.filter((g) => g.submissions.length > 0).length,
    graded: scored.length,
    pending: grades.filter((g) => g.status === 'pending').length,
    needsManual: grades.filter((g) => !g.override && g.submissions.some((s) => s.status === 'NEEDS_MANUAL')).length,
    missing: grades.filter((g) => g.status === 'missing').length,
    extensions: grades.filter((g) => g.extended).length,
    mean: scored.length ? roundScore(scored.reduce((n, g) => n + (g.score ?? 0), 0) / scored.length) : null,
  }
}

/** Every published assignment with how far grading has got. */
export async function assignmentOverview(now = new Date()): Promise<AssignmentSummary[]> {
  const [course, students, facts] = await Promise.all([loadCourseFacts(), loadStudents(), loadStudentFacts()])
  const all = students.map((s) => gradeStudent(course, facts.get(s.id) ?? EMPTY_FACTS, now))
  return course.assignments.map((a, i) =>
    summarise(
      a,
      all.map((g) => g.assignments[i]!),
    ),
  )
}

export type AssignmentDetail = {
  summary: AssignmentSummary
  rows: { student: Student; grade: AssignmentGrade }[]
  timezone: string
  /** regrade runs still waiting or running for this assignment */
  regradesInFlight: number
}

/** One assignment: every student's standing on it, from the same computation as the gradebook. */
export async function assignmentDetail(slug: string, now = new Date()): Promise<AssignmentDetail> {
  const [course, students, facts] = await Promise.all([loadCourseFacts(), loadStudents(), loadStudentFacts()])
  const index = course.assignments.findIndex((a) => a.slug === slug)
  if (index < 0) throw notFound('That assignment')
  const assignment = course.assignments[index]!
  const rows = students.map((student) => ({ student, grade: gradeStudent(course, facts.get(student.id) ?? EMPTY_FACTS, now).assignments[index]! }))
  const regradesInFlight = await prisma.gradingRun.count({
    where: { reason: 'REGRADE', status: { in: ['QUEUED', 'RUNNING'] }, submission: { assignmentId: assignment.id } },
  })
  return {
    summary: summarise(
      assignment,
      rows.map((r) => r.grade),
    ),
    rows,
    timezone: course.settings.timezone,
    regradesInFlight,
  }
}
