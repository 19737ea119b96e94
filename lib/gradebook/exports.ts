// CSV exports. Built from the same gradebook and grade computation the pages show, so the numbers agree.
import { toCsv, type CsvCell } from '@/lib/csv/csv'
import { gradeStudent } from '@/lib/grades/compute'
import { EMPTY_FACTS, loadCourseFacts, loadStudentFacts, loadStudents } from '@/lib/grades/load'
import { notFound } from '@/lib/http/errors'

import { loadGradebook, type Gradebook } from './gradebook'

/**
 * The gradebook in Canvas's gradebook-import layout: the identity columns Canvas matches students on (`Student`,
 * `ID`, `SIS User ID`, `SIS Login ID`, `Section`), one column per gradable item, and a `Points Possible` row under
 * the header. Canvas ids are unknown here, so `ID` is empty and students are matched on `SIS Login ID` (the email
 * they sign in with); a column whose name Canvas does not know becomes a new assignment with those points.
 * Category percentages and the total are left out: Canvas computes its own and would import them as assignments.
 */
export function canvasGradebookRows(book: Pick<Gradebook, 'columns' | 'rows'>): CsvCell[][] {
  const items = book.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === 'assignment' || c.kind === 'quiz')
  const header = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', ...items.map(({ c }) => c.label)]
  const points = ['Points Possible', '', '', '', '', ...items.map(({ c }) => c.max)]
  const rows = book.rows.map((r) => [
    r.name || r.email,
    '',
    '',
    r.email,
    r.section ?? '',
    ...items.map(({ c, i }) => {
      const cell = r.cells[i]!
      // quizzes: points earned so far (0 when nothing answered); assignments: blank while nothing is graded
      if (c.kind === 'quiz') return cell.v ?? 0
      return cell.v
    }),
  ])
  return [header, points, ...rows]
}

export async function canvasGradebookCsv(now = new Date()): Promise<string> {
  return toCsv(canvasGradebookRows(await loadGradebook(now)), { bom: true })
}

/** One row per student for one assignment: the counted submission, lateness and the arithmetic, and any override. */
export async function assignmentCsvRows(slug: string, now = new Date()): Promise<CsvCell[][]> {
  const [course, students, facts] = await Promise.all([loadCourseFacts(), loadStudents(), loadStudentFacts()])
  const index = course.assignments.findIndex((a) => a.slug === slug)
  if (index < 0) throw notFound('That assignment')
  const header = [
    'Student',
    'Email',
    'Section',
    'Deadline',
    'Extension',
    'Graded submissions',
    'Counted submission',
    'Submitted at',
    'Days late',
    'Raw score',
    'Late penalty %',
    'Late penalty points',
    'Late days charged',
    'Automatic score',
    'Override',
    'Override comment',
    'Override by',
    'Override at',
    'Score',
    'Points possible',
    'Status',
  ]
  const rows = students.map((st) => {
    const g = gradeStudent(course, facts.get(st.id) ?? EMPTY_FACTS, now).assignments[index]!
    const c = g.counted
    return [
      st.name ?? '',
      st.email,
      st.section ?? '',
      g.deadline.toISOString(),
      g.extended ? 'yes' : '',
      g.submissions.length,
      c?.number ?? '',
      c?.createdAt.toISOString() ?? '',
      c?.daysLate ?? '',
      c?.rawScore ?? '',
      c ? c.penaltyPercent : '',
      c ? c.penaltyPoints : '',
      c?.budget ? c.budget.charged : '',
      c?.score ?? '',
      g.override?.score ?? '',
      g.override?.comment ?? '',
      g.override?.by ?? '',
      g.override?.at.toISOString() ?? '',
      g.score,
      g.assignment.maxScore,
      g.status,
    ]
  })
  return [header, ...rows]
}

export async function assignmentCsv(slug: string, now = new Date()): Promise<string> {
  return toCsv(await assignmentCsvRows(slug, now), { bom: true })
}

/** A file name safe in a Content-Disposition header. */
export function exportFileName(base: string, now = new Date()): string {
  return `${base.replace(/[^A-Za-z0-9._-]+/g, '-')}-${now.toISOString().slice(0, 10)}.csv`
}

export function csvResponse(csv: string, fileName: string): Response {
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'no-store',
    },
  })
}
