'use client'

import { useEffect, useMemo, useRef, useState } from 'react'

import { formatVideoTime } from '@/lib/content/time'
import { cueIndexAt, cuePlainText, searchCues, type Cue } from '@/lib/lectures/webvtt'

import styles from './lecture.module.css'

type Props = {
  /** the cues the student may read: the server leaves out those past an unanswered required question */
  cues: Cue[]
  /** where the hidden part starts (the required question's time), or null when nothing is hidden */
  hiddenAfter: number | null
  time: number
  /** seeking is possible (the video is loaded) */
  canSeek: boolean
  /** shown when seeking is not possible, saying why */
  seekNote?: string
  onSeek: (seconds: number) => void
}

/**
 * The lecture's transcript beside the video: follows playback (the current cue highlighted and kept in view),
 * searches, and seeks when a cue is clicked.
 */
export function TranscriptPanel({ cues, hiddenAfter, time, canSeek, seekNote = 'Clicking a line jumps there once the video has loaded.', onSeek }: Props) {
  const [query, setQuery] = useState('')
  const [follow, setFollow] = useState(true)
  const listRef = useRef<HTMLOListElement>(null)
  const current = cueIndexAt(cues, time)
  const matches = useMemo(
    () =>
      new Set(
        searchCues(
          cues.map((c) => ({ ...c, text: cuePlainText(c.text) })),
          query,
        ),
      ),
    [cues, query],
  )
  const searching = query.trim() !== ''

  // keep the current cue in view inside the panel (never scrolls the page)
  useEffect(() => {
    if (!follow || searching) return
    const list = listRef.current
    const item = list?.querySelector<HTMLElement>(`[data-cue="${current}"]`)
    if (!list || !item) return
    const top = item.offsetTop - list.offsetTop
    if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = Math.max(0, top - list.clientHeight / 3)
  }, [current, follow, searching])

  return (
    <section aria-labelledby="transcript-title" className={styles.panel} data-testid="transcript">
      <h2 id="transcript-title">Transcript</h2>
      <div className={styles.transcriptTools}>
        <label htmlFor="transcript-search" className={styles.srOnly}>
          Search the transcript
        </label>
        <input id="transcript-search" type="search" placeholder="Search the transcript" value={query} onChange={(e) => setQuery(e.target.value)} />
        <label className={styles.transcriptFollow}>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow the video
        </label>
      </div>
      {searching && (
        <p className="hint" role="status" data-testid="transcript-matches">
          {matches.size === 0
            ? `No line of the transcript${hiddenAfter !== null ? ' shown so far' : ''} contains “${query.trim()}”.`
            : `${matches.size} ${matches.size === 1 ? 'line matches' : 'lines match'}.`}
        </p>
      )}
      {!canSeek && <p className="hint">{seekNote}</p>}
      <ol ref={listRef} className={styles.transcriptList}>
        {cues.map((c, i) =>
          searching && !matches.has(i) ? null : (
            <li key={i} data-cue={i} aria-current={i === current ? 'true' : undefined} className={i === current ? styles.cueCurrent : undefined}>
              <button
                type="button"
                className={styles.cueButton}
                onClick={() => onSeek(c.start)}
                disabled={!canSeek}
                aria-label={`${formatVideoTime(c.start)}: ${cuePlainText(c.text)}`}
              >
                <span className={`${styles.cueTime} num`}>{formatVideoTime(c.start)}</span> <span>{cuePlainText(c.text)}</span>
              </button>
            </li>
          ),
        )}
      </ol>
      {hiddenAfter !== null && (
        <p className="hint" data-testid="transcript-gated">
          The transcript after {formatVideoTime(hiddenAfter)} appears once you answer the required question there.
        </p>
      )}
    </section>
  )
}
