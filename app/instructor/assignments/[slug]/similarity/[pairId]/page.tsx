import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { EvidenceNote, percent } from '@/components/similarity/similarity-parts'
import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { AppError } from '@/lib/http/errors'
import type { FragmentSide } from '@/lib/similarity/parameters'
import { similarityPairView, type PairSide, type PairView } from '@/lib/similarity/results'

export const metadata: Metadata = { title: 'Similarity: side by side' }
export const dynamic = 'force-dynamic'

function sourceHref(side: FragmentSide): string | null {
  if (!side.path || side.pristineStart <= 0) return null
  const end = Math.max(side.pristineStart, side.pristineEnd)
  return `/source/${side.path.split('/').map(encodeURIComponent).join('/')}?lines=${side.pristineStart}${end !== side.pristineStart ? `-${end}` : ''}`
}

function where(side: FragmentSide): string {
  return `${side.path ?? '?'} lines ${side.startLine}${side.endLine !== side.startLine ? `–${side.endLine}` : ''}`
}

// Students' patch text is untrusted: it is only ever rendered as React text.
function Column({ label, side, prefix }: { label: string; side: PairSide; prefix: string }) {
  const firstRowOf = new Map<number, number>()
  side.rows.forEach((r, i) => {
    if (r.fragment !== null && !firstRowOf.has(r.fragment)) firstRowOf.set(r.fragment, i)
  })
  return (
    <section aria-label={`${label}: ${side.person.name}`} style={{ minWidth: 0 }}>
      <h2 style={{ fontSize: '1.05rem' }}>
        {label}: {side.person.name}{' '}
        <Link className="hint" href={`/instructor/submissions/${side.submissionId}`}>
          submission #{side.submissionNumber ?? '?'}
        </Link>
      </h2>
      <div
        style={{
          fontFamily: 'var(--mono)',
          fontSize: '0.82rem',
          border: '1px solid var(--border)',
          borderRadius: 'var(--radius)',
          overflowX: 'auto',
          maxHeight: '75vh',
          overflowY: 'auto',
        }}
      >
        {side.rows.length === 0 && <p className="hint">This submission is no longer stored.</p>}
        {side.rows.map((r, i) =>
          r.path === null ? (
            <div key={i} style={{ borderTop: '1px dashed var(--border)', margin: '0.2rem 0' }} />
          ) : (
            <div
              key={i}
              id={firstRowOf.get(r.fragment ?? -1) === i ? `${prefix}-f${(r.fragment ?? 0) + 1}` : undefined}
              data-fragment={r.fragment === null ? undefined : r.fragment + 1}
              style={{ display: 'flex', whiteSpace: 'pre', background: r.fragment !== null ? 'var(--warn-soft)' : undefined, opacity: r.added ? 1 : 0.6 }}
            >
              <span style={{ color: 'var(--muted)', minWidth: '11ch', paddingRight: '0.5rem', textAlign: 'right', userSelect: 'none' }} title={r.path}>
                {r.fragment !== null ? `#${r.fragment + 1} ` : ''}
                {r.line}
                {r.added ? '+' : ' '}
              </span>
              <span>{r.text}</span>
            </div>
          ),
        )}
      </div>
    </section>
  )
}

export default async function SimilarityPairPage({ params }: { params: Promise<{ slug: string; pairId: string }> }) {
  const { slug, pairId } = await params
  await requirePageUser(STAFF, `/instructor/assignments/${slug}/similarity/${pairId}`)
  let view: PairView
  try {
    view = await similarityPairView(slug, pairId)
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound()
    throw e
  }
  return (
    <>
      <p className="hint">
        <Link href="/instructor/similarity">Similarity</Link> / <Link href={`/instructor/assignments/${slug}/similarity`}>{view.assignment.title}</Link> /
      </p>
      <h1>
        {view.left.person.name} and {view.right.person.name}
      </h1>
      <p className="num">
        Similarity {percent(view.similarity)}
        {view.flagged && <span className="pill bad"> above threshold</span>} · longest shared fragment {view.longest} fingerprints · {view.fragments.length}{' '}
        shared fragment{view.fragments.length === 1 ? '' : 's'} · {view.library}
      </p>
      <EvidenceNote />
      <p className="hint">
        Lines the students added are shown in full, context lines from CPython faded; shared fragments are highlighted and numbered. Line numbers are those of
        each student’s patched file; the source viewer links open the pristine file at the place the fragment was added.
      </p>
      {view.fragments.length > 0 && (
        <section aria-labelledby="fragments">
          <h2 id="fragments">Shared fragments</h2>
          <ol>
            {view.fragments.map((f, i) => {
              const a = sourceHref(f.left)
              const b = sourceHref(f.right)
              return (
                <li key={i}>
                  <a href={`#a-f${i + 1}`}>{where(f.left)}</a> {a && <Link href={a}>(source)</Link>} ↔ <a href={`#b-f${i + 1}`}>{where(f.right)}</a>{' '}
                  {b && <Link href={b}>(source)</Link>} <span className="muted">· {f.kgrams} fingerprints</span>
                </li>
              )
            })}
          </ol>
        </section>
      )}
      {view.fragments.length === 0 && (
        <p className="pill warn">
          These patches share fingerprints too repetitively for their fragments to be listed (a long table or a pasted block); read both in full below.
        </p>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(22rem, 1fr))', gap: '1rem' }}>
        <Column label="A" side={view.left} prefix="a" />
        <Column label="B" side={view.right} prefix="b" />
      </div>
    </>
  )
}
