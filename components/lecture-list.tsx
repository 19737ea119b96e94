import Link from 'next/link'

import type { LectureSummary } from '@/lib/course/overview'

/** The lectures with, for a student, how much of each was watched and the quiz points earned. */
export function LectureList({ lectures }: { lectures: LectureSummary[] }) {
  if (lectures.length === 0) {
    return (
      <p className="notice info">
        No lectures are loaded yet. An instructor runs <code>npm run content:sync</code>.
      </p>
    )
  }
  return (
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
                {l.progress.completed ? 'Watched' : `${l.progress.percentWatched}% watched`} · quiz {points(l.progress.quizPoints)}/
                {points(l.progress.quizMaxPoints)}
              </span>
            </div>
          )}
        </li>
      ))}
    </ol>
  )
}

export function points(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}
