'use client'

import type { KeyboardEvent } from 'react'

import styles from './workbench.module.css'

export type View = 'edit' | 'compare' | 'patch'

const VIEWS: { id: View; label: string }[] = [
  { id: 'edit', label: 'Edit' },
  { id: 'compare', label: 'Compare with pristine' },
  { id: 'patch', label: 'Diff text' },
]

export type EditorTab = { path: string; changed: boolean; readOnly: boolean; closable: boolean }

export function tabId(path: string) {
  return `tab-${path.replace(/[^A-Za-z0-9]/g, '-')}`
}

/** The open files as tabs (arrow keys, Home and End move between them) and the choice of view. */
export function EditorTabs({
  tabs,
  active,
  view,
  onActivate,
  onClose,
  onView,
}: {
  tabs: EditorTab[]
  active: string | null
  view: View
  onActivate: (path: string) => void
  onClose: (path: string) => void
  onView: (view: View) => void
}) {
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const move = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    const next = move ? (index + move + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1
    if (next < 0) return
    e.preventDefault()
    onActivate(tabs[next]!.path)
    document.getElementById(tabId(tabs[next]!.path))?.focus()
  }
  return (
    <div className={styles.tabRow}>
      <div role="tablist" aria-label="Open files" className={styles.tabs}>
        {tabs.map(({ path, changed, readOnly, closable }, i) => (
          <span key={path} className={`${styles.tab} ${path === active ? styles.tabActive : ''}`}>
            <button
              type="button"
              role="tab"
              id={tabId(path)}
              aria-selected={path === active}
              aria-controls="workbench-panel"
              tabIndex={path === active ? 0 : -1}
              onClick={() => onActivate(path)}
              onKeyDown={(e) => onTabKey(e, i)}
              title={path}
            >
              {path.split('/').pop()}
              {changed && <span aria-label=" (changed)"> •</span>}
              {readOnly && <span className={styles.tabNote}> read-only</span>}
            </button>
            {closable && (
              <button type="button" className={styles.tabClose} onClick={() => onClose(path)} aria-label={`Close ${path}`}>
                ×
              </button>
            )}
          </span>
        ))}
      </div>
      <div className={styles.views} role="group" aria-label="View">
        {VIEWS.map((v) => (
          <button key={v.id} type="button" className={view === v.id ? undefined : 'secondary'} aria-pressed={view === v.id} onClick={() => onView(v.id)}>
            {v.label}
          </button>
        ))}
      </div>
    </div>
  )
}
