'use client'

import { useState } from 'react'

import { formatVideoTime } from '@/lib/content/time'
import type { PublicQuestion } from '@/lib/quiz/types'

import styles from './lecture.module.css'

/** What the record tool needs of a chapter (the player's PlayerChapter has these fields). */
export type StaffChapter = { position: number; startSeconds: number; title: string }

type Props = {
  time: number
  /** The lecture's chapters, for "record the current time"; without them only questions can be picked. */
  chapters?: StaffChapter[]
  authoring: boolean
  onAuthoring: (on: boolean) => void
  questions: PublicQuestion[]
  loadingQuestion: string | null
  onPreview: (q: PublicQuestion) => void
  onJump: (q: PublicQuestion) => void
}

/**
 * The YAML line that records `seconds` into a chapter's `start:` or a question's `at:` (or the lecture's
 * `durationHint:`), indented as in quizzes/*.yaml, with where to paste it. Target: `chapter:<position>`,
 * `question:<id>` or `duration`. Content stays in files under version control: nothing is written on the server.
 */
export function recordLine(
  target: string,
  seconds: number,
  chapters: StaffChapter[],
  questions: Pick<PublicQuestion, 'id' | 'atSeconds'>[],
): { line: string; where: string } | null {
  const t = formatVideoTime(seconds)
  if (target === 'duration') return { line: `  durationHint: "${t}"`, where: 'under video: (the end of the video)' }
  const [kind, ref] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)]
  if (kind === 'chapter') {
    const i = chapters.findIndex((c) => String(c.position) === ref)
    if (i < 0) return null
    const c = chapters[i]
    return { line: `  - start: "${t}"`, where: `chapter ${i + 1} ("${c.title}"), now at ${formatVideoTime(c.startSeconds)}: replace its "- start:" line` }
  }
  if (kind === 'question') {
    const q = questions.find((x) => x.id === ref)
    if (!q) return null
    return { line: `    at: "${t}"`, where: `question ${q.id}, now at ${formatVideoTime(q.atSeconds)}: replace the "at:" line under "- id: ${q.id}"` }
  }
  return null
}

/** Instructor aids for authoring quiz files: copy the current time, preview any question, play without stops. */
export function StaffTools({ time, chapters = [], authoring, onAuthoring, questions, loadingQuestion, onPreview, onJump }: Props) {
  const [copied, setCopied] = useState('')
  const [target, setTarget] = useState('')
  const [recorded, setRecorded] = useState('')
  const copyTime = async () => {
    const text = formatVideoTime(time)
    const ok = await copyText(text)
    setCopied(ok ? `Copied ${text}` : `Copy failed; the time is ${text}`)
  }
  const record = recordLine(target, time, chapters, questions)
  const copyRecord = async () => {
    if (!record) return
    const ok = await copyText(record.line)
    setRecorded(ok ? `Copied: ${record.line.trim()}` : 'Copy failed; select the line and copy it')
  }
  return (
    <section className={`card ${styles.staff}`} aria-labelledby="staff-tools-title">
      <h2 id="staff-tools-title">Instructor tools</h2>
      <p className="hint">
        Quiz content lives in <code>quizzes/*.yaml</code>; times are m:ss. Previews show the key and store nothing.
      </p>
      <div className={styles.staffRow}>
        <button type="button" onClick={copyTime} data-testid="copy-time">
          Copy current time
        </button>
        <output className="num" aria-label="Current time">
          {formatVideoTime(time)} <span className="hint">({time.toFixed(1)} s)</span>
        </output>
        <span role="status" className="hint" data-testid="copy-status">
          {copied}
        </span>
      </div>
      <div className={styles.staffRow}>
        <label>
          Record the current time into{' '}
          <select
            value={target}
            onChange={(e) => {
              setTarget(e.target.value)
              setRecorded('')
            }}
            data-testid="record-target"
          >
            <option value="">choose a chapter or question…</option>
            {chapters.length > 0 && (
              <optgroup label="Chapters (start:)">
                {chapters.map((c, i) => (
                  <option key={c.position} value={`chapter:${c.position}`}>
                    {i + 1}. {formatVideoTime(c.startSeconds)} {c.title}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label="Questions (at:)">
              {questions.map((q) => (
                <option key={q.id} value={`question:${q.id}`}>
                  {formatVideoTime(q.atSeconds)} {q.id}
                </option>
              ))}
            </optgroup>
            <option value="duration">the video's length (durationHint:)</option>
          </select>
        </label>
        {record && (
          <>
            <code data-testid="record-line">{record.line.trim()}</code>
            <button type="button" className="secondary" onClick={copyRecord} data-testid="record-copy">
              Copy YAML line
            </button>
          </>
        )}
        <span role="status" className="hint" data-testid="record-status">
          {recorded}
        </span>
      </div>
      {record && (
        <p className="hint">
          Paste it into the lecture's quizzes/*.yaml file: {record.where}. Times go in the file and are reviewed like any other change; keep questions after the
          material they ask about and chapters in order.
        </p>
      )}
      <label className={styles.checkbox}>
        <input type="checkbox" checked={authoring} onChange={(e) => onAuthoring(e.target.checked)} /> Authoring mode: play through questions without stopping,
        and seek freely
      </label>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">at</th>
              <th scope="col">id</th>
              <th scope="col">type</th>
              <th scope="col">points</th>
              <th scope="col">attempts</th>
              <th scope="col">blocking</th>
              <th scope="col">
                <span className={styles.srOnly}>Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {questions.map((q, i) => (
              <tr key={q.id}>
                <td>{i + 1}</td>
                <td className="num">{formatVideoTime(q.atSeconds)}</td>
                <td>
                  <code>{q.id}</code>
                </td>
                <td>{q.type}</td>
                <td className="num">{q.points}</td>
                <td className="num">{q.attempts}</td>
                <td>{q.blocking ? 'yes' : 'no'}</td>
                <td className={styles.staffActions}>
                  <button type="button" className="secondary" onClick={() => onPreview(q)} disabled={loadingQuestion === q.id} aria-label={`Preview ${q.id}`}>
                    Preview
                  </button>
                  <button type="button" className="secondary" onClick={() => onJump(q)} aria-label={`Go to ${q.id} at ${formatVideoTime(q.atSeconds)}`}>
                    Go to
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // not allowed (insecure context, no permission): fall back below
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.appendChild(area)
  area.select()
  let ok = false
  try {
    ok = document.execCommand('copy')
  } catch {
    ok = false
  }
  area.remove()
  return ok
}
