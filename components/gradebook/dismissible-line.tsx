'use client'

import { useEffect, useState, type ReactNode } from 'react'

/** A one-line warning with a Dismiss button; the dismissal is remembered in this browser under `storageKey`. */
export function DismissibleLine({ storageKey, testId, children }: { storageKey: string; testId?: string; children: ReactNode }) {
  const [dismissed, setDismissed] = useState(false)
  useEffect(() => {
    try {
      setDismissed(window.localStorage.getItem(storageKey) === 'dismissed')
    } catch {
      // storage unavailable (private mode): the line stays
    }
  }, [storageKey])
  if (dismissed) return null
  return (
    <div className="notice error dismissible-line" role="status" data-testid={testId}>
      <span>{children}</span>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setDismissed(true)
          try {
            window.localStorage.setItem(storageKey, 'dismissed')
          } catch {
            // not remembered; hidden for this page view
          }
        }}
      >
        Dismiss
      </button>
    </div>
  )
}
