'use client'

import { useState } from 'react'

import { formatVideoTime } from '@/lib/content/time'
import type { PublicQuestion } from '@/lib/quiz/types'

import styles from './lecture.module.css'

type Props = {
  time: number
  duration: number | null
  chapters: { startSeconds: number; title: string }[]
  /** questions shown as markers (staff only) */
  questions: PublicQuestion[]
  /** the first unanswered blocking question: the bar shows that it cannot be passed */
  gateSeconds: number | null
  disabled: boolean
  onSeek: (seconds: number) => void
  onMarker?: (question: PublicQuestion) => void
}

/** A native range input (keyboard and screen-reader friendly) over a track showing chapters and markers. */
export function SeekBar({ time, duration, chapters, questions, gateSeconds, disabled, onSeek, onMarker }: Props) {
  const [dragging, setDragging] = useState<number | null>(null)
  const max = Math.max(1, Math.ceil(duration ?? Math.max(60, ...questions.map((q) => q.atSeconds + 30), ...chapters.map((c) => c.startSeconds + 60))))
  const pct = (t: number) => `${Math.min(100, Math.max(0, (t / max) * 100))}%`
  const shown = dragging ?? time
  return (
    <div className={styles.seek}>
      <div className={styles.track} aria-hidden="true">
        <span className={styles.trackFill} style={{ width: pct(shown) }} />
        {chapters.slice(1).map((c) => (
          <span key={c.startSeconds} className={styles.chapterTick} style={{ left: pct(c.startSeconds) }} title={c.title} />
        ))}
        {gateSeconds !== null && <span className={styles.gate} style={{ left: pct(gateSeconds) }} />}
      </div>
      <input
        type="range"
        className={styles.range}
        min={0}
        max={max}
        step={1}
        value={Math.min(max, Math.round(shown))}
        disabled={disabled}
        aria-label="Seek"
        aria-valuetext={`${formatVideoTime(shown)}${duration ? ` of ${formatVideoTime(duration)}` : ''}`}
        data-testid="seek-bar"
        onInput={(e) => setDragging(Number((e.target as HTMLInputElement).value))}
        onChange={(e) => {
          setDragging(null)
          onSeek(Number(e.target.value))
        }}
        onBlur={() => setDragging(null)}
      />
      {onMarker && questions.length > 0 && (
        <div className={styles.markers}>
          {questions.map((q, i) => (
            <button
              key={q.id}
              type="button"
              className={`${styles.marker} ${q.blocking ? styles.markerBlocking : ''}`}
              style={{ left: pct(q.atSeconds) }}
              onClick={() => onMarker(q)}
              aria-label={`Preview question ${i + 1} at ${formatVideoTime(q.atSeconds)} (${q.type}${q.blocking ? ', blocking' : ''})`}
              title={`Q${i + 1} · ${formatVideoTime(q.atSeconds)} · ${q.type}${q.blocking ? ' · blocking' : ''}`}
              data-testid="question-marker"
            >
              <span aria-hidden="true">{i + 1}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
