'use client'

import { DiffEditor, loader } from '@monaco-editor/react'
import { useEffect, useState } from 'react'

import { CANONICAL_CPYTHON, isCanonicalCpython } from '@/lib/cpython/baseline'
import type { SubmissionFiles } from '@/lib/gradebook/patch-files'

// Monaco is served by the app itself from public/monaco/vs (scripts/copy-monaco.mjs); nothing comes from a CDN.
loader.config({ paths: { vs: '/monaco/vs' } })

function languageOf(path: string): string {
  if (/\.(c|h)$/.test(path)) return 'c'
  if (path.endsWith('.py')) return 'python'
  if (/\.(sh|bash)$/.test(path)) return 'shell'
  return 'plaintext'
}

type State = { loading: true } | { loading: false; data: SubmissionFiles | null; error: string | null }

/**
 * The files a submission changed, each shown as a Monaco diff against the pristine CPython file. The files are
 * fetched when the view is first shown; if the pristine tree is unavailable or a hunk does not apply, the raw
 * patch is shown instead, with the reason.
 */
export function PatchDiffView({ submissionId, patch }: { submissionId: string; patch: string }) {
  const [state, setState] = useState<State>({ loading: true })
  const [selected, setSelected] = useState(0)
  const [sideBySide, setSideBySide] = useState(true)
  const [dark, setDark] = useState(false)

  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    setDark(media.matches)
    const onChange = () => setDark(media.matches)
    media.addEventListener('change', onChange)
    return () => media.removeEventListener('change', onChange)
  }, [])

  useEffect(() => {
    let cancelled = false
    fetch(`/api/instructor/submissions/${encodeURIComponent(submissionId)}/files`, { credentials: 'same-origin' })
      .then(async (res) => {
        const body = await res.json()
        if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`)
        return body as SubmissionFiles
      })
      .then(
        (data) => !cancelled && setState({ loading: false, data, error: data.error }),
        (e: Error) => !cancelled && setState({ loading: false, data: null, error: e.message }),
      )
    return () => {
      cancelled = true
    }
  }, [submissionId])

  if (state.loading)
    return (
      <p className="hint" role="status">
        Loading the changed files…
      </p>
    )
  const files = state.data?.files ?? []
  if (state.error || files.length === 0) {
    return (
      <>
        {state.error && <p className="notice warn">{state.error}</p>}
        <pre style={{ maxHeight: '30rem' }}>{patch}</pre>
      </>
    )
  }
  const file = files[Math.min(selected, files.length - 1)]!
  const version = state.data?.cpythonVersion
  return (
    <div data-testid="patch-diff">
      {version && !isCanonicalCpython(version) && (
        <p className="notice warn" role="alert">
          This server’s pristine tree is CPython {version}, not the course’s {CANONICAL_CPYTHON}: the left side may differ from what the student patched.
        </p>
      )}
      <div className="row" style={{ justifyContent: 'flex-start', marginBottom: '0.5rem' }}>
        <div role="tablist" aria-label="Changed files" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.35rem' }}>
          {files.map((f, i) => (
            <button
              key={f.path}
              type="button"
              role="tab"
              aria-selected={i === selected}
              className={i === selected ? undefined : 'secondary'}
              onClick={() => setSelected(i)}
              title={f.error ?? undefined}
            >
              <code>{f.path}</code>
              {f.status !== 'modified' && ` (${f.status})`}
              {f.error && ' ⚠'}
            </button>
          ))}
        </div>
        <label style={{ margin: 0, fontWeight: 400 }}>
          <input type="checkbox" checked={sideBySide} onChange={(e) => setSideBySide(e.target.checked)} /> side by side
        </label>
      </div>
      {file.modified === null ? (
        <>
          <p className="notice error">{file.error}</p>
          <pre style={{ maxHeight: '30rem' }}>{patch}</pre>
        </>
      ) : (
        <div
          role="tabpanel"
          aria-label={`Changes to ${file.path}`}
          style={{ border: '1px solid var(--border)', borderRadius: 'var(--radius)', overflow: 'hidden' }}
        >
          <DiffEditor
            key={file.path}
            height="70vh"
            original={file.original}
            modified={file.modified}
            language={languageOf(file.path)}
            theme={dark ? 'vs-dark' : 'vs'}
            options={{
              readOnly: true,
              originalEditable: false,
              renderSideBySide: sideBySide,
              hideUnchangedRegions: { enabled: true, contextLineCount: 5, minimumLineCount: 5, revealLineCount: 20 },
              minimap: { enabled: false },
              scrollBeyondLastLine: false,
              automaticLayout: true,
            }}
          />
        </div>
      )}
      <p className="hint">
        Left: the pristine CPython {state.data?.cpythonVersion ?? ''} file. Right: the same file with the submitted patch applied. Unchanged regions are folded;
        click a fold to open it.
      </p>
    </div>
  )
}
