import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { EvidenceNote, percent, ScoreHistogram } from '@/components/similarity/similarity-parts'
import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { formatDeadline } from '@/lib/course/dates'
import { AppError } from '@/lib/http/errors'
import { similarityReport, type PairRow, type SimilarityReport } from '@/lib/similarity/results'

import { RunSimilarityButton } from '../../../_forms/similarity-button'

export const metadata: Metadata = { title: 'Similarity' }
export const dynamic = 'force-dynamic'

const STATUS = { QUEUED: 'waiting', RUNNING: 'running', DONE: 'finished', ERROR: 'failed' } as const

function PairTable({ slug, pairs, caption }: { slug: string; pairs: PairRow[]; caption: string }) {
  if (pairs.length === 0) return <p className="hint">No two submissions share anything beyond the template.</p>
  return (
    <div className="table-scroll" style={{ maxHeight: '60vh' }}>
      <table className="data">
        <caption className="hint" style={{ textAlign: 'left' }}>
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Student A</th>
            <th scope="col">Student B</th>
            <th scope="col">Similarity</th>
            <th scope="col">Longest fragment</th>
            <th scope="col">Fragments</th>
            <th scope="col">Compare</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((p, i) => (
            <tr key={p.id}>
              <td className="num">{i + 1}</td>
              <td>{p.left.name}</td>
              <td>{p.right.name}</td>
              <td className="num">
                {percent(p.similarity)}
                {p.flagged && <span className="pill bad"> above threshold</span>}
              </td>
              <td className="num">{p.longest}</td>
              <td className="num">{p.fragments}</td>
              <td>
                <Link href={`/instructor/assignments/${slug}/similarity/${p.id}`} aria-label={`Compare ${p.left.name} and ${p.right.name}`}>
                  Side by side
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export default async function SimilarityPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const user = await requirePageUser(STAFF, `/instructor/assignments/${slug}/similarity`)
  let report: SimilarityReport
  try {
    report = await similarityReport(slug)
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound()
    throw e
  }
  const { assignment: a, latest } = report
  const threshold = latest?.parameters?.threshold ?? 1
  return (
    <>
      <p className="hint">
        <Link href="/instructor/similarity">Similarity</Link> / <Link href={`/instructor/assignments/${a.slug}`}>{a.title}</Link> /
      </p>
      <div className="row">
        <h1>Similarity: {a.title}</h1>
        {latest && (
          <p style={{ margin: 0 }}>
            <a className="button secondary" href={`/api/instructor/exports/similarity/${a.slug}`} download>
              Export CSV
            </a>
          </p>
        )}
      </div>
      <EvidenceNote />
      <p className="hint">
        Each student’s counted submission (best or latest, as the gradebook counts it) is compared with every other.{' '}
        {a.kind === 'ANNOTATION'
          ? 'For this annotation assignment only the comments students added are compared.'
          : 'Only the lines students added are compared.'}{' '}
        The pristine CPython sources, the reference solution and any starter code are left out, so shared base code never matches. A check also runs by itself
        once the deadline ({formatDeadline(a.dueAt)}) has passed.
      </p>
      <div className="card">
        {user.role === 'INSTRUCTOR' ? (
          <RunSimilarityButton slug={a.slug} disabled={report.inFlight} />
        ) : (
          <p className="hint" style={{ margin: 0 }}>
            An instructor can run a new check from here.
          </p>
        )}
        {report.inFlight && <p className="hint">A check is waiting or running; reload the page for its results.</p>}
      </div>

      {!latest ? (
        <p>No similarity check of this assignment has finished yet.</p>
      ) : (
        <>
          <p className="num">
            Newest check: {formatDeadline(latest.finishedAt ?? latest.createdAt)} · {latest.submissions} submissions · {latest.pairsCompared} pairs compared ·{' '}
            <strong>{latest.flagged}</strong> at or above {percent(threshold)} · {latest.library}
            {latest.parameters && ` · k-grams of ${latest.parameters.kgramLength} tokens, window ${latest.parameters.kgramsInWindow}`}
          </p>
          {latest.errorMessage && <p className="pill warn">{latest.errorMessage}</p>}
          <section aria-labelledby="by-similarity">
            <h2 id="by-similarity">Pairs by similarity</h2>
            <PairTable slug={a.slug} pairs={report.bySimilarity} caption="Share of both patches’ own fingerprints found in the other, highest first." />
          </section>
          <section aria-labelledby="by-longest">
            <h2 id="by-longest">Pairs by longest shared fragment</h2>
            <PairTable slug={a.slug} pairs={report.byLongest} caption="Length of the longest run of shared fingerprints, longest first." />
          </section>
          <section aria-labelledby="histogram">
            <h2 id="histogram">Distribution of pair scores</h2>
            <ScoreHistogram counts={latest.histogram} threshold={threshold} />
          </section>
        </>
      )}

      <h2>Checks</h2>
      <ul className="list">
        {report.runs.map((r) => (
          <li key={r.id} className="row">
            <span>
              {formatDeadline(r.createdAt)} · {r.trigger === 'DEADLINE' ? 'after the deadline' : 'asked for by an instructor'} · {STATUS[r.status]}
              {r.status === 'DONE' && ` · ${r.submissions} submissions`}
            </span>
            {r.status === 'ERROR' && <span className="pill bad">{r.errorMessage}</span>}
          </li>
        ))}
      </ul>
    </>
  )
}
