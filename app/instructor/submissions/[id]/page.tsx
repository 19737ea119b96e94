import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { CompilerErrorList } from '@/components/compiler-error-list'
import { PatchDiffView } from '@/components/diff/patch-diff-view'
import { TestResultsTable } from '@/components/submissions/test-results-table'
import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { formatDeadline } from '@/lib/course/dates'
import { CANONICAL_CPYTHON, isCanonicalCpython } from '@/lib/cpython/baseline'
import { explainSubmission } from '@/lib/grades/explain'
import { overrideHistory } from '@/lib/grades/overrides'
import { studentGrades } from '@/lib/grades/student'
import { AppError } from '@/lib/http/errors'
import { getSubmissionView, type RunView, type SubmissionView } from '@/lib/submissions/view'

import { RegradeSubmissionButton } from '../../_forms/regrade-buttons'
import { ScoreForm } from '../../_forms/score-form'

export const metadata: Metadata = { title: 'Submission (staff)' }
export const dynamic = 'force-dynamic'

const fmt = (iso: string | null) => (iso ? formatDeadline(new Date(iso)) : '—')

function duration(run: RunView): string {
  if (!run.startedAt || !run.finishedAt) return ''
  return `${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`
}

export default async function StaffSubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const user = await requirePageUser(STAFF, `/instructor/submissions/${id}`)
  let view: SubmissionView
  try {
    view = await getSubmissionView(id, user)
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound()
    throw e
  }
  const grades = await studentGrades(view.student.id)
  const grade = grades.assignments.find((g) => g.assignment.slug === view.assignment.slug)
  const graded = grade?.submissions.find((s) => s.id === view.id)
  const history = grade ? await overrideHistory(view.student.id, grade.assignment.id) : []
  const runs = [view.current, ...view.history].filter((r): r is RunView => r !== null)
  return (
    <>
      <p className="hint">
        <Link href={`/instructor/students/${view.student.id}#a-${view.assignment.slug}`}>{view.student.name ?? view.student.email}</Link> /{' '}
        <Link href={`/instructor/assignments/${view.assignment.slug}`}>{view.assignment.title}</Link> /
      </p>
      <h1>
        {view.kind === 'PRACTICE' ? 'Practice run' : `Submission #${view.number}`} <span className="muted">· {view.student.name ?? view.student.email}</span>
      </h1>
      <dl className="card num" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '0.25rem 1rem', margin: 0 }}>
        <dt>Submitted</dt>
        <dd style={{ margin: 0 }}>{fmt(view.createdAt)}</dd>
        <dt>Deadline in force</dt>
        <dd style={{ margin: 0 }}>
          {grade ? formatDeadline(grade.deadline) : '—'}
          {grade?.extended && <span className="pill ok"> extension</span>}
        </dd>
        <dt>Lateness</dt>
        <dd style={{ margin: 0 }}>
          {view.lateSeconds > 0 ? (
            <span className="pill warn">
              {graded?.daysLate ?? '?'} day(s) late ({Math.round(view.lateSeconds / 60)} min after the deadline)
            </span>
          ) : (
            'on time'
          )}
        </dd>
        <dt>Status</dt>
        <dd style={{ margin: 0 }}>
          {view.status.toLowerCase().replace('_', ' ')}
          {view.queuePosition !== null && ` · position ${view.queuePosition} in the queue`}
        </dd>
        <dt>Score</dt>
        <dd style={{ margin: 0 }}>
          {graded && grade ? explainSubmission(graded, grade) : '—'}
          {grade?.counted?.id === view.id && <span className="pill ok"> counts</span>}
        </dd>
        <dt>Patch</dt>
        <dd style={{ margin: 0 }}>
          sha256 <code>{view.patchSha256.slice(0, 16)}</code> ·{' '}
          {(view.patchFiles as { path: string; added: number; removed: number }[]).map((f) => `${f.path} (+${f.added} −${f.removed})`).join(', ')}
        </dd>
      </dl>

      <div className="row" style={{ marginTop: '0.75rem', justifyContent: 'flex-start' }}>
        <RegradeSubmissionButton submissionId={view.id} />
        <a className="button secondary" href={`/submissions/${view.id}`}>
          What the student sees
        </a>
      </div>

      {grade && (
        <section aria-labelledby="score-title">
          <h2 id="score-title">Score by hand</h2>
          {history.length > 0 && (
            <ul>
              {history.map((o, i) => (
                <li key={o.id}>
                  {i === 0 ? <strong>{o.score}</strong> : <s>{o.score}</s>} / {view.assignment.maxScore} · “{o.comment}” · {o.by ?? 'unknown'} ·{' '}
                  {formatDeadline(o.at)}
                  {i === 0 && ' (counts)'}
                </li>
              ))}
            </ul>
          )}
          <ScoreForm
            userId={view.student.id}
            assignmentId={grade.assignment.id}
            submissionId={view.id}
            maxScore={view.assignment.maxScore}
            current={history[0]?.score ?? graded?.score ?? null}
            label={view.status === 'NEEDS_MANUAL' ? 'Grade this submission' : 'Override the score'}
          />
        </section>
      )}

      <section aria-labelledby="diff-title">
        <h2 id="diff-title">Changes against the pristine tree</h2>
        <PatchDiffView submissionId={view.id} patch={view.patch} />
      </section>

      <section aria-labelledby="runs-title">
        <h2 id="runs-title">Grading runs ({runs.length})</h2>
        {runs.length === 0 && <p className="muted">No run yet.</p>}
        {runs.map((run, i) => (
          <RunDetails key={run.id} run={run} open={i === 0} current={i === 0} maxScore={view.assignment.maxScore} />
        ))}
      </section>
    </>
  )
}

function RunDetails({ run, open, current, maxScore }: { run: RunView; open: boolean; current: boolean; maxScore: number }) {
  const offBaseline = run.cpython.version !== null && (!isCanonicalCpython(run.cpython.version) || run.cpython.verified === false)
  return (
    <details open={open} className="card" style={{ marginBottom: '0.75rem' }} data-testid="run">
      <summary>
        <strong>{run.reason === 'REGRADE' ? 'Regrade' : 'First grading'}</strong> · {run.status.toLowerCase()}
        {current ? ' (latest)' : ''} · created {fmt(run.createdAt)} · finished {fmt(run.finishedAt)} {duration(run) && `(${duration(run)})`} · raw score{' '}
        {run.rawScore ?? '—'} / {run.maxScore ?? maxScore}
      </summary>
      {offBaseline && (
        <p className="notice error" role="alert">
          Built against CPython {run.cpython.version}
          {run.cpython.verified === false ? ' from an unverified tarball' : ''}, not the course’s verified {CANONICAL_CPYTHON}.
        </p>
      )}
      <p className="hint">
        CPython {run.cpython.version ?? '?'} {run.cpython.verified ? '(verified)' : run.cpython.verified === false ? '(unverified)' : ''} · image{' '}
        <code>{run.cpython.imageDigest?.slice(0, 19) ?? '—'}</code> · started {fmt(run.startedAt)}
        {run.gradedOn && (
          <>
            {' '}
            · graded on <code>{run.gradedOn}</code>
          </>
        )}
      </p>
      {run.errorMessage && <p className="notice error">{run.errorMessage}</p>}
      {run.build.errors.length > 0 && (
        <div className="notice error">
          <strong>Build errors</strong>
          <CompilerErrorList errors={run.build.errors} />
        </div>
      )}
      {run.annotationCounts && (
        <p>
          Annotations per file:{' '}
          {Object.entries(run.annotationCounts)
            .map(([f, n]) => `${f}: ${n}`)
            .join(', ')}
        </p>
      )}
      {run.tests.length > 0 && <TestResultsTable tests={run.tests} staff />}
      {run.build.log && (
        <details>
          <summary>Build log ({run.build.ok === false ? 'failed' : run.build.applied === false ? 'patch did not apply' : 'ok'})</summary>
          <pre style={{ maxHeight: '28rem' }}>{run.build.log}</pre>
        </details>
      )}
    </details>
  )
}
