import { gradeStudent, type AssignmentStatus, type StudentGrades } from '@/lib/grades/compute'
import type { CourseSettings } from '@/lib/grades/course-settings'
import { EMPTY_FACTS, loadCourseFacts, loadStudentFacts, loadStudents, type Student } from '@/lib/grades/load'
import type { CourseFacts, StudentFacts } from '@/lib/grades/types'

export type GradebookColumn = {
  key: string
  kind: 'assignment' | 'quiz' | 'category' | 'total'
  label: string
  /** points possible (assignments, quizzes); null for percentages */
  max: number | null
  /** assignment slug or lecture number, for links */
  ref: string | null
}

/** One cell, kept small: the page sends 500 × 30 of them to the browser. */
export type GradebookCell = {
  /** points (assignments, quizzes) or percent (categories, total); null = nothing yet */
  v: number | null
  /** status: g graded, o override, p pending, m missing, n not due, q quiz, t total */
  s: 'g' | 'o' | 'p' | 'm' | 'n' | 'q' | 't'
  /** days late of the counted submission */
  l?: number
  /** the student has an extension */
  x?: 1
  /** the counted (or latest) submission's id, for the link */
  id?: string
}

export type GradebookRow = { id: string; name: string; email: string; section: string | null; cells: GradebookCell[] }

export type Gradebook = { columns: GradebookColumn[]; rows: GradebookRow[]; sections: string[]; settings: CourseSettings; generatedAt: string }

const STATUS: Record<AssignmentStatus, GradebookCell['s']> = { graded: 'g', override: 'o', pending: 'p', missing: 'm', open: 'n' }

export function gradebookColumns(course: CourseFacts): GradebookColumn[] {
  const w = course.settings.weights
  const weightSum = w.homework + w.quizzes || 1
  const pct = (x: number) => `${Math.round((100 * x) / weightSum)}%`
  return [
    ...course.assignments.map((a): GradebookColumn => ({ key: `a:${a.slug}`, kind: 'assignment', label: a.title, max: a.maxScore, ref: a.slug })),
    ...course.lectures
      .filter((l) => l.questionCount > 0)
      .map((l): GradebookColumn => ({ key: `q:${l.number}`, kind: 'quiz', label: `Quiz ${l.number}: ${l.title}`, max: l.maxPoints, ref: String(l.number) })),
    { key: 'homework', kind: 'category', label: `Homework (${pct(w.homework)})`, max: null, ref: null },
    { key: 'quizzes', kind: 'category', label: `Quizzes (${pct(w.quizzes)})`, max: null, ref: null },
    { key: 'total', kind: 'total', label: 'Total', max: null, ref: null },
  ]
}

/** A student's row, in the order of gradebookColumns. */
export function gradebookCells(grades: StudentGrades): GradebookCell[] {
  const cells: GradebookCell[] = grades.assignments.map((g) => {
    const cell: GradebookCell = { v: g.score, s: STATUS[g.status] }
    const shown = g.counted ?? g.submissions[0]
    if (shown) cell.id = shown.id
    if (g.counted && g.counted.daysLate > 0 && !g.override) cell.l = g.counted.daysLate
    if (g.extended) cell.x = 1
    return cell
  })
  for (const q of grades.quizzes) cells.push({ v: q.answered > 0 ? q.points : null, s: 'q' })
  cells.push({ v: grades.homework.percent, s: 't' }, { v: grades.quizTotal.percent, s: 't' }, { v: grades.total, s: 't' })
  return cells
}

export function buildGradebook(
  course: CourseFacts & { settings: CourseSettings },
  students: Student[],
  facts: Map<string, StudentFacts>,
  now: Date,
): Gradebook {
  const rows = students.map(
    (st): GradebookRow => ({
      id: st.id,
      name: st.name ?? '',
      email: st.email,
      section: st.section,
      cells: gradebookCells(gradeStudent(course, facts.get(st.id) ?? EMPTY_FACTS, now)),
    }),
  )
  const sections = [...new Set(students.map((s) => s.section).filter((s): s is string => Boolean(s)))].sort()
  return { columns: gradebookColumns(course), rows, sections, settings: course.settings, generatedAt: now.toISOString() }
}

export type GradebookTimings = { queryMs: number; computeMs: number }

/** The whole gradebook in a fixed number of queries (7, run in parallel) whatever the roster size. */
export async function loadGradebook(now = new Date()): Promise<Gradebook & { timings: GradebookTimings }> {
  const t0 = performance.now()
  const [course, students, facts] = await Promise.all([loadCourseFacts(), loadStudents(), loadStudentFacts()])
  const t1 = performance.now()
  const book = buildGradebook(course, students, facts, now)
  const t2 = performance.now()
  return { ...book, timings: { queryMs: t1 - t0, computeMs: t2 - t1 } }
}
