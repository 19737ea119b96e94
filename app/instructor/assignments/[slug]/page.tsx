import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { BinsChart } from '@/components/charts/bins-chart'
import { PolicySummary } from '@/components/gradebook/policy-summary'
import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { formatDeadline } from '@/lib/course/dates'
import { scoreDistribution, submissionTimeline } from '@/lib/gradebook/distributions'
import { assignmentDetail, type AssignmentDetail } from '@/lib/gradebook/assignments'
import { loadCourseSettings } from '@/lib/grades/course-settings'
import { explainAssignment } from '@/lib/grades/explain'
import { AppError } from '@/lib/http/errors'

import { RegradeAssignmentButton } from '../../_forms/regrade-buttons'

export const metadata: Metadata = { title: 'Assignment' }
export const dynamic = 'force-dynamic'

const STATUS_LABEL = { graded: 'graded', override: 'set by hand', pending: 'waiting', missing: 'missing', open: 'not due' } as const

export default async function AssignmentDrillDown({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const user = await requirePageUser(STAFF, `/instructor/assignments/${slug}`)
  let detail: AssignmentDetail
  try {
    detail = await assignmentDetail(slug)
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound()
    throw e
  }
  const settings = await loadCourseSettings()
  const { summary, rows } = detail
  const a = summary.assignment
  const manual = rows.filter((r) => !r.grade.override && r.grade.submissions.some((s) => s.status === 'NEEDS_MANUAL'))
  return (
    <>
      <p className="hint">
        <Link href="/instructor/assignments">Assignments</Link> /
      </p>
      <div className="row">
        <h1>{a.title}</h1>
        <p style={{ margin: 0 }}>
          <a className="button secondary" href={`/api/instructor/exports/assignments/${a.slug}`} download>
            Export CSV
          </a>{' '}
          <Link className="button secondary" href={`/homework/${a.slug}`}>
            Student page
          </Link>{' '}
          <Link className="button secondary" href={`/instructor/assignments/${a.slug}/similarity`}>
            Similarity
          </Link>
        </p>
      </div>
      <PolicySummary assignment={a} lateDayBudget={settings.lateDayBudget} />
      <p className="num">
        {summary.submitted} of {summary.students} students submitted · {summary.graded} graded · {summary.pending} waiting · {summary.missing} missing ·{' '}
        {summary.extensions} extension{summary.extensions === 1 ? '' : 's'}
        {summary.mean !== null && ` · mean ${summary.mean} / ${a.maxScore}`}
      </p>
      <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 22rem), 1fr))' }}>
        <BinsChart
          id="score-distribution"
          title={`Counted scores (out of ${a.maxScore})`}
          countLabel="Students"
          bins={scoreDistribution(
            rows.filter((r) => r.grade.status === 'graded' || r.grade.status === 'override').map((r) => r.grade.score ?? 0),
            a.maxScore,
          )}
        />
        <BinsChart
          id="submission-timeline"
          title="Graded submissions by day, around the deadline"
          countLabel="Submissions"
          bins={submissionTimeline(
            rows.flatMap((r) => r.grade.submissions.map((s) => s.createdAt)),
            a.dueAt,
          )}
        />
      </div>
      {a.kind === 'PATCH' && (
        <div className="card">
          {user.role === 'INSTRUCTOR' ? (
            <RegradeAssignmentButton slug={a.slug} title={a.title} />
          ) : (
            <p className="hint" style={{ margin: 0 }}>
              An instructor can regrade every counted submission from here.
            </p>
          )}
          <p className="hint" style={{ marginBottom: 0 }}>
            After the tests change: each student’s counted submission gets a new grading run, queued behind fresh submissions. Earlier results stay as history.
            {detail.regradesInFlight > 0 && <strong> {detail.regradesInFlight} regrade run(s) still waiting or running.</strong>}
          </p>
        </div>
      )}

      {manual.length > 0 && (
        <section aria-labelledby="manual-title">
          <h2 id="manual-title">To grade by hand ({manual.length})</h2>
          <ul className="list">
            {manual.map(({ student, grade }) => {
              const s = grade.submissions.find((x) => x.status === 'NEEDS_MANUAL')!
              return (
                <li key={student.id} className="row">
                  <span>
                    {student.name ?? student.email} · submission #{s.number} · {formatDeadline(s.createdAt)}
                    {s.daysLate > 0 && <span className="pill warn"> {s.daysLate} day(s) late</span>}
                  </span>
                  <Link href={`/instructor/submissions/${s.id}`}>Read and grade</Link>
                </li>
              )
            })}
          </ul>
        </section>
      )}

      <h2>Students</h2>
      <div className="table-scroll" style={{ maxHeight: '70vh' }}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Deadline</th>
              <th scope="col">Submissions</th>
              <th scope="col">Counted</th>
              <th scope="col">Score</th>
              <th scope="col">Status</th>
              <th scope="col">How</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ student, grade }) => (
              <tr key={student.id}>
                <th scope="row" style={{ fontWeight: 400 }}>
                  <Link href={`/instructor/students/${student.id}#a-${a.slug}`}>{student.name ?? student.email}</Link>
                  {student.section && <span className="muted"> · {student.section}</span>}
                </th>
                <td>
                  {formatDeadline(grade.deadline)}
                  {grade.extended && <span className="pill ok"> extension</span>}
                </td>
                <td className="num">{grade.submissions.length}</td>
                <td>
                  {grade.counted ? (
                    <Link href={`/instructor/submissions/${grade.counted.id}`}>
                      #{grade.counted.number}
                      {grade.counted.daysLate > 0 && ` (${grade.counted.daysLate}d late)`}
                    </Link>
                  ) : grade.submissions[0] ? (
                    <Link href={`/instructor/submissions/${grade.submissions[0].id}`}>latest #{grade.submissions[0].number}</Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="num">{grade.score === null ? '—' : `${grade.score} / ${a.maxScore}`}</td>
                <td>
                  <span className={`pill ${grade.status === 'missing' ? 'bad' : grade.status === 'pending' ? 'warn' : grade.status === 'open' ? '' : 'ok'}`}>
                    {STATUS_LABEL[grade.status]}
                  </span>
                </td>
                <td className="hint">{explainAssignment(grade).join(' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
