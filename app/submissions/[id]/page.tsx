import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { CompilerErrorList } from '@/components/compiler-error-list'
import { TestResultsTable } from '@/components/submissions/test-results-table'
import { requirePageUser } from '@/lib/auth/guards'
import { CANONICAL_CPYTHON, isCanonicalCpython } from '@/lib/cpython/baseline'
import { formatDeadline } from '@/lib/course/dates'
import { AppError } from '@/lib/http/errors'
import { daysLate } from '@/lib/policy/late'
import { plural } from '@/lib/text/plural'
import { getSubmissionView, STUDENT_ERROR_MESSAGE, type RunView, type SubmissionView } from '@/lib/submissions/view'

import { LiveStatus } from './live-status'

export const metadata: Metadata = { title: 'Submission' }
export const dynamic = 'force-dynamic'

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const user = await requirePageUser(undefined, `/submissions/${id}`)
  let view: SubmissionView
  try {
    view = await getSubmissionView(id, user)
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound()
    throw e
  }
  const run = view.current
  const live = view.status === 'QUEUED' || view.status === 'RUNNING'
  return (
    <>
      <p className="hint">
        <Link href={`/homework/${view.assignment.slug}`}>{view.assignment.title}</Link> /
      </p>
      <h1>
        {view.kind === 'PRACTICE' ? 'Practice run' : `Submission #${view.number}`}
        {view.viewerIsStaff && <span className="muted"> · {view.student.name ?? view.student.email}</span>}
      </h1>
      <p className="muted">
        Submitted {formatDeadline(new Date(view.createdAt))}
        {view.lateSeconds > 0 && view.kind === 'GRADED' && <span className="pill warn"> {daysLate(view.lateSeconds)} day(s) late</span>} · patch sha256{' '}
        <code>{view.patchSha256.slice(0, 12)}</code>
      </p>

      {live ? (
        <LiveStatus submissionId={view.id} initialPhase={run?.phase ?? 'queued'} queuePosition={view.queuePosition} queueEtaMs={view.queueEtaMs} />
      ) : (
        <RunResult run={run} view={view} />
      )}

      {view.override && (
        <p className="notice info">
          Score set by an instructor: <strong>{view.override.score}</strong> / {view.assignment.maxScore}: {view.override.comment}
        </p>
      )}

      <details style={{ marginTop: '1.5rem' }}>
        <summary>The patch ({(view.patchFiles as { path: string }[]).map((f) => f.path).join(', ')})</summary>
        <pre style={{ maxHeight: '30rem' }}>{view.patch}</pre>
      </details>

      {view.history.length > 0 && (
        <section aria-labelledby="history-title">
          <h2 id="history-title">Earlier results</h2>
          <ul className="list">
            {view.history.map((h) => (
              <li key={h.id}>
                {h.reason === 'REGRADE' ? 'Regrade' : 'First grading'} · {h.finishedAt ? formatDeadline(new Date(h.finishedAt)) : h.status.toLowerCase()} ·
                score {h.score ?? '—'} / {h.maxScore ?? view.assignment.maxScore}
                {h.cpython.version && <> · CPython {h.cpython.version}</>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}

function RunResult({ run, view }: { run: RunView | null; view: SubmissionView }) {
  if (!run) return <p className="notice warn">This submission has not been graded yet.</p>
  if (run.status === 'ERROR') {
    return (
      <p className="notice error" role="alert">
        {view.viewerIsStaff ? (
          <>Grading failed on our side, not because of the patch. It is kept; staff can regrade it. {run.errorMessage}</>
        ) : (
          (run.errorMessage ?? STUDENT_ERROR_MESSAGE)
        )}
      </p>
    )
  }
  const manual = view.status === 'NEEDS_MANUAL'
  return (
    <section aria-labelledby="result-title">
      <h2 id="result-title">Result</h2>
      <p className={`notice ${manual ? 'info' : run.score === run.maxScore ? 'ok' : run.build.ok === false ? 'error' : 'warn'}`} data-testid="score">
        {manual ? (
          <>
            Waiting for an instructor to grade it. The automatic check passed{run.build.ok === false ? ' the comment check, but the tree did not build' : ''}.
          </>
        ) : (
          <>
            Score: <strong className="num">{run.score}</strong> / {run.maxScore}
            {run.late && (
              <>
                {' '}
                (raw {run.rawScore}, −{run.late.penaltyPercent}% for {run.late.days} day(s) late)
              </>
            )}
          </>
        )}
      </p>
      {run.cpython.version && (
        <p className="hint">
          Built against CPython {run.cpython.version}
          {run.cpython.verified === false && ' (unverified tarball)'}
          {!isCanonicalCpython(run.cpython.version) && ` — not the course’s ${CANONICAL_CPYTHON} baseline`}.
        </p>
      )}
      {run.annotationCounts && (
        <>
          <h3>Annotations per file</h3>
          <ul>
            {Object.entries(run.annotationCounts).map(([file, n]) => (
              <li key={file}>
                <code>{file}</code>: {n}
              </li>
            ))}
          </ul>
        </>
      )}
      {run.build.applied === false && (
        <div className="notice error" role="alert">
          <p style={{ marginTop: 0 }}>
            <strong>The patch did not apply to the pristine tree.</strong>
          </p>
          <pre>{run.build.log}</pre>
        </div>
      )}
      {run.build.ok === false && run.build.applied !== false && (
        <div className="notice error" role="alert">
          <p style={{ marginTop: 0 }}>
            <strong>The build failed</strong> ({plural(run.build.errors.length, 'error')}):
          </p>
          <CompilerErrorList errors={run.build.errors} />
        </div>
      )}
      {run.tests.length > 0 && <TestResultsTable tests={run.tests} />}
      {!view.viewerIsStaff && run.hidden.total > 0 && (
        <p data-testid="hidden-summary">
          Hidden tests: {run.hidden.passed} of {run.hidden.total} passed ({run.hidden.points} / {run.hidden.maxPoints} points).
        </p>
      )}
      {run.build.log && run.build.ok !== false && (
        <details>
          <summary>Build log</summary>
          <pre style={{ maxHeight: '24rem' }}>{run.build.log}</pre>
        </details>
      )}
    </section>
  )
}
