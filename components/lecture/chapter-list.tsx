'use client'

import { formatVideoTime } from '@/lib/content/time'
import { chapterEnds } from '@/lib/lectures/timeline'
import type { SourceLink } from '@/lib/source/links'

import styles from './lecture.module.css'

type Props = {
  chapters: { position: number; startSeconds: number; title: string; sources: SourceLink[] }[]
  current: number
  duration: number | null
  onSeek: (seconds: number) => void
  disabled: boolean
  /** why the chapter times cannot be clicked right now (shown, so disabled buttons never fail silently) */
  disabledNote?: string
}

/** The lecture's chapters (5–10 minute chunks), each linked to the source it discusses. */
export function ChapterList({ chapters, current, duration, onSeek, disabled, disabledNote }: Props) {
  const ends = chapterEnds(chapters, duration)
  return (
    <section aria-labelledby="chapters-title" className={styles.panel}>
      <h2 id="chapters-title">Chapters</h2>
      {disabled && disabledNote && <p className="hint">{disabledNote}</p>}
      <ol className={styles.chapters}>
        {chapters.map((c, i) => {
          const end = ends[i]
          const minutes = end !== null && end > c.startSeconds ? Math.max(1, Math.round((end - c.startSeconds) / 60)) : null
          return (
            <li key={c.position} className={i === current ? styles.chapterCurrent : undefined} aria-current={i === current ? 'true' : undefined}>
              <button type="button" className={styles.chapterButton} onClick={() => onSeek(c.startSeconds)} disabled={disabled}>
                <span className={`${styles.chapterTime} num`}>{formatVideoTime(c.startSeconds)}</span>
                <span className={styles.chapterTitle}>{c.title}</span>
                {minutes !== null && <span className="hint">{minutes} min</span>}
              </button>
              {c.sources.length > 0 && (
                <ul className={styles.chapterSources} aria-label={`Source for “${c.title}”`}>
                  {c.sources.map((s) => (
                    <li key={s.href}>
                      <a href={s.href} target="_blank" rel="noopener">
                        <code>{s.label}</code>
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          )
        })}
      </ol>
    </section>
  )
}
