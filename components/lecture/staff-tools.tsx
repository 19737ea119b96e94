'use client'

import { useState } from 'react'

import { formatVideoTime } from '@/lib/content/time'
import type { PublicQuestion } from '@/lib/quiz/types'

import styles from './lecture.module.css'

type Props = {
  time: number
  authoring: boolean
  onAuthoring: (on: boolean) => void
  questions: PublicQuestion[]
  loadingQuestion: string | null
  onPreview: (q: PublicQuestion) => void
  onJump: (q: PublicQuestion) => void
}

/** Instructor aids for authoring quiz files: copy the current time, preview any question, play without stops. */
export function StaffTools({ time, authoring, onAuthoring, questions, loadingQuestion, onPreview, onJump }: Props) {
  const [copied, setCopied] = useState('')
  const copyTime = async () => {
    const text = formatVideoTime(time)
    const ok = await copyText(text)
    setCopied(ok ? `Copied ${text}` : `Copy failed; the time is ${text}`)
  }
  return (
    <section className={`card ${styles.staff}`} aria-labelledby="staff-tools-title">
      <h2 id="staff-tools-title">Instructor tools</h2>
      <p className="hint">Quiz content lives in <code>quizzes/*.yaml</code>; times are m:ss. Previews show the key and store nothing.</p>
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
      <label className={styles.checkbox}>
        <input type="checkbox" checked={authoring} onChange={(e) => onAuthoring(e.target.checked)} /> Authoring mode: play through questions without
        stopping, and seek freely
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
