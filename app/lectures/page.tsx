import type { Metadata } from 'next'
import Link from 'next/link'

import { requirePageUser } from '@/lib/auth/guards'
import { courseOverview } from '@/lib/course/overview'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: 'Lectures' }

export default async function LecturesPage() {
  const user = await requirePageUser(undefined, '/lectures')
  const { lectures } = await courseOverview(user.id)
  return (
    <>
      <h1>Lectures</h1>
      <p className="muted" style={{ maxWidth: '48rem' }}>
        Nine recorded lectures walking through the CPython 2.7.8 source, in chapters of 5 to 10 minutes, each linked to the code it discusses. Questions
        appear inside the videos; the player remembers where you stopped.
      </p>
      {lectures.length === 0 ? (
        <p className="notice info">No lectures are loaded yet. An instructor runs <code>npm run content:sync</code>.</p>
      ) : (
        <ol className="list" aria-label="Lectures">
          {lectures.map((l) => (
            <li key={l.slug}>
              <div className="row">
                <Link href={`/lectures/${l.slug}`}>
                  <strong>
                    {l.number}. {l.title}
                  </strong>
                </Link>
                <span className="muted num">
                  {l.chapterCount} chapters · {l.questionCount} questions
                </span>
              </div>
              {l.summary && <p className="hint">{l.summary}</p>}
              {l.progress && (
                <div className="row" style={{ alignItems: 'center' }}>
                  <div className="progress" style={{ flex: 1, minWidth: '8rem' }} role="img" aria-label={`${l.progress.percentWatched}% watched`}>
                    <span style={{ width: `${l.progress.percentWatched}%` }} />
                  </div>
                  <span className="muted num">
                    {l.progress.completed ? 'Watched' : `${l.progress.percentWatched}% watched`} · quiz {fmt(l.progress.quizPoints)}/{fmt(l.progress.quizMaxPoints)}
                  </span>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  )
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}
