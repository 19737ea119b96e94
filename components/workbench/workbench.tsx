'use client'

import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react'

import type { CompilerError } from '@/lib/grading/compiler-errors'
import type { SubmissionView } from '@/lib/submissions/view'
import { DraftAutosaver, type AutosaveSnapshot } from '@/lib/workbench/autosave'
import type { DraftVersion } from '@/lib/workbench/drafts'
import type { WorkbenchLimits } from '@/lib/workbench/limits'
import { countChangedLines, createDraftPatch, matchLineEndings } from '@/lib/workbench/unified-diff'
import type { WorkbenchFile } from '@/lib/workbench/workbench'

import { ApiError, workbenchApi } from './api'
import { FileSidebar, type SidebarFile } from './file-sidebar'
import { editorOptions, loadMonaco, modelUri, type CodeEditor, type DiffEditor, type Monaco, type TextModel } from './monaco-setup'
import { PatchText } from './patch-text'
import { RunCard, type StartedRun } from './run-panel'
import styles from './workbench.module.css'

export type WorkbenchProps = {
  slug: string
  title: string
  cpythonVersion: string
  editable: string[]
  drafts: DraftVersion[]
  ignoredDrafts: string[]
  limits: WorkbenchLimits
}

type Slot = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; file: WorkbenchFile }
type View = 'edit' | 'compare' | 'patch'
type Notice = { id: number; tone: 'info' | 'warn' | 'error' | 'ok'; text: string; restore?: { path: string; content: string } }
type Confirm = { kind: 'submit' } | { kind: 'upload'; name: string; text: string } | null

const VIEWS: { id: View; label: string }[] = [
  { id: 'edit', label: 'Edit' },
  { id: 'compare', label: 'Compare with pristine' },
  { id: 'patch', label: 'Diff text' },
]

const timeOf = (iso: string | number) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })

/**
 * The in-browser workbench: the assignment's files in Monaco, autosaved as a server-side draft, the draft's unified
 * diff live (Monaco's diff view and as text), practice runs and submissions with live progress, compiler errors as
 * editor markers, and the draft as a .diff to download or load.
 */
export function Workbench(props: WorkbenchProps) {
  const { slug, editable } = props
  const api = useMemo(() => workbenchApi(slug), [slug])
  const [, rerender] = useReducer((n: number) => n + 1, 0)

  // Files and their text live in refs (Monaco owns the text while editing); `rerender` shows changes.
  const store = useRef({
    slots: new Map<string, Slot>(),
    contents: new Map<string, string>(),
    models: new Map<string, { draft: TextModel; pristine: TextModel }>(),
    viewStates: new Map<string, unknown>(),
    dirty: new Set<string>(),
  })
  const editableSet = useMemo(() => new Set(editable), [editable])

  const [tabs, setTabs] = useState<string[]>(() => [...editable.slice(0, 8)])
  const [active, setActive] = useState<string | null>(editable[0] ?? null)
  const [view, setView] = useState<View>('edit')
  const [monaco, setMonaco] = useState<Monaco | null>(null)
  const [monacoFailed, setMonacoFailed] = useState(false)
  const [narrow, setNarrow] = useState(false)
  const [dark, setDark] = useState(false)
  const [cursor, setCursor] = useState<{ line: number; column: number } | null>(null)
  const [patch, setPatch] = useState('')
  const [saveState, setSaveState] = useState<AutosaveSnapshot>({ state: 'saved', files: [], lastSavedAt: null })
  const [notices, setNotices] = useState<Notice[]>(() =>
    props.ignoredDrafts.length
      ? [{ id: 0, tone: 'warn', text: `Your draft also changes ${props.ignoredDrafts.join(', ')}, which this assignment no longer lets you change; those changes are kept but left out of the diff.` }]
      : [],
  )
  const [runs, setRuns] = useState<StartedRun[]>([])
  const [busy, setBusy] = useState<'practice' | 'submission' | 'upload' | 'download' | null>(null)
  const [actionError, setActionError] = useState<{ message: string; problems: string[] } | null>(null)
  const [confirm, setConfirm] = useState<Confirm>(null)
  const [buildErrors, setCompilerErrors] = useState<CompilerError[]>([])
  const [practiceUsed, setPracticeUsed] = useState(props.limits.practiceRunsLastHour)

  const editorHost = useRef<HTMLDivElement>(null)
  const diffHost = useRef<HTMLDivElement>(null)
  const editorRef = useRef<CodeEditor | null>(null)
  const diffRef = useRef<DiffEditor | null>(null)
  const uploadInput = useRef<HTMLInputElement>(null)
  const pendingReveal = useRef<{ path: string; line: number; column: number } | null>(null)
  const buildErrorsRef = useRef(buildErrors)
  buildErrorsRef.current = buildErrors
  const noticeId = useRef(1)

  const notify = useCallback((n: Omit<Notice, 'id'>) => setNotices((list) => [...list.slice(-3), { ...n, id: noticeId.current++ }]), [])

  // ---- autosave ----
  const saver = useMemo(
    () =>
      new DraftAutosaver({
        save: (path, content, base) => api.save({ path, content, base }),
        onChange: () => setSaveState(saver.snapshot()),
        onReplaced: (path, replaced) =>
          notify({
            tone: 'warn',
            text: `${path} had also been changed elsewhere (another tab or device, saved at ${timeOf(replaced.updatedAt)}). Your version replaced it.`,
            restore: { path, content: replaced.content },
          }),
      }),
    [api, notify],
  )
  // (no dispose on unmount: a save still pending when the student leaves the page within the app is still sent)

  // ---- the live diff ----
  const diffTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const computePatch = useCallback(() => {
    const files: { path: string; original: string; edited: string }[] = []
    for (const [path, slot] of store.current.slots) {
      if (slot.state !== 'ready' || !slot.file.editable) continue
      files.push({ path, original: slot.file.original, edited: store.current.contents.get(path) ?? slot.file.original })
    }
    const text = createDraftPatch(files)
    setPatch(text)
    return text
  }, [])

  /** Read the edited models, hand the text to the autosaver and refresh the diff (debounced while typing). */
  const syncEdits = useCallback(() => {
    if (diffTimer.current) clearTimeout(diffTimer.current)
    diffTimer.current = null
    for (const path of store.current.dirty) {
      const model = store.current.models.get(path)?.draft
      const text = model ? model.getValue() : store.current.contents.get(path)
      if (text === undefined) continue
      store.current.contents.set(path, text)
      if (editableSet.has(path) && saver.isTracked(path)) saver.edit(path, text)
    }
    store.current.dirty.clear()
    computePatch()
  }, [computePatch, editableSet, saver])

  const scheduleSync = useCallback(() => {
    if (diffTimer.current) clearTimeout(diffTimer.current)
    diffTimer.current = setTimeout(syncEdits, 250)
  }, [syncEdits])

  // ---- files ----
  const loadFile = useCallback(
    async (path: string) => {
      const existing = store.current.slots.get(path)
      if (existing && existing.state !== 'error') return
      store.current.slots.set(path, { state: 'loading' })
      rerender()
      try {
        const file = await api.file(path)
        const text = file.draft?.content ?? file.original
        store.current.slots.set(path, { state: 'ready', file })
        store.current.contents.set(path, text)
        if (file.editable) saver.track(path, text, file.draft?.updatedAt ?? null)
      } catch (e) {
        store.current.slots.set(path, { state: 'error', error: e instanceof Error ? e.message : String(e) })
      }
      rerender()
      computePatch()
    },
    [api, computePatch, saver],
  )

  useEffect(() => {
    // every editable file with a draft is needed for the diff; the others load when opened (first tabs: now)
    const wanted = new Set([...props.drafts.map((d) => d.path), ...editable.slice(0, 8)])
    for (const path of wanted) if (editableSet.has(path)) void loadFile(path)
  }, [editable, editableSet, loadFile, props.drafts])

  /** Set a file's text from outside the editor (reset, upload, restore, another device): undoable in the editor. */
  const replaceText = useCallback((path: string, text: string) => {
    store.current.contents.set(path, text)
    const model = store.current.models.get(path)?.draft
    if (model && model.getValue() !== text) {
      model.pushStackElement()
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null)
      model.pushStackElement()
    }
  }, [])

  // ---- Monaco ----
  useEffect(() => {
    let cancelled = false
    loadMonaco().then(
      (m) => !cancelled && setMonaco(m),
      (e: unknown) => {
        console.error('Monaco could not be loaded from /monaco/vs', e)
        if (!cancelled) setMonacoFailed(true)
      },
    )
    const narrowQuery = window.matchMedia('(max-width: 40rem)')
    const darkQuery = window.matchMedia('(prefers-color-scheme: dark)')
    const update = () => {
      setNarrow(narrowQuery.matches)
      setDark(darkQuery.matches)
    }
    update()
    narrowQuery.addEventListener('change', update)
    darkQuery.addEventListener('change', update)
    return () => {
      cancelled = true
      narrowQuery.removeEventListener('change', update)
      darkQuery.removeEventListener('change', update)
    }
  }, [])

  const modelsFor = useCallback(
    (path: string) => {
      const known = store.current.models.get(path)
      if (known || !monaco) return known ?? null
      const slot = store.current.slots.get(path)
      if (slot?.state !== 'ready') return null
      const draft = monaco.editor.createModel(store.current.contents.get(path) ?? slot.file.original, slot.file.language, modelUri(monaco, 'draft', path))
      const pristine = monaco.editor.createModel(slot.file.original, slot.file.language, modelUri(monaco, 'pristine', path))
      draft.onDidChangeContent(() => {
        store.current.dirty.add(path)
        scheduleSync()
      })
      const models = { draft, pristine }
      store.current.models.set(path, models)
      applyMarkers(monaco, path, draft, buildErrorsRef.current)
      return models
    },
    [monaco, scheduleSync],
  )

  const flushAll = useCallback(async () => {
    syncEdits()
    return saver.flush()
  }, [saver, syncEdits])
  const flushAllRef = useRef(flushAll)
  flushAllRef.current = flushAll
  const narrowRef = useRef(narrow)
  narrowRef.current = narrow

  useEffect(() => {
    if (!monaco || !editorHost.current || editorRef.current) return
    const editor = monaco.editor.create(editorHost.current, { ...editorOptions(narrowRef.current), model: null, ariaLabel: 'Code editor' })
    editorRef.current = editor
    editor.onDidChangeCursorPosition((e) => setCursor({ line: e.position.lineNumber, column: e.position.column }))
    // Ctrl/Cmd+S saves now instead of opening the browser's "Save page"
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void flushAllRef.current())
    rerender()
  }, [monaco])

  // on unmount: the editors first, then their models (Monaco refuses to dispose a model an editor still shows)
  useEffect(() => {
    const models = store.current.models
    return () => {
      diffRef.current?.dispose()
      diffRef.current = null
      editorRef.current?.dispose()
      editorRef.current = null
      for (const m of models.values()) {
        m.draft.dispose()
        m.pristine.dispose()
      }
      models.clear()
    }
  }, [])

  useEffect(() => {
    if (!monaco) return
    monaco.editor.setTheme(dark ? 'vs-dark' : 'vs')
    editorRef.current?.updateOptions(editorOptions(narrow))
    diffRef.current?.updateOptions(editorOptions(narrow))
  }, [monaco, dark, narrow])

  const activeSlot = active ? store.current.slots.get(active) : undefined
  const activeFile = activeSlot?.state === 'ready' ? activeSlot.file : null

  // show the active file in the editor (and the diff editor), keeping each file's scroll and cursor
  useEffect(() => {
    const editor = editorRef.current
    if (!monaco || !editor || !active || !activeFile) return
    const models = modelsFor(active)
    if (!models) return
    const current = editor.getModel()
    if (current !== models.draft) {
      if (current) store.current.viewStates.set(current.uri.path.slice(1), editor.saveViewState())
      editor.setModel(models.draft)
      const state = store.current.viewStates.get(active)
      if (state) editor.restoreViewState(state as Parameters<CodeEditor['restoreViewState']>[0])
    }
    editor.updateOptions({ readOnly: !activeFile.editable, readOnlyMessage: { value: activeFile.readOnlyReason ?? 'Read-only' } })
    const diff = diffRef.current
    if (diff) {
      if (diff.getModel()?.modified !== models.draft) diff.setModel({ original: models.pristine, modified: models.draft })
      diff.getModifiedEditor().updateOptions({ readOnly: !activeFile.editable })
    }
    const reveal = pendingReveal.current
    if (reveal && reveal.path === active) {
      pendingReveal.current = null
      const target = view === 'compare' && diffRef.current ? diffRef.current.getModifiedEditor() : editor
      target.revealLineInCenter(reveal.line)
      target.setPosition({ lineNumber: reveal.line, column: reveal.column })
      target.focus()
    }
  })

  // the diff editor is made the first time its view is opened
  useEffect(() => {
    if (view !== 'compare' || !monaco || !diffHost.current || diffRef.current) return
    const diff = monaco.editor.createDiffEditor(diffHost.current, {
      ...editorOptions(narrowRef.current),
      originalEditable: false,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: true,
      hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 5, revealLineCount: 20 },
      ignoreTrimWhitespace: false,
      renderOverviewRuler: false,
      originalAriaLabel: 'Pristine file (read-only)',
      modifiedAriaLabel: 'Your draft',
    })
    diff.getModifiedEditor().addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void flushAllRef.current())
    diffRef.current = diff
    rerender()
  }, [view, monaco])

  // compiler errors of the last run as markers, in every open model
  useEffect(() => {
    if (!monaco) return
    for (const [path, models] of store.current.models) applyMarkers(monaco, path, models.draft, buildErrors)
  }, [monaco, buildErrors])

  // ---- tabs ----
  const openFile = useCallback(
    (path: string, options: { reveal?: { line: number; column?: number } } = {}) => {
      void loadFile(path)
      setTabs((t) => (t.includes(path) ? t : [...t, path]))
      setActive(path)
      if (options.reveal) {
        pendingReveal.current = { path, line: Math.max(1, options.reveal.line), column: Math.max(1, options.reveal.column ?? 1) }
        setView((v) => (v === 'patch' ? 'edit' : v))
        rerender() // the file may already be the active one: the effect that reveals must still run
      }
    },
    [loadFile],
  )

  const closeTab = (path: string) => {
    setTabs((t) => {
      const next = t.filter((p) => p !== path)
      if (active === path) setActive(next[Math.max(0, t.indexOf(path) - 1)] ?? null)
      return next
    })
  }

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const move = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    const next = move ? (index + move + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1
    if (next < 0) return
    e.preventDefault()
    setActive(tabs[next]!)
    document.getElementById(tabId(tabs[next]!))?.focus()
  }

  // ---- reset, restore ----
  const resetFile = (path: string) => {
    const slot = store.current.slots.get(path)
    if (slot?.state !== 'ready') return
    replaceText(path, slot.file.original)
    store.current.dirty.add(path)
    syncEdits()
    void saver.flush()
    notify({ tone: 'info', text: `${path} is back to the pristine file. Undo (Ctrl+Z in the editor) brings your changes back.` })
  }

  const restore = (n: Notice) => {
    if (!n.restore) return
    openFile(n.restore.path)
    replaceText(n.restore.path, n.restore.content)
    store.current.dirty.add(n.restore.path)
    syncEdits()
    setNotices((list) => list.filter((x) => x.id !== n.id))
  }

  // ---- another tab or device: pick up newer drafts when this tab comes back ----
  useEffect(() => {
    const check = async () => {
      if (document.visibilityState !== 'visible') return
      let versions: DraftVersion[]
      try {
        versions = (await api.drafts()).drafts
      } catch {
        return
      }
      const byPath = new Map(versions.map((v) => [v.path, v.updatedAt]))
      for (const path of new Set([...byPath.keys(), ...[...store.current.slots.keys()].filter((p) => editableSet.has(p))])) {
        if (!editableSet.has(path)) continue
        const slot = store.current.slots.get(path)
        if (!slot) {
          void loadFile(path)
          continue
        }
        if (slot.state !== 'ready' || saver.isDirty(path) || store.current.dirty.has(path)) continue
        if ((byPath.get(path) ?? null) === saver.base(path)) continue
        try {
          const fresh = await api.file(path)
          if (saver.isDirty(path) || store.current.dirty.has(path)) continue
          const text = fresh.draft?.content ?? fresh.original
          replaceText(path, text)
          store.current.dirty.delete(path)
          saver.track(path, text, fresh.draft?.updatedAt ?? null)
          notify({ tone: 'info', text: `${path} was updated with the version saved from another tab or device.` })
        } catch {
          // next time
        }
      }
      computePatch()
    }
    document.addEventListener('visibilitychange', check)
    window.addEventListener('focus', check)
    return () => {
      document.removeEventListener('visibilitychange', check)
      window.removeEventListener('focus', check)
    }
  }, [api, computePatch, editableSet, loadFile, notify, replaceText, saver])

  // leaving with unsaved edits: let the browser ask
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      syncEdits()
      if (!saver.hasUnsaved()) return
      void saver.flush()
      e.preventDefault()
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [saver, syncEdits])

  // ---- actions ----
  const failed = (e: unknown) => {
    const details = e instanceof ApiError ? (e.details as { errors?: { message: string }[] } | undefined) : undefined
    setActionError({ message: e instanceof Error ? e.message : String(e), problems: (details?.errors ?? []).slice(1, 20).map((p) => p.message) })
  }

  const saveOrExplain = async (): Promise<boolean> => {
    if (await flushAll()) return true
    const problem = saver.snapshot().files.find((f) => f.error)
    setActionError({ message: `Your draft could not be saved${problem ? ` (${problem.path}: ${problem.error})` : ''}; nothing was sent. Fix that, or try again.`, problems: [] })
    return false
  }

  const startRun = async (kind: 'practice' | 'submission') => {
    setConfirm(null)
    setActionError(null)
    setBusy(kind)
    try {
      if (!(await saveOrExplain())) return
      const expectedPatch = computePatch()
      const created = await api.run({ kind, expectedPatch })
      if (kind === 'practice') setPracticeUsed((n) => n + 1)
      setRuns((list) => [{ id: created.id, kind, number: created.number, startedAt: Date.now() }, ...list].slice(0, 5))
      setCompilerErrors([])
    } catch (e) {
      failed(e)
    } finally {
      setBusy(null)
    }
  }

  const runsRef = useRef(runs)
  runsRef.current = runs
  const onRunFinished = useCallback((run: StartedRun, result: SubmissionView) => {
    // markers come from the newest run (an older one finishing late does not replace them)
    if (runsRef.current[0]?.id === run.id) setCompilerErrors(result.current?.build.errors ?? [])
  }, [])

  const openError = (e: CompilerError) => openFile(e.file, { reveal: { line: e.line || 1, column: e.column } })

  const download = async () => {
    setActionError(null)
    setBusy('download')
    try {
      if (!(await saveOrExplain())) return
      const a = document.createElement('a')
      a.href = api.patchUrl
      a.download = `${slug}.diff`
      document.body.appendChild(a)
      a.click()
      a.remove()
    } finally {
      setBusy(null)
    }
  }

  const chooseUpload = async (file: File | undefined) => {
    if (uploadInput.current) uploadInput.current.value = ''
    if (!file) return
    setActionError(null)
    const text = await file.text()
    if (patch) setConfirm({ kind: 'upload', name: file.name, text })
    else void loadDiff(file.name, text)
  }

  const loadDiff = async (name: string, text: string) => {
    setConfirm(null)
    setBusy('upload')
    try {
      if (!(await saveOrExplain())) return
      const loaded = await api.upload({ patch: text, fileName: /\.(diff|patch|txt)$/i.test(name) ? name : undefined })
      const byPath = new Map(loaded.files.map((f) => [f.path, f]))
      for (const path of editable) {
        const slot = store.current.slots.get(path)
        if (slot?.state !== 'ready') {
          if (byPath.has(path)) await loadFile(path)
          continue
        }
        const f = byPath.get(path)
        const content = f?.content ?? slot.file.original
        replaceText(path, content)
        store.current.dirty.delete(path)
        saver.track(path, content, f?.updatedAt ?? null)
      }
      computePatch()
      const first = loaded.files[0]?.path
      if (first) openFile(first)
      notify({ tone: 'ok', text: `Loaded ${name}: ${loaded.files.length} file${loaded.files.length === 1 ? '' : 's'} changed. Undo (Ctrl+Z) in a file brings back what it had before.` })
    } catch (e) {
      failed(e)
    } finally {
      setBusy(null)
    }
  }

  // ---- rendering ----
  const sidebarFiles: SidebarFile[] = editable.map((path) => {
    const slot = store.current.slots.get(path)
    const changed = slot?.state === 'ready' && matchLineEndings(slot.file.original, store.current.contents.get(path) ?? slot.file.original) !== slot.file.original
    return { path, changed, saving: saveState.files.find((f) => f.path === path)?.state ?? null }
  })
  const stats = countChangedLines(patch)
  const loadingDrafts = props.drafts.some((d) => editableSet.has(d.path) && store.current.slots.get(d.path)?.state !== 'ready')
  const practiceLeft = Math.max(0, props.limits.practiceRunsPerHour - practiceUsed)
  const nothingToSend = !patch || loadingDrafts

  return (
    <div className={styles.workbench}>
      <header className={styles.top}>
        <div>
          <h1 className={styles.title}>Workbench: {props.title}</h1>
          <p className="hint">
            Edit the files the assignment allows, starting from the pristine CPython {props.cpythonVersion} sources. Your draft is saved on the server as you type.
          </p>
        </div>
        <SaveIndicator snapshot={saveState} />
      </header>

      <div className={styles.toolbar} role="toolbar" aria-label="Draft actions">
        <button type="button" onClick={() => void startRun('practice')} disabled={busy !== null || nothingToSend || practiceLeft === 0} aria-describedby="practice-hint">
          {busy === 'practice' ? 'Starting…' : 'Run public tests'}
        </button>
        <button type="button" className="secondary" onClick={() => setConfirm({ kind: 'submit' })} disabled={busy !== null || nothingToSend || Boolean(props.limits.submitBlocked)}>
          Submit…
        </button>
        <button type="button" className="secondary" onClick={() => void download()} disabled={busy !== null || nothingToSend}>
          Download .diff
        </button>
        <button type="button" className="secondary" onClick={() => uploadInput.current?.click()} disabled={busy !== null}>
          {busy === 'upload' ? 'Loading…' : 'Load a .diff…'}
        </button>
        <input ref={uploadInput} type="file" accept=".diff,.patch,text/x-diff,text/x-patch,text/plain" hidden aria-label="Choose a .diff file to load" data-testid="upload-diff" onChange={(e) => void chooseUpload(e.target.files?.[0])} />
        <span className={`hint num ${styles.toolbarNote}`} id="practice-hint">
          {patch ? `${stats.files} file${stats.files === 1 ? '' : 's'} changed, +${stats.added} −${stats.removed}` : 'No changes yet'} · practice runs left this hour: {practiceLeft} of {props.limits.practiceRunsPerHour}
          {props.limits.maxSubmissions !== null && ` · submissions used: ${props.limits.submissionsUsed} of ${props.limits.maxSubmissions}`}
        </span>
      </div>
      {props.limits.submitBlocked && <p className="hint">{props.limits.submitBlocked}</p>}

      {confirm?.kind === 'submit' && (
        <div className="notice info" role="group" aria-label="Confirm submission">
          <p style={{ marginTop: 0 }}>
            Submit this draft for grading ({stats.files} file{stats.files === 1 ? '' : 's'}, +{stats.added} −{stats.removed})? It counts as a submission
            {props.limits.maxSubmissions !== null && ` (${props.limits.submissionsUsed} of ${props.limits.maxSubmissions} used so far)`}.
          </p>
          <div className={styles.buttons}>
            <button type="button" onClick={() => void startRun('submission')} autoFocus>
              Submit for grading
            </button>
            <button type="button" className="secondary" onClick={() => setConfirm(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {confirm?.kind === 'upload' && (
        <div className="notice warn" role="group" aria-label="Confirm loading a diff">
          <p style={{ marginTop: 0 }}>
            Loading <code>{confirm.name}</code> replaces your current draft ({stats.files} changed file{stats.files === 1 ? '' : 's'}). Download the current draft first if you want to keep it.
          </p>
          <div className={styles.buttons}>
            <button type="button" onClick={() => void loadDiff(confirm.name, confirm.text)} autoFocus>
              Replace my draft
            </button>
            <button type="button" className="secondary" onClick={() => void download()}>
              Download current draft
            </button>
            <button type="button" className="secondary" onClick={() => setConfirm(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {actionError && (
        <div className="notice error" role="alert" data-testid="workbench-error">
          <p style={{ margin: 0 }}>
            <strong>{actionError.message}</strong>
          </p>
          {actionError.problems.length > 0 && (
            <ul>
              {actionError.problems.map((p, i) => (
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
              <button type="button" className={`secondary ${styles.smallButton}`} onClick={() => restore(n)}>
                Restore that version
              </button>
            )}
            <button type="button" className={`linklike ${styles.smallButton}`} onClick={() => setNotices((list) => list.filter((x) => x.id !== n.id))}>
              Dismiss
            </button>
          </span>
        </div>
      ))}

      <div className={styles.layout}>
        <FileSidebar api={api} files={sidebarFiles} active={active} onOpen={(p) => openFile(p)} onReset={resetFile} />

        <section className={styles.main} aria-label="Editor">
          <div className={styles.tabRow}>
            <div role="tablist" aria-label="Open files" className={styles.tabs}>
              {tabs.map((path, i) => {
                const changed = sidebarFiles.find((f) => f.path === path)?.changed
                const slot = store.current.slots.get(path)
                const readOnly = slot?.state === 'ready' && !slot.file.editable
                return (
                  <span key={path} className={`${styles.tab} ${path === active ? styles.tabActive : ''}`}>
                    <button
                      type="button"
                      role="tab"
                      id={tabId(path)}
                      aria-selected={path === active}
                      aria-controls="workbench-panel"
                      tabIndex={path === active ? 0 : -1}
                      onClick={() => setActive(path)}
                      onKeyDown={(e) => onTabKey(e, i)}
                      title={path}
                    >
                      {path.split('/').pop()}
                      {changed && <span aria-label=" (changed)"> •</span>}
                      {readOnly && <span className={styles.tabNote}> read-only</span>}
                    </button>
                    {!editableSet.has(path) && (
                      <button type="button" className={styles.tabClose} onClick={() => closeTab(path)} aria-label={`Close ${path}`}>
                        ×
                      </button>
                    )}
                  </span>
                )
              })}
            </div>
            <div className={styles.views} role="group" aria-label="View">
              {VIEWS.map((v) => (
                <button key={v.id} type="button" className={view === v.id ? undefined : 'secondary'} aria-pressed={view === v.id} onClick={() => setView(v.id)}>
                  {v.label}
                </button>
              ))}
            </div>
          </div>

          <div id="workbench-panel" role="tabpanel" aria-labelledby={active ? tabId(active) : undefined} className={styles.panel}>
            {active && activeSlot?.state === 'loading' && <p className="hint">Loading {active}…</p>}
            {active && activeSlot?.state === 'error' && <p className="notice error">{activeSlot.error}</p>}
            {!active && <p className="hint">Open a file from the list.</p>}
            {activeFile && activeFile.readOnlyReason && view !== 'patch' && <p className={`hint ${styles.readOnly}`}>{activeFile.readOnlyReason}</p>}
            {monacoFailed ? (
              <FallbackEditor
                key={active ?? ''}
                file={activeFile}
                text={active ? (store.current.contents.get(active) ?? '') : ''}
                hidden={view === 'patch'}
                onChange={(text) => {
                  if (!active) return
                  store.current.contents.set(active, text)
                  if (saver.isTracked(active)) saver.edit(active, text)
                  computePatch()
                }}
              />
            ) : (
              <>
                <div ref={editorHost} className={styles.editor} hidden={view !== 'edit' || !activeFile} data-testid="code-editor" />
                <div ref={diffHost} className={styles.editor} hidden={view !== 'compare' || !activeFile} data-testid="diff-editor" />
                {!monaco && view !== 'patch' && <p className="hint">Loading the editor…</p>}
              </>
            )}
            {view === 'patch' && (loadingDrafts ? <p className="hint">Loading your draft…</p> : <PatchText patch={patch} />)}
          </div>
          <p className={`hint ${styles.status}`}>
            <span className="num" data-testid="cursor-position">
              {cursor && view !== 'patch' ? `Ln ${cursor.line}, Col ${cursor.column}` : ''}
            </span>
            <span>
              {monacoFailed
                ? 'The code editor could not be loaded; a plain text box is used instead.'
                : 'Ctrl+S saves now · F8 goes to the next compiler error · Ctrl+M lets Tab leave the editor · Alt+F1: editor accessibility help'}
            </span>
          </p>
        </section>
      </div>

      <section className={styles.runs} aria-labelledby="runs-title">
        <h2 id="runs-title" className={styles.sidebarTitle}>
          Runs
        </h2>
        {runs.length === 0 ? (
          <p className="hint">
            “Run public tests” builds your draft and runs the public tests: it is not graded and does not use a submission. “Submit” sends the draft for grading like an uploaded patch.
            Earlier submissions are on the <a href={`/homework/${encodeURIComponent(slug)}`}>assignment page</a>.
          </p>
        ) : (
          runs.map((r) => <RunCard key={r.id} run={r} onFinished={onRunFinished} onOpenError={openError} />)
        )}
      </section>
    </div>
  )
}

function tabId(path: string) {
  return `tab-${path.replace(/[^A-Za-z0-9]/g, '-')}`
}

function applyMarkers(monaco: Monaco, path: string, model: TextModel, errors: readonly CompilerError[]) {
  const lineCount = model.getLineCount()
  monaco.editor.setModelMarkers(
    model,
    'build',
    errors
      .filter((e) => e.file === path && e.line > 0)
      .map((e) => {
        const line = Math.min(e.line, lineCount)
        const start = Math.min(Math.max(1, e.column ?? 1), model.getLineMaxColumn(line))
        const word = e.column ? model.getWordAtPosition({ lineNumber: line, column: start }) : null
        return {
          severity: monaco.MarkerSeverity.Error,
          message: e.message,
          source: 'gcc (last run)',
          startLineNumber: line,
          startColumn: e.column ? start : model.getLineFirstNonWhitespaceColumn(line) || 1,
          endLineNumber: line,
          endColumn: word ? word.endColumn : model.getLineMaxColumn(line),
        }
      }),
  )
}

function SaveIndicator({ snapshot }: { snapshot: AutosaveSnapshot }) {
  const failing = snapshot.files.find((f) => f.state === 'error')
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!failing?.retryAt) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [failing?.retryAt])
  let text: string
  let tone: string
  if (failing) {
    const retry = failing.retryAt ? ` Retrying in ${Math.max(0, Math.ceil((failing.retryAt - now) / 1000))} s.` : ' Change the file to try again.'
    text = `Not saved: ${failing.path}: ${failing.error}.${retry}`
    tone = styles.saveError
  } else if (snapshot.state === 'saving') {
    text = 'Saving…'
    tone = styles.savePending
  } else if (snapshot.state === 'pending') {
    text = 'Unsaved changes…'
    tone = styles.savePending
  } else {
    text = snapshot.lastSavedAt ? `All changes saved (${timeOf(snapshot.lastSavedAt)})` : 'All changes saved'
    tone = styles.saveOk
  }
  return (
    <p className={`${styles.saveState} ${tone}`} role="status" aria-live="polite" data-testid="save-state" data-state={failing ? 'error' : snapshot.state}>
      {text}
    </p>
  )
}

/** Without Monaco (e.g. /monaco/vs missing): a plain text box, so the workbench still works. */
function FallbackEditor({ file, text, hidden, onChange }: { file: WorkbenchFile | null; text: string; hidden: boolean; onChange: (text: string) => void }) {
  const [value, setValue] = useState(text)
  if (!file || hidden) return null
  if (!file.editable) return <pre className={styles.fallback}>{file.original}</pre>
  return (
    <textarea
      className={styles.fallback}
      value={value}
      spellCheck={false}
      aria-label={`${file.path} (editable)`}
      onChange={(e) => {
        setValue(e.target.value)
        onChange(e.target.value)
      }}
    />
  )
}
