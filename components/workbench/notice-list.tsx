'use client'

import styles from './workbench.module.css'

export type Notice = { id: number; tone: 'info' | 'warn' | 'error' | 'ok'; text: string; restore?: { path: string; content: string } }
export type ActionError = { message: string; problems: string[] }

/** Why the last action failed (with the server's list of problems), then the workbench's dismissible notices. */
export function NoticeList({
  error,
  notices,
  onRestore,
  onDismiss,
}: {
  error: ActionError | null
  notices: Notice[]
  onRestore: (n: Notice) => void
  onDismiss: (n: Notice) => void
}) {
  return (
    <>
      {error && (
        <div className="notice error" role="alert" data-testid="workbench-error">
          <p style={{ margin: 0 }}>
            <strong>{error.message}</strong>
          </p>
          {error.problems.length > 0 && (
            <ul>
              {error.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.tone} ${styles.notice}`} role={n.tone === 'warn' || n.tone === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <span className={styles.buttons}>
            {n.restore && (
              <button type="button" className={`secondary ${styles.smallButton}`} onClick={() => onRestore(n)}>
                Restore that version
              </button>
            )}
            <button type="button" className={`linklike ${styles.smallButton}`} onClick={() => onDismiss(n)}>
              Dismiss
            </button>
          </span>
        </div>
      ))}
    </>
  )
}
