'use client'

import { useRef } from 'react'

import type { WorkbenchLimits } from '@/lib/workbench/limits'

import styles from './workbench.module.css'

export type Busy = 'practice' | 'submission' | 'upload' | 'download' | null

/** The draft's actions: practice run, submit, download and load a .diff, with what is left of the limits. */
export function Toolbar({
  busy,
  nothingToSend,
  changes,
  limits,
  practiceLeft,
  onPractice,
  onSubmit,
  onDownload,
  onUpload,
}: {
  busy: Busy
  nothingToSend: boolean
  /** "2 files changed, +3 −1", or null without changes */
  changes: string | null
  limits: WorkbenchLimits
  practiceLeft: number
  onPractice: () => void
  onSubmit: () => void
  onDownload: () => void
  onUpload: (file: File | undefined) => void
}) {
  const uploadInput = useRef<HTMLInputElement>(null)
  return (
    <div className={styles.toolbar} role="toolbar" aria-label="Draft actions">
      <button type="button" onClick={onPractice} disabled={busy !== null || nothingToSend || practiceLeft === 0} aria-describedby="practice-hint">
        {busy === 'practice' ? 'Starting…' : 'Run public tests'}
      </button>
      <button type="button" className="secondary" onClick={onSubmit} disabled={busy !== null || nothingToSend || Boolean(limits.submitBlocked)}>
        Submit…
      </button>
      <button type="button" className="secondary" onClick={onDownload} disabled={busy !== null || nothingToSend}>
        Download .diff
      </button>
      <button type="button" className="secondary" onClick={() => uploadInput.current?.click()} disabled={busy !== null}>
        {busy === 'upload' ? 'Loading…' : 'Load a .diff…'}
      </button>
      <input
        ref={uploadInput}
        type="file"
        accept=".diff,.patch,text/x-diff,text/x-patch,text/plain"
        hidden
        aria-label="Choose a .diff file to load"
        data-testid="upload-diff"
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          onUpload(file)
        }}
      />
      <span className={`hint num ${styles.toolbarNote}`} id="practice-hint">
        {changes ?? 'No changes yet'} · practice runs left this hour: {practiceLeft} of {limits.practiceRunsPerHour}
        {limits.maxSubmissions !== null && ` · submissions used: ${limits.submissionsUsed} of ${limits.maxSubmissions}`}
      </span>
    </div>
  )
}
