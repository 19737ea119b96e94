'use client'

import Editor, { loader, type OnMount } from '@monaco-editor/react'
import { useCallback, useEffect, useRef, useState } from 'react'

import styles from './source.module.css'

// Monaco is served by the app itself (scripts/copy-monaco.mjs copies it to public/monaco/vs before every
// build): no CDN, no request leaves the machine.
loader.config({ paths: { vs: '/monaco/vs' } })

type Range = { start: number; end: number }
type Props = { path: string; text: string; language: string; lineCount: number; range: Range | null }

type MonacoEditor = Parameters<OnMount>[0]
type Monaco = Parameters<OnMount>[1]

/**
 * A read-only view of one file of the pristine tree, with line numbers and the linked range highlighted.
 * Clicking a line number selects that line in the URL (?lines=N); shift-click extends the range.
 */
export function MonacoViewer({ path, text, language, lineCount, range: initialRange }: Props) {
  const [range, setRange] = useState<Range | null>(clampRange(initialRange, lineCount))
  const [dark, setDark] = useState(false)
  const [monacoFailed, setMonacoFailed] = useState(false)
  const editorRef = useRef<MonacoEditor | null>(null)
  const monacoRef = useRef<Monaco | null>(null)
  const decorations = useRef<{ clear(): void; set(d: unknown[]): void } | null>(null)
  const rangeRef = useRef(range)
  rangeRef.current = range

  useEffect(() => {
    // if the editor cannot load (public/monaco missing: the build skipped scripts/copy-monaco.mjs), show plain text
    loader.init().catch((e: unknown) => {
      console.error('Monaco could not be loaded from /monaco/vs', e)
      setMonacoFailed(true)
    })
  }, [])

  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    setDark(media.matches)
    const onChange = () => setDark(media.matches)
    media.addEventListener('change', onChange)
    return () => media.removeEventListener('change', onChange)
  }, [])

  const highlight = useCallback((r: Range | null, reveal: boolean) => {
    const editor = editorRef.current
    const monaco = monacoRef.current
    if (!editor || !monaco) return
    const items = r
      ? [
          {
            range: new monaco.Range(r.start, 1, r.end, 1),
            options: {
              isWholeLine: true,
              className: 'src-highlight-line',
              linesDecorationsClassName: 'src-highlight-gutter',
              overviewRuler: { color: '#e3a008', position: 4 },
            },
          },
        ]
      : []
    if (!decorations.current) decorations.current = editor.createDecorationsCollection(items as never) as never
    else decorations.current.set(items)
    if (r && reveal) editor.revealLinesInCenter(r.start, r.end)
  }, [])

  const onMount: OnMount = (editor, monaco) => {
    editorRef.current = editor
    monacoRef.current = monaco
    highlight(rangeRef.current, true)
    if (rangeRef.current) editor.setPosition({ lineNumber: rangeRef.current.start, column: 1 })
    editor.onMouseDown((e) => {
      const line = e.target.position?.lineNumber
      if (!line || e.target.type !== monaco.editor.MouseTargetType.GUTTER_LINE_NUMBERS) return
      const current = rangeRef.current
      const next = e.event.shiftKey && current ? { start: Math.min(current.start, line), end: Math.max(current.end, line) } : { start: line, end: line }
      setRange(next)
    })
  }

  // keep the URL and the highlight in step with the selected range (without a navigation)
  useEffect(() => {
    highlight(range, false)
    const url = new URL(window.location.href)
    const value = range ? (range.start === range.end ? String(range.start) : `${range.start}-${range.end}`) : null
    if (url.searchParams.get('lines') === value && !url.searchParams.has('v')) return
    // the range is now in this tree's own line numbers, whichever version the link that opened it cited
    url.searchParams.delete('v')
    if (value) url.searchParams.set('lines', value)
    else url.searchParams.delete('lines')
    window.history.replaceState(window.history.state, '', url)
  }, [range, highlight])

  return (
    <div className={styles.viewer} data-testid="source-viewer" data-highlight={range ? `${range.start}-${range.end}` : ''}>
      <div className={styles.viewerBar}>
        <span className="hint">
          {range ? (
            <>
              Lines {range.start}
              {range.end !== range.start ? `–${range.end}` : ''} highlighted ·{' '}
              <button type="button" className="linklike" onClick={() => setRange(null)}>
                clear
              </button>
            </>
          ) : (
            'Click a line number to link to it (shift-click for a range).'
          )}
        </span>
        <span className="hint">
          Read-only · {lineCount.toLocaleString('en-US')} lines · {language}
        </span>
      </div>
      {monacoFailed ? (
        <>
          <p className="notice warn" style={{ margin: '0.5rem' }}>
            The code editor could not be loaded; showing the file as plain text.
          </p>
          <Excerpt text={text} range={range} all />
        </>
      ) : (
        <Editor
          height="75vh"
          path={`cpython/${path}`}
          defaultLanguage={language}
          defaultValue={text}
          theme={dark ? 'vs-dark' : 'vs'}
          onMount={onMount}
          loading={<Excerpt text={text} range={range} />}
          options={{
            readOnly: true,
            domReadOnly: true,
            readOnlyMessage: { value: 'This is the pristine CPython tree: read-only.' },
            lineNumbers: 'on',
            minimap: { enabled: false },
            scrollBeyondLastLine: false,
            contextmenu: false,
            links: false,
            fontSize: 13,
            renderLineHighlight: 'none',
            automaticLayout: true,
            ariaLabel: `${path}, read-only source`,
            wordWrap: 'off',
          }}
        />
      )}
    </div>
  )
}

/** Shown while Monaco loads (and without JavaScript): the highlighted lines, or the start of the file. */
function Excerpt({ text, range, all = false }: { text: string; range: Range | null; all?: boolean }) {
  const lines = text.split('\n')
  const from = range && !all ? Math.max(1, range.start - 5) : 1
  const to = all ? lines.length : range ? Math.min(lines.length, range.end + 5) : Math.min(lines.length, 60)
  return (
    <pre className={styles.excerpt} aria-label="Source excerpt">
      {lines.slice(from - 1, to).map((l, i) => {
        const n = from + i
        const hl = range && n >= range.start && n <= range.end
        return (
          <span key={n} className={hl ? styles.excerptHighlight : undefined}>
            <span className={styles.excerptNumber}>{String(n).padStart(5)} </span>
            {l}
            {'\n'}
          </span>
        )
      })}
    </pre>
  )
}

function clampRange(r: Range | null, lineCount: number): Range | null {
  if (!r || lineCount === 0) return null
  const start = Math.min(r.start, lineCount)
  return { start, end: Math.max(start, Math.min(r.end, lineCount)) }
}
