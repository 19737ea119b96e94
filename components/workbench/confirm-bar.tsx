'use client'

import type { WorkbenchLimits } from '@/lib/workbench/limits'

import styles from './workbench.module.css'

export type Confirm = { kind: 'submit' } | { kind: 'upload'; name: string; text: string } | null

/** Asks before a step that cannot be taken back: a graded submission, or a loaded .diff replacing the draft. */
export function ConfirmBar({
  confirm,
  changes,
  limits,
  onSubmit,
  onLoad,
  onDownload,
  onCancel,
}: {
  confirm: Confirm
  /** "2 files, +3 −1" */
  changes: string
  limits: WorkbenchLimits
  onSubmit: () => void
  onLoad: (name: string, text: string) => void
  onDownload: () => void
  onCancel: () => void
}) {
  if (confirm?.kind === 'submit') {
    return (
      <div className="notice info" role="group" aria-label="Confirm submission">
        <p style={{ marginTop: 0 }}>
          Submit this draft for grading ({changes})? It counts as a submission
          {limits.maxSubmissions !== null && ` (${limits.submissionsUsed} of ${limits.maxSubmissions} used so far)`}.
        </p>
        <div className={styles.buttons}>
          <button type="button" onClick={onSubmit} autoFocus>
            Submit for grading
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    )
  }
  if (confirm?.kind === 'upload') {
    return (
      <div className="notice warn" role="group" aria-label="Confirm loading a diff">
        <p style={{ marginTop: 0 }}>
          Loading <code>{confirm.name}</code> replaces your current draft ({changes}). Download the current draft first if you want to keep it.
        </p>
        <div className={styles.buttons}>
          <button type="button" onClick={() => onLoad(confirm.name, confirm.text)} autoFocus>
            Replace my draft
          </button>
          <button type="button" className="secondary" onClick={onDownload}>
            Download current draft
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    )
  }
  return null
}
