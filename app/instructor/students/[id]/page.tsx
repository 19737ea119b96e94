import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { PolicySummary } from '@/components/gradebook/policy-summary'
import { SubmissionsTable } from '@/components/submissions/submissions-table'
import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { formatDeadline } from '@/lib/course/dates'
import { instantToZonedWallTime } from '@/lib/extensions/zoned-time'
import { studentDetail, type StudentDetail } from '@/lib/gradebook/student-detail'
import { explainAssignment, explainSubmission } from '@/lib/grades/explain'
import { AppError } from '@/lib/http/errors'
import { plural } from '@/lib/text/plural'

import { ExtensionForm } from '../../_forms/extension-form'
import { ScoreForm } from '../../_forms/score-form'
import { QuizPointsTable } from '@/components/grades/quiz-points-table'

export const metadata: Metadata = { title: 'Student' }
export const dynamic = 'force-dynamic'

const pct = (v: number | null) => (v === null ? '—' : `${v}%`)

export default async function StudentDrillDown({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const viewer = await requirePageUser(STAFF, `/instructor/students/${id}`)
  let detail: StudentDetail
  try {
    detail = await studentDetail(id)
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound()
    throw e
  }
  const { student, grades } = detail
  const settings = grades.course.settings
  const instructor = viewer.role === 'INSTRUCTOR'
  return (
    <>
      <p className="hint">
        <Link href="/instructor/gradebook">Gradebook</Link> / <Link href="/instructor/students">Students</Link> /
      </p>
      <h1>{student.name ?? student.email}</h1>
      <p className="muted">
        {student.email}
        {student.section && ` · section ${student.section}`} · {student.role.toLowerCase()}
        {student.onRoster ? ' · on the roster' : ''}
        {student.lastSeenAt && ` · last seen ${formatDeadline(student.lastSeenAt)}`}
      </p>
      <div className="card num" data-testid="student-totals">
        <strong>Total so far: {pct(grades.total)}</strong> · homework {grades.homework.earned} / {grades.homework.possible} ({pct(grades.homework.percent)}) ·
        quizzes {grades.quizTotal.earned} / {grades.quizTotal.possible} ({pct(grades.quizTotal.percent)})
        {grades.lateDays && (
          <>
            {' '}
            · late days used {grades.lateDays.used} of {grades.lateDays.budget} ({grades.lateDays.remaining} left)
          </>
        )}
      </div>

      <h2>Homework</h2>
      {grades.assignments.map((g) => {
        const a = g.assignment
        const ext = detail.extensions.get(a.id)
        const history = detail.overrides.get(a.id) ?? []
        const practice = detail.practiceRuns.get(a.id) ?? 0
        return (
          <section key={a.id} id={`a-${a.slug}`} className="card" style={{ marginBottom: '1rem' }} aria-labelledby={`t-${a.slug}`}>
            <div className="row">
              <h3 id={`t-${a.slug}`} style={{ margin: 0 }}>
                <Link href={`/instructor/assignments/${a.slug}`}>{a.title}</Link>
              </h3>
              <strong className="num">{g.score === null ? '—' : `${g.score} / ${a.maxScore}`}</strong>
            </div>
            <p style={{ margin: '0.25rem 0' }}>
              Deadline in force: {formatDeadline(g.deadline)}
              {ext && (
                <span className="pill ok">
                  {' '}
                  extension{ext.reason ? `: ${ext.reason}` : ''}
                  {ext.grantedBy ? ` (by ${ext.grantedBy})` : ''}
                </span>
              )}
              {ext && ext.dueAt < a.dueAt && <span className="pill warn"> earlier than the assignment’s {formatDeadline(a.dueAt)}</span>}
            </p>
            <ul style={{ margin: '0.25rem 0', paddingLeft: '1.2rem' }}>
              {explainAssignment(g).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <details>
              <summary>Policy</summary>
              <PolicySummary assignment={a} lateDayBudget={settings.lateDayBudget} />
            </details>
            {g.submissions.length > 0 && (
              <SubmissionsTable
                style={{ marginTop: '0.5rem' }}
                rows={g.submissions.map((s) => ({ ...s, counts: g.counted?.id === s.id, arithmetic: explainSubmission(s, g) }))}
                href={(id) => `/instructor/submissions/${id}`}
                staff
              />
            )}
            {practice > 0 && <p className="hint">{plural(practice, 'practice run')} (never counted).</p>}
            {history.length > 0 && (
              <details open={history.length > 0}>
                <summary>Scores set by hand ({history.length})</summary>
                <ul>
                  {history.map((o, i) => (
                    <li key={o.id}>
                      {i === 0 ? <strong>{o.score}</strong> : <s>{o.score}</s>} · “{o.comment}” · {o.by ?? 'unknown'} · {formatDeadline(o.at)}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            <div className="grid" style={{ marginTop: '0.5rem', alignItems: 'start' }}>
              <ScoreForm
                userId={student.id}
                assignmentId={a.id}
                submissionId={g.counted?.id ?? g.submissions[0]?.id ?? null}
                maxScore={a.maxScore}
                current={g.score}
              />
              {instructor && (
                <ExtensionForm
                  userId={student.id}
                  assignmentId={a.id}
                  timezone={settings.timezone}
                  defaultDueAt={instantToZonedWallTime(g.deadline, settings.timezone)}
                  hasExtension={Boolean(ext)}
                  reason={ext?.reason ?? null}
                  originalDueLabel={formatDeadline(a.dueAt)}
                />
              )}
            </div>
          </section>
        )
      })}

      <h2 id="quizzes">Quizzes</h2>
      <QuizPointsTable quizzes={grades.quizzes} rowIds />
    </>
  )
}
