'use client'

import { useEffect, useId, useState } from 'react'

import type { WorkbenchApi } from './api'
import styles from './workbench.module.css'

export type SidebarFile = { path: string; changed: boolean; saving: 'saved' | 'pending' | 'saving' | 'error' | null }

/**
 * The files the assignment lets the student change (with what changed and a reset per file), and a search over the
 * whole tree to open any other file read-only.
 */
export function FileSidebar({
  api,
  files,
  active,
  onOpen,
  onReset,
}: {
  api: WorkbenchApi
  files: SidebarFile[]
  active: string | null
  onOpen: (path: string) => void
  onReset: (path: string) => void
}) {
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<string[] | null>(null)
  const [searchError, setSearchError] = useState<string | null>(null)
  const searchId = useId()

  useEffect(() => {
    const q = query.trim()
    if (q.length < 2) {
      setResults(null)
      return
    }
    let cancelled = false
    const timer = setTimeout(() => {
      api.search(q).then(
        (r) => !cancelled && (setResults(r.paths), setSearchError(null)),
        (e: Error) => !cancelled && setSearchError(e.message),
      )
    }, 200)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [api, query])

  return (
    <nav className={styles.sidebar} aria-label="Files">
      <h2 className={styles.sidebarTitle}>Files you change</h2>
      <ul className={styles.fileList}>
        {files.map((f) => (
          <li key={f.path} className={f.path === active ? styles.fileActive : undefined}>
            <button type="button" className={styles.fileButton} onClick={() => onOpen(f.path)} aria-current={f.path === active ? 'true' : undefined}>
              <code>{f.path}</code>
              {f.changed && (
                <span className="pill warn" title="Changed from the pristine file">
                  changed
                </span>
              )}
              {f.saving === 'error' && <span className="pill bad">not saved</span>}
            </button>
            {f.changed && (
              <button
                type="button"
                className={`secondary ${styles.smallButton}`}
                onClick={() => onReset(f.path)}
                aria-label={`Reset ${f.path} to the pristine file`}
              >
                Reset
              </button>
            )}
          </li>
        ))}
        {files.length === 0 && <li className="hint">This assignment names no file of this tree.</li>}
      </ul>

      <h2 className={styles.sidebarTitle}>
        <label htmlFor={searchId}>Open any file (read-only)</label>
      </h2>
      <input
        id={searchId}
        type="search"
        className={styles.search}
        placeholder="e.g. opcode.h"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && results?.[0]) {
            e.preventDefault()
            onOpen(results[0])
          }
        }}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${searchId}-hint`}
      />
      <p className="hint" id={`${searchId}-hint`}>
        Type part of a path; Enter opens the first match.
      </p>
      {searchError && <p className="notice error">{searchError}</p>}
      {results && (
        <ul className={styles.searchResults} aria-label="Matching files">
          {results.map((p) => (
            <li key={p}>
              <button type="button" className="linklike" onClick={() => onOpen(p)}>
                {p}
              </button>
            </li>
          ))}
          {results.length === 0 && <li className="hint">No file matches.</li>}
        </ul>
      )}
    </nav>
  )
}
