'use client'

import { useEffect, useState } from 'react'

import type { AutosaveSnapshot } from '@/lib/workbench/autosave'

import styles from './workbench.module.css'

export const timeOf = (iso: string | number) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })

/** The autosaver's state in one line: saved (when), saving, unsaved, or which file failed and when it is retried. */
export function SaveIndicator({ snapshot }: { snapshot: AutosaveSnapshot }) {
  const failing = snapshot.files.find((f) => f.state === 'error')
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!failing?.retryAt) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [failing?.retryAt])
  let text: string
  let tone: string
  if (failing) {
    const retry = failing.retryAt ? ` Retrying in ${Math.max(0, Math.ceil((failing.retryAt - now) / 1000))} s.` : ' Change the file to try again.'
    text = `Not saved: ${failing.path}: ${failing.error}.${retry}`
    tone = styles.saveError
  } else if (snapshot.state === 'saving') {
    text = 'Saving…'
    tone = styles.savePending
  } else if (snapshot.state === 'pending') {
    text = 'Unsaved changes…'
    tone = styles.savePending
  } else {
    text = snapshot.lastSavedAt ? `All changes saved (${timeOf(snapshot.lastSavedAt)})` : 'All changes saved'
    tone = styles.saveOk
  }
  return (
    <p className={`${styles.saveState} ${tone}`} role="status" aria-live="polite" data-testid="save-state" data-state={failing ? 'error' : snapshot.state}>
      {text}
    </p>
  )
}
