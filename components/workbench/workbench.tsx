'use client'

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'

import type { CompilerError } from '@/lib/grading/compiler-errors'
import type { SubmissionView } from '@/lib/submissions/view'
import { plural } from '@/lib/text/plural'
import { DraftAutosaver, type AutosaveSnapshot } from '@/lib/workbench/autosave'
import type { DraftVersion } from '@/lib/workbench/drafts'
import { WorkbenchFiles } from '@/lib/workbench/files-store'
import type { WorkbenchLimits } from '@/lib/workbench/limits'
import { countChangedLines } from '@/lib/patch/unified-diff'
import type { WorkbenchFile } from '@/lib/workbench/workbench'

import { ApiError, workbenchApi } from './api'
import { ConfirmBar, type Confirm } from './confirm-bar'
import { EditorTabs, tabId, type View } from './editor-tabs'
import { FileSidebar, type SidebarFile } from './file-sidebar'
import { editorOptions, loadMonaco, modelUri, type CodeEditor, type DiffEditor, type Monaco, type TextModel } from './monaco-setup'
import { NoticeList, type ActionError, type Notice } from './notice-list'
import { PatchText } from './patch-text'
import { RunCard, type StartedRun } from './run-panel'
import { SaveIndicator, timeOf } from './save-indicator'
import { Toolbar, type Busy } from './toolbar'
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

type Models = { draft: TextModel; pristine: TextModel }

const NO_ERRORS: CompilerError[] = []

/**
 * The in-browser workbench: the assignment's files in Monaco, autosaved as a server-side draft, the draft's unified
 * diff live (Monaco's diff view and as text), practice runs and submissions with live progress, compiler errors as
 * editor markers, and the draft as a .diff to download or load. The files, tabs and the diff live in a
 * WorkbenchFiles store (lib/workbench/files-store.ts); Monaco owns the text while editing and its models live here.
 */
export function Workbench(props: WorkbenchProps) {
  const { slug, editable } = props
  const api = useMemo(() => workbenchApi(slug), [slug])
  const [files] = useState(() => new WorkbenchFiles(editable))
  const { slots, tabs, active, changed, patch } = useSyncExternalStore(files.subscribe, files.getSnapshot, files.getSnapshot)
  const models = useRef(new Map<string, Models>())

  const [view, setView] = useState<View>('edit')
  const [monaco, setMonaco] = useState<Monaco | null>(null)
  const [monacoFailed, setMonacoFailed] = useState(false)
  const [narrow, setNarrow] = useState(false)
  const [dark, setDark] = useState(false)
  const [editorReady, setEditorReady] = useState(false)
  const [diffReady, setDiffReady] = useState(false)
  const [cursor, setCursor] = useState<{ line: number; column: number } | null>(null)
  const [reveal, setReveal] = useState<{ path: string; line: number; column: number } | null>(null)
  const [saveState, setSaveState] = useState<AutosaveSnapshot>({ state: 'saved', files: [], lastSavedAt: null })
  const [notices, setNotices] = useState<Notice[]>(() =>
    props.ignoredDrafts.length
      ? [
          {
            id: 0,
            tone: 'warn',
            text: `Your draft also changes ${props.ignoredDrafts.join(', ')}, which this assignment no longer lets you change; those changes are kept but left out of the diff.`,
          },
        ]
      : [],
  )
  const [runs, setRuns] = useState<StartedRun[]>([])
  /** compiler errors per finished run; the markers come from the newest run (an older one finishing late does not replace them) */
  const [runErrors, setRunErrors] = useState<ReadonlyMap<string, CompilerError[]>>(new Map())
  const [busy, setBusy] = useState<Busy>(null)
  const [actionError, setActionError] = useState<ActionError | null>(null)
  const [confirm, setConfirm] = useState<Confirm>(null)
  const [practiceUsed, setPracticeUsed] = useState(props.limits.practiceRunsLastHour)
  const buildErrors = (runs[0] && runErrors.get(runs[0].id)) || NO_ERRORS

  const editorHost = useRef<HTMLDivElement>(null)
  const diffHost = useRef<HTMLDivElement>(null)
  const editorRef = useRef<CodeEditor | null>(null)
  const diffRef = useRef<DiffEditor | null>(null)
  const narrowRef = useRef(narrow)
  const noticeId = useRef(1)

  const notify = useCallback((n: Omit<Notice, 'id'>) => setNotices((list) => [...list.slice(-3), { ...n, id: noticeId.current++ }]), [])
  const dismiss = (n: Notice) => setNotices((list) => list.filter((x) => x.id !== n.id))

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

  /** Read the edited models, hand the text to the autosaver and refresh the diff (debounced while typing). */
  const syncEdits = useCallback(() => {
    if (diffTimer.current) clearTimeout(diffTimer.current)
    diffTimer.current = null
    for (const path of files.takeDirty()) {
      const model = models.current.get(path)?.draft
      const text = model ? model.getValue() : files.text(path)
      if (text === undefined) continue
      files.setText(path, text)
      if (files.isEditable(path) && saver.isTracked(path)) saver.edit(path, text)
    }
    files.refreshPatch()
  }, [files, saver])

  const scheduleSync = useCallback(() => {
    if (diffTimer.current) clearTimeout(diffTimer.current)
    diffTimer.current = setTimeout(syncEdits, 250)
  }, [syncEdits])

  // ---- files ----
  const loadFile = useCallback(
    async (path: string) => {
      if (!files.startLoading(path)) return
      try {
        const file = await api.file(path)
        const text = files.loaded(path, file)
        if (file.editable) saver.track(path, text, file.draft?.updatedAt ?? null)
      } catch (e) {
        files.loadFailed(path, e instanceof Error ? e.message : String(e))
      }
      files.refreshPatch()
    },
    [api, files, saver],
  )

  useEffect(() => {
    // every editable file with a draft is needed for the diff; the others load when opened (first tabs: now)
    const wanted = new Set([...props.drafts.map((d) => d.path), ...editable.slice(0, 8)])
    for (const path of wanted) if (files.isEditable(path)) void loadFile(path)
  }, [editable, files, loadFile, props.drafts])

  /** Set a file's text from outside the editor (reset, upload, restore, another device): undoable in the editor. */
  const replaceText = useCallback(
    (path: string, text: string) => {
      files.setText(path, text)
      const model = models.current.get(path)?.draft
      if (model && model.getValue() !== text) {
        model.pushStackElement()
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null)
        model.pushStackElement()
      }
    },
    [files],
  )

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
      narrowRef.current = narrowQuery.matches
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
      const known = models.current.get(path)
      if (known || !monaco) return known ?? null
      const slot = files.slot(path)
      if (slot?.state !== 'ready') return null
      const draft = monaco.editor.createModel(files.text(path) ?? slot.file.original, slot.file.language, modelUri(monaco, 'draft', path))
      const pristine = monaco.editor.createModel(slot.file.original, slot.file.language, modelUri(monaco, 'pristine', path))
      draft.onDidChangeContent(() => {
        files.markDirty(path)
        scheduleSync()
      })
      const created = { draft, pristine }
      models.current.set(path, created)
      applyMarkers(monaco, path, draft, buildErrors)
      return created
    },
    [monaco, files, scheduleSync, buildErrors],
  )

  const flushAll = useCallback(async () => {
    syncEdits()
    return saver.flush()
  }, [saver, syncEdits])

  useEffect(() => {
    if (!monaco || !editorHost.current || editorRef.current) return
    const editor = monaco.editor.create(editorHost.current, { ...editorOptions(narrowRef.current), model: null, ariaLabel: 'Code editor' })
    editorRef.current = editor
    editor.onDidChangeCursorPosition((e) => setCursor({ line: e.position.lineNumber, column: e.position.column }))
    // Ctrl/Cmd+S saves now instead of opening the browser's "Save page"
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void flushAll())
    setEditorReady(true)
  }, [monaco, flushAll])

  // on unmount: the editors first, then their models (Monaco refuses to dispose a model an editor still shows)
  useEffect(() => {
    const all = models.current
    return () => {
      diffRef.current?.dispose()
      diffRef.current = null
      editorRef.current?.dispose()
      editorRef.current = null
      for (const m of all.values()) {
        m.draft.dispose()
        m.pristine.dispose()
      }
      all.clear()
      setEditorReady(false)
      setDiffReady(false)
    }
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editors live in refs; their being ready is what makes the options apply to a new one
  useEffect(() => {
    if (!monaco) return
    monaco.editor.setTheme(dark ? 'vs-dark' : 'vs')
    editorRef.current?.updateOptions(editorOptions(narrow))
    diffRef.current?.updateOptions(editorOptions(narrow))
  }, [monaco, dark, narrow, editorReady, diffReady])

  const activeSlot = active ? slots.get(active) : undefined
  const activeFile = activeSlot?.state === 'ready' ? activeSlot.file : null

  // show the active file in the editor (and the diff editor), keeping each file's scroll and cursor
  useEffect(() => {
    const editor = editorRef.current
    if (!editorReady || !editor || !active || !activeFile) return
    const shown = modelsFor(active)
    if (!shown) return
    const current = editor.getModel()
    if (current !== shown.draft) {
      if (current) files.saveViewState(current.uri.path.slice(1), editor.saveViewState())
      editor.setModel(shown.draft)
      const state = files.viewState(active)
      if (state) editor.restoreViewState(state as Parameters<CodeEditor['restoreViewState']>[0])
    }
    editor.updateOptions({ readOnly: !activeFile.editable, readOnlyMessage: { value: activeFile.readOnlyReason ?? 'Read-only' } })
    const diff = diffRef.current
    if (diffReady && diff) {
      if (diff.getModel()?.modified !== shown.draft) diff.setModel({ original: shown.pristine, modified: shown.draft })
      diff.getModifiedEditor().updateOptions({ readOnly: !activeFile.editable })
    }
  }, [editorReady, diffReady, active, activeFile, files, modelsFor])

  // a compiler error was clicked: go to its line once its file is shown
  // biome-ignore lint/correctness/useExhaustiveDependencies: the editors live in refs; readiness is what lets the jump happen once they exist
  useEffect(() => {
    const editor = editorRef.current
    if (!reveal || reveal.path !== active || !activeFile || !editor || editor.getModel() !== models.current.get(active)?.draft) return
    const target = view === 'compare' && diffRef.current ? diffRef.current.getModifiedEditor() : editor
    target.revealLineInCenter(reveal.line)
    target.setPosition({ lineNumber: reveal.line, column: reveal.column })
    target.focus()
    setReveal(null)
  }, [reveal, active, activeFile, view, editorReady, diffReady])

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
    diff.getModifiedEditor().addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void flushAll())
    diffRef.current = diff
    setDiffReady(true)
  }, [view, monaco, flushAll])

  // compiler errors of the last run as markers, in every open model
  useEffect(() => {
    if (!monaco) return
    for (const [path, m] of models.current) applyMarkers(monaco, path, m.draft, buildErrors)
  }, [monaco, buildErrors])

  // ---- tabs ----
  const openFile = useCallback(
    (path: string, options: { reveal?: { line: number; column?: number } } = {}) => {
      void loadFile(path)
      files.open(path)
      if (options.reveal) {
        setReveal({ path, line: Math.max(1, options.reveal.line), column: Math.max(1, options.reveal.column ?? 1) })
        setView((v) => (v === 'patch' ? 'edit' : v))
      }
    },
    [files, loadFile],
  )

  // ---- reset, restore ----
  const resetFile = (path: string) => {
    const slot = files.slot(path)
    if (slot?.state !== 'ready') return
    replaceText(path, slot.file.original)
    files.markDirty(path)
    syncEdits()
    void saver.flush()
    notify({ tone: 'info', text: `${path} is back to the pristine file. Undo (Ctrl+Z in the editor) brings your changes back.` })
  }

  const restore = (n: Notice) => {
    if (!n.restore) return
    openFile(n.restore.path)
    replaceText(n.restore.path, n.restore.content)
    files.markDirty(n.restore.path)
    syncEdits()
    dismiss(n)
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
      for (const path of new Set([...byPath.keys(), ...files.getSnapshot().slots.keys()])) {
        if (!files.isEditable(path)) continue
        const slot = files.slot(path)
        if (!slot) {
          void loadFile(path)
          continue
        }
        if (slot.state !== 'ready' || saver.isDirty(path) || files.isDirty(path)) continue
        if ((byPath.get(path) ?? null) === saver.base(path)) continue
        try {
          const fresh = await api.file(path)
          if (saver.isDirty(path) || files.isDirty(path)) continue
          const text = fresh.draft?.content ?? fresh.original
          replaceText(path, text)
          files.clearDirty(path)
          saver.track(path, text, fresh.draft?.updatedAt ?? null)
          notify({ tone: 'info', text: `${path} was updated with the version saved from another tab or device.` })
        } catch {
          // next time
        }
      }
      files.refreshPatch()
    }
    document.addEventListener('visibilitychange', check)
    window.addEventListener('focus', check)
    return () => {
      document.removeEventListener('visibilitychange', check)
      window.removeEventListener('focus', check)
    }
  }, [api, files, loadFile, notify, replaceText, saver])

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
    setActionError({
      message: `Your draft could not be saved${problem ? ` (${problem.path}: ${problem.error})` : ''}; nothing was sent. Fix that, or try again.`,
      problems: [],
    })
    return false
  }

  const startRun = async (kind: 'practice' | 'submission') => {
    setConfirm(null)
    setActionError(null)
    setBusy(kind)
    try {
      if (!(await saveOrExplain())) return
      const expectedPatch = files.refreshPatch()
      const created = await api.run({ kind, expectedPatch })
      if (kind === 'practice') setPracticeUsed((n) => n + 1)
      setRuns((list) => [{ id: created.id, kind, number: created.number, startedAt: Date.now() }, ...list].slice(0, 5))
    } catch (e) {
      failed(e)
    } finally {
      setBusy(null)
    }
  }

  const onRunFinished = useCallback((run: StartedRun, result: SubmissionView) => {
    setRunErrors((known) => new Map(known).set(run.id, result.current?.build.errors ?? []))
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
    if (!file) return
    setActionError(null)
    const text = await file.text()
    if (files.getSnapshot().patch) setConfirm({ kind: 'upload', name: file.name, text })
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
        const slot = files.slot(path)
        if (slot?.state !== 'ready') {
          if (byPath.has(path)) await loadFile(path)
          continue
        }
        const f = byPath.get(path)
        const content = f?.content ?? slot.file.original
        replaceText(path, content)
        files.clearDirty(path)
        saver.track(path, content, f?.updatedAt ?? null)
      }
      files.refreshPatch()
      const first = loaded.files[0]?.path
      if (first) openFile(first)
      notify({ tone: 'ok', text: `Loaded ${name}: ${plural(loaded.files.length, 'file')} changed. Undo (Ctrl+Z) in a file brings back what it had before.` })
    } catch (e) {
      failed(e)
    } finally {
      setBusy(null)
    }
  }

  // ---- rendering ----
  const sidebarFiles: SidebarFile[] = editable.map((path) => ({
    path,
    changed: changed.has(path),
    saving: saveState.files.find((f) => f.path === path)?.state ?? null,
  }))
  const stats = countChangedLines(patch)
  const loadingDrafts = props.drafts.some((d) => files.isEditable(d.path) && slots.get(d.path)?.state !== 'ready')
  const practiceLeft = Math.max(0, props.limits.practiceRunsPerHour - practiceUsed)
  const nothingToSend = !patch || loadingDrafts
  const lineChanges = `+${stats.added} −${stats.removed}`

  return (
    <div className={styles.workbench}>
      <header className={styles.top}>
        <div>
          <h1 className={styles.title}>Workbench: {props.title}</h1>
          <p className="hint">
            Edit the files the assignment allows, starting from the pristine CPython {props.cpythonVersion} sources. Your draft is saved on the server as you
            type.
          </p>
        </div>
        <SaveIndicator snapshot={saveState} />
      </header>

      <Toolbar
        busy={busy}
        nothingToSend={nothingToSend}
        changes={patch ? `${plural(stats.files, 'file')} changed, ${lineChanges}` : null}
        limits={props.limits}
        practiceLeft={practiceLeft}
        onPractice={() => void startRun('practice')}
        onSubmit={() => setConfirm({ kind: 'submit' })}
        onDownload={() => void download()}
        onUpload={(file) => void chooseUpload(file)}
      />
      {props.limits.submitBlocked && <p className="hint">{props.limits.submitBlocked}</p>}

      <ConfirmBar
        confirm={confirm}
        changes={confirm?.kind === 'upload' ? plural(stats.files, 'changed file') : `${plural(stats.files, 'file')}, ${lineChanges}`}
        limits={props.limits}
        onSubmit={() => void startRun('submission')}
        onLoad={(name, text) => void loadDiff(name, text)}
        onDownload={() => void download()}
        onCancel={() => setConfirm(null)}
      />
      <NoticeList error={actionError} notices={notices} onRestore={restore} onDismiss={dismiss} />

      <div className={styles.layout}>
        <FileSidebar api={api} files={sidebarFiles} active={active} onOpen={(p) => openFile(p)} onReset={resetFile} />

        <section className={styles.main} aria-label="Editor">
          <EditorTabs
            tabs={tabs.map((path) => {
              const slot = slots.get(path)
              return { path, changed: changed.has(path), readOnly: slot?.state === 'ready' && !slot.file.editable, closable: !files.isEditable(path) }
            })}
            active={active}
            view={view}
            onActivate={(path) => files.activate(path)}
            onClose={(path) => files.close(path)}
            onView={setView}
          />

          <div id="workbench-panel" role="tabpanel" aria-labelledby={active ? tabId(active) : undefined} className={styles.panel}>
            {active && activeSlot?.state === 'loading' && <p className="hint">Loading {active}…</p>}
            {active && activeSlot?.state === 'error' && <p className="notice error">{activeSlot.error}</p>}
            {!active && <p className="hint">Open a file from the list.</p>}
            {activeFile?.readOnlyReason && view !== 'patch' && <p className={`hint ${styles.readOnly}`}>{activeFile.readOnlyReason}</p>}
            {monacoFailed ? (
              <FallbackEditor
                key={active ?? ''}
                file={activeFile}
                text={active ? (files.text(active) ?? '') : ''}
                hidden={view === 'patch'}
                onChange={(text) => {
                  if (!active) return
                  files.setText(active, text)
                  if (saver.isTracked(active)) saver.edit(active, text)
                  files.refreshPatch()
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
            “Run public tests” builds your draft and runs the public tests: it is not graded and does not use a submission. “Submit” sends the draft for grading
            like an uploaded patch. Earlier submissions are on the <a href={`/homework/${encodeURIComponent(slug)}`}>assignment page</a>.
          </p>
        ) : (
          runs.map((r) => <RunCard key={r.id} run={r} onFinished={onRunFinished} onOpenError={openError} />)
        )}
      </section>
    </div>
  )
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
