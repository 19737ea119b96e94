'use client'

import Link from 'next/link'
import { startTransition, useDeferredValue, useEffect, useMemo, useState } from 'react'

import type { GradebookCell, GradebookColumn, GradebookRow } from '@/lib/gradebook/gradebook'

import styles from './gradebook.module.css'

/** Rows rendered on the server and in the first paint; the rest follow right after, without blocking input. */
const FIRST_ROWS = 60

type SortKey = { by: 'name' | 'email' | 'section' | number; dir: 'asc' | 'desc' }
type Show = 'all' | 'missing' | 'pending' | 'late' | 'extension'

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

function formatNumber(v: number | null, percent: boolean): string {
  if (v === null) return '—'
  const text = Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, '')
  return percent ? `${text}%` : text
}

/** The instructor's gradebook: sortable by any column, filterable, with sticky headers and the student column pinned. */
export function GradebookTable({ columns, rows, sections, firstRows = FIRST_ROWS }: { columns: GradebookColumn[]; rows: GradebookRow[]; sections: string[]; firstRows?: number }) {
  const [query, setQuery] = useState('')
  const [section, setSection] = useState('')
  const [show, setShow] = useState<Show>('all')
  const [sort, setSort] = useState<SortKey>({ by: 'name', dir: 'asc' })
  const deferredQuery = useDeferredValue(query)
  const [limit, setLimit] = useState(firstRows)
  useEffect(() => startTransition(() => setLimit(Number.POSITIVE_INFINITY)), [])
  const assignmentIdx = useMemo(() => columns.flatMap((c, i) => (c.kind === 'assignment' ? [i] : [])), [columns])

  const visible = useMemo(() => {
    const q = deferredQuery.trim().toLowerCase()
    const filtered = rows.filter((r) => {
      if (section && r.section !== section) return false
      if (q && !r.name.toLowerCase().includes(q) && !r.email.toLowerCase().includes(q)) return false
      if (show === 'all') return true
      return assignmentIdx.some((i) => {
        const c = r.cells[i]!
        return show === 'missing' ? c.s === 'm' : show === 'pending' ? c.s === 'p' : show === 'late' ? Boolean(c.l) : Boolean(c.x)
      })
    })
    const sign = sort.dir === 'asc' ? 1 : -1
    const by = sort.by
    return filtered.sort((a, b) => {
      if (typeof by === 'number') {
        const x = a.cells[by]!.v
        const y = b.cells[by]!.v
        // blanks always last, whichever the direction
        if (x === null || y === null) return x === y ? collator.compare(a.name || a.email, b.name || b.email) : x === null ? 1 : -1
        return (x - y) * sign || collator.compare(a.name || a.email, b.name || b.email)
      }
      const x = by === 'name' ? a.name || a.email : by === 'email' ? a.email : (a.section ?? '')
      const y = by === 'name' ? b.name || b.email : by === 'email' ? b.email : (b.section ?? '')
      return collator.compare(x, y) * sign
    })
  }, [rows, deferredQuery, section, show, sort, assignmentIdx])

  const toggle = (by: SortKey['by']) =>
    setSort((s) => (s.by === by ? { by, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { by, dir: typeof by === 'number' ? 'desc' : 'asc' }))
  const ariaSort = (by: SortKey['by']) => (sort.by === by ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none')
  const arrow = (by: SortKey['by']) => (sort.by === by ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '')

  return (
    <>
      <div className={styles.controls} role="search">
        <div>
          <label htmlFor="gb-filter">Find a student</label>
          <input id="gb-filter" type="text" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name or email" autoComplete="off" />
        </div>
        {sections.length > 0 && (
          <div>
            <label htmlFor="gb-section">Section</label>
            <select id="gb-section" value={section} onChange={(e) => setSection(e.target.value)}>
              <option value="">All sections</option>
              {sections.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        )}
        <div>
          <label htmlFor="gb-show">Show</label>
          <select id="gb-show" value={show} onChange={(e) => setShow(e.target.value as Show)}>
            <option value="all">Everyone</option>
            <option value="missing">Missing work</option>
            <option value="pending">Waiting for grading</option>
            <option value="late">Late submissions</option>
            <option value="extension">With an extension</option>
          </select>
        </div>
        <p className="hint" role="status" aria-live="polite" style={{ margin: 0 }}>
          {visible.length === rows.length ? `${rows.length} students` : `${visible.length} of ${rows.length} students`}
          {visible.length > limit && ` (showing the first ${limit}…)`}
        </p>
      </div>
      <div className={styles.scroll}>
        <table className={styles.table} data-testid="gradebook">
          <thead>
            <tr>
              <th scope="col" className={styles.student} aria-sort={ariaSort('name')}>
                <button type="button" className={styles.sortButton} onClick={() => toggle('name')}>
                  Student{arrow('name')}
                </button>
                <button type="button" className={`${styles.sortButton} ${styles.max}`} onClick={() => toggle('section')} aria-label="Sort by section">
                  section{arrow('section')}
                </button>
              </th>
              {columns.map((c, i) => (
                <th key={c.key} scope="col" aria-sort={ariaSort(i)} className={c.kind === 'total' ? styles.total : undefined}>
                  {c.kind === 'assignment' ? (
                    <>
                      <Link href={`/instructor/assignments/${c.ref}`}>{c.label}</Link>
                      <button type="button" className={styles.sortButton} onClick={() => toggle(i)} aria-label={`Sort by ${c.label}`}>
                        <span className={styles.max}>
                          / {formatNumber(c.max, false)}
                          {arrow(i)}
                        </span>
                      </button>
                    </>
                  ) : (
                    <button type="button" className={styles.sortButton} onClick={() => toggle(i)}>
                      {c.label}
                      {arrow(i)}
                      <span className={styles.max}>{c.max === null ? '%' : `/ ${formatNumber(c.max, false)}`}</span>
                    </button>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.slice(0, limit).map((r) => (
              <tr key={r.id}>
                <th scope="row" className={styles.student}>
                  <a href={`/instructor/students/${r.id}`}>{r.name || r.email}</a>
                  <span className={styles.max}>
                    {r.name ? r.email : ''}
                    {r.section ? ` · ${r.section}` : ''}
                  </span>
                </th>
                {r.cells.map((c, i) => (
                  <Cell key={i} cell={c} column={columns[i]!} studentId={r.id} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={styles.legend}>
        <span className={styles.missing}>red</span>: missing (counts 0) · <span className={styles.pending}>…</span>: submitted, waiting for grading ·{' '}
        <span className={styles.override}>dotted</span>: set by an instructor · <span className={styles.flag}>2d</span>: days late ·{' '}
        <span className={styles.ext}>ext</span>: extension · —: nothing yet. Click a cell for the work behind it.
      </p>
    </>
  )
}

function Cell({ cell, column, studentId }: { cell: GradebookCell; column: GradebookColumn; studentId: string }) {
  const text = cell.s === 'p' && cell.v === null ? '…' : formatNumber(cell.v, column.max === null)
  const cls = cell.s === 'm' || cell.s === 'p' || cell.s === 'o' ? cell.s : column.kind === 'total' ? 't' : undefined
  // kept small on purpose (15,000 of these): one text node, an optional <small> flag, plain links
  const flags = (
    <>
      {cell.l ? <small title={`${cell.l} day${cell.l === 1 ? '' : 's'} late`}>{`${cell.l}d`}</small> : null}
      {cell.x ? (
        <small className="x" title="extension">
          ext
        </small>
      ) : null}
    </>
  )
  const href =
    column.kind === 'assignment'
      ? cell.id
        ? `/instructor/submissions/${cell.id}`
        : `/instructor/students/${studentId}#a-${column.ref}`
      : column.kind === 'quiz'
        ? `/instructor/students/${studentId}#quiz-${column.ref}`
        : null
  return (
    <td className={cls} title={cell.s === 'm' ? 'missing: counts 0' : cell.s === 'o' ? 'set by an instructor' : undefined}>
      {href ? (
        <a href={href}>
          {text}
          {flags}
        </a>
      ) : (
        text
      )}
    </td>
  )
}
