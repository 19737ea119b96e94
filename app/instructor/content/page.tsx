import type { Metadata } from 'next'

import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { formatDeadline } from '@/lib/course/dates'
import { CANONICAL_CPYTHON, isCanonicalCpython } from '@/lib/cpython/baseline'
import { baselineStatus } from '@/lib/gradebook/baseline'
import { contentStatus } from '@/lib/gradebook/content-status'
import { sharedRedis } from '@/lib/queue/redis'

import { SourceViewerStatus } from './source-viewer-status'

export const metadata: Metadata = { title: 'Content status' }
export const dynamic = 'force-dynamic'

function summaryText(summary: unknown): string {
  if (!summary || typeof summary !== 'object') return ''
  const s = summary as Record<string, unknown>
  if (Array.isArray(s.problems) || Array.isArray(s.errors)) {
    const list = (s.problems ?? s.errors) as { file?: string; path?: string; message?: string }[]
    return list
      .slice(0, 5)
      .map((p) => `${p.file ?? ''}${p.path ? ` ${p.path}` : ''}: ${p.message ?? ''}`)
      .join('; ')
  }
  return Object.entries(s)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ')
}

export default async function ContentStatusPage() {
  await requirePageUser(STAFF, '/instructor/content')
  const [status, baseline] = await Promise.all([contentStatus(), baselineStatus(sharedRedis())])
  const c = status.counts
  return (
    <>
      <h1>Content status</h1>
      <section aria-labelledby="grader-title">
        <h2 id="grader-title">Grader and CPython baseline</h2>
        {baseline.problems.length === 0 ? (
          <p className="notice ok">
            Grading uses the verified CPython {CANONICAL_CPYTHON} baseline ({baseline.workers.length} worker{baseline.workers.length === 1 ? '' : 's'} running).
          </p>
        ) : (
          <div className="notice error" data-testid="baseline-problems">
            <p style={{ marginTop: 0 }}>Grading is not running on the course’s verified CPython {CANONICAL_CPYTHON} baseline:</p>
            <ul style={{ marginBottom: 0 }}>
              {baseline.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">Last heartbeat</th>
                <th scope="col">Running</th>
                <th scope="col">CPython</th>
                <th scope="col">Image</th>
              </tr>
            </thead>
            <tbody>
              {baseline.workers.map((w) => (
                <tr key={w.workerId}>
                  <td>
                    <code>{w.workerId}</code>
                  </td>
                  <td>{formatDeadline(new Date(w.at))}</td>
                  <td className="num">
                    {w.running} / {w.concurrency}
                  </td>
                  <td>
                    {w.cpythonVersion ?? '?'}
                    {!isCanonicalCpython(w.cpythonVersion) && <span className="pill bad"> not {CANONICAL_CPYTHON}</span>}
                    {w.baselineWarning && <span className="pill bad"> warning</span>}
                  </td>
                  <td>
                    <code>{w.image ?? ''}</code>
                  </td>
                </tr>
              ))}
              {baseline.workers.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    {baseline.redisError ? `Redis could not be asked: ${baseline.redisError}` : 'No worker has reported in the last 30 seconds.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        {baseline.recentRuns.length > 0 && (
          <p className="hint">
            Runs finished in the last 14 days:{' '}
            {baseline.recentRuns.map((r) => `${r.runs} on CPython ${r.version ?? 'unknown'}${r.verified === false ? ' (unverified)' : ''}`).join(', ')}.
          </p>
        )}
      </section>

      <SourceViewerStatus />

      <section aria-labelledby="counts-title">
        <h2 id="counts-title">In the database</h2>
        <ul className="num">
          <li>
            {c.lectures} lectures, {c.questions} quiz questions{c.retiredQuestions > 0 && ` (and ${c.retiredQuestions} retired; their responses are kept)`}
          </li>
          <li>
            {c.assignments} published assignments{c.unpublishedAssignments > 0 && ` (${c.unpublishedAssignments} no longer in the content files)`}
          </li>
          <li>
            {c.students} students, {c.staff} staff, {c.roster} roster entries
          </li>
          <li>
            Graded submissions:{' '}
            {Object.entries(c.submissionsByStatus)
              .map(([k, v]) => `${v} ${k.toLowerCase().replace('_', ' ')}`)
              .join(', ') || 'none'}{' '}
            · {c.runsWaiting} grading run{c.runsWaiting === 1 ? '' : 's'} waiting or running
          </li>
        </ul>
      </section>

      <section aria-labelledby="syncs-title">
        <h2 id="syncs-title">Content syncs</h2>
        <p className="hint">
          <code>npm run content:sync</code> (also run by <code>npm start</code>) validates quizzes/, homework/ and course.yaml and loads them. A failed sync
          changes nothing.
        </p>
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Result</th>
                <th scope="col">Summary</th>
              </tr>
            </thead>
            <tbody>
              {status.syncs.map((s) => (
                <tr key={s.id}>
                  <td>{formatDeadline(s.startedAt)}</td>
                  <td>
                    <span className={`pill ${s.ok ? 'ok' : 'bad'}`}>{s.ok ? 'ok' : s.finishedAt ? 'failed' : 'unfinished'}</span>
                  </td>
                  <td className="hint">{summaryText(s.summary)}</td>
                </tr>
              ))}
              {status.syncs.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    No sync has run yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}
