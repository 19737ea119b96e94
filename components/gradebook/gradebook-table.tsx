'use client'

import Link from 'next/link'
import { memo, useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useState, type UIEvent } from 'react'

import type { GradebookCell, GradebookColumn, GradebookRow } from '@/lib/gradebook/gradebook'

import styles from './gradebook.module.css'

const STUDENT_COLUMN_REM = 16
const CELL_COLUMN_REM = 6.5

/**
 * Rows are windowed: only those in view (plus OVERSCAN above and below) are in the DOM, between two spacer rows that
 * keep the scrollbar true. 500 students × 30 columns is 67,000 DOM nodes otherwise, and every sort or filter then
 * spends most of a second in style, layout and paint. Rows have one fixed height (ROW_PX, measured after mount).
 */
const ROW_PX = 50
const OVERSCAN = 15
/** Rows rendered before the scroll container's height is known (and on the server). */
const FIRST_WINDOW = 40

type SortKey = { by: 'name' | 'email' | 'section' | number; dir: 'asc' | 'desc' }
type Show = 'all' | 'missing' | 'pending' | 'late' | 'extension'

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

function formatNumber(v: number | null, percent: boolean): string {
  if (v === null) return '—'
  const text = Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, '')
  return percent ? `${text}%` : text
}

/** The instructor's gradebook: sortable by any column, filterable, with sticky headers and the student column pinned. */
export function GradebookTable({
  columns,
  rows,
  sections,
  windowRows = FIRST_WINDOW,
}: {
  columns: GradebookColumn[]
  rows: GradebookRow[]
  sections: string[]
  windowRows?: number
}) {
  const [query, setQuery] = useState('')
  const [section, setSection] = useState('')
  const [show, setShow] = useState<Show>('all')
  const [sort, setSort] = useState<SortKey>({ by: 'name', dir: 'asc' })
  const deferredQuery = useDeferredValue(query)
  const scroller = useRef<HTMLDivElement>(null)
  const [view, setView] = useState({ top: 0, height: windowRows * ROW_PX, rowPx: ROW_PX })
  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    const measure = () => {
      const row = el.querySelector<HTMLElement>('tbody tr[aria-rowindex]')
      setView({ top: el.scrollTop, height: el.clientHeight, rowPx: row?.offsetHeight || ROW_PX })
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => {
    const top = e.currentTarget.scrollTop
    setView((v) => (Math.abs(v.top - top) < v.rowPx ? v : { ...v, top }))
  }, [])
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

  const first = Math.max(0, Math.floor(view.top / view.rowPx) - OVERSCAN)
  const last = Math.min(visible.length, Math.ceil((view.top + view.height) / view.rowPx) + OVERSCAN)

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
        </p>
      </div>
      <div className={styles.scroll} ref={scroller} onScroll={onScroll} tabIndex={0} role="region" aria-label="Grades (scroll to see every student)">
        {/* fixed layout: the browser sizes 15,000 cells from the column widths instead of measuring every one */}
        <table
          className={styles.table}
          data-testid="gradebook"
          aria-rowcount={visible.length + 1}
          style={{ width: `calc(${STUDENT_COLUMN_REM}rem + ${columns.length * CELL_COLUMN_REM}rem)` }}
        >
          <colgroup>
            <col style={{ width: `${STUDENT_COLUMN_REM}rem` }} />
            {columns.map((c) => (
              <col key={c.key} style={{ width: `${CELL_COLUMN_REM}rem` }} />
            ))}
          </colgroup>
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
            {first > 0 && <tr aria-hidden="true" style={{ height: first * view.rowPx }} />}
            {visible.slice(first, last).map((r, k) => (
              <Row key={r.id} row={r} columns={columns} index={first + k + 2} />
            ))}
            {last < visible.length && <tr aria-hidden="true" style={{ height: (visible.length - last) * view.rowPx }} />}
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

/** A student's row. Memoised: sorting and filtering move rows without rendering their 30 cells again. */
const Row = memo(function Row({ row, columns, index }: { row: GradebookRow; columns: GradebookColumn[]; index: number }) {
  return (
    <tr aria-rowindex={index}>
      <th scope="row" className={styles.student}>
        <a href={`/instructor/students/${row.id}`}>{row.name || row.email}</a>
        <span className={styles.max}>
          {row.name ? row.email : ''}
          {row.section ? ` · ${row.section}` : ''}
        </span>
      </th>
      {row.cells.map((c, i) => (
        <Cell key={i} cell={c} column={columns[i]!} studentId={row.id} />
      ))}
    </tr>
  )
})

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
