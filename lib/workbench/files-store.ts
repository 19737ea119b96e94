// The workbench's files without React or Monaco, so the rules are unit-tested: which files are open (tabs, the
// active one), each file's load state and text, which texts were edited in an editor and not yet read back
// ("dirty"), each file's editor view state (scroll, cursor), and the draft's unified diff. The workbench reads it
// with useSyncExternalStore: `subscribe` and `getSnapshot`, a new snapshot object after every change.
import { createDraftPatch, matchLineEndings } from '@/lib/patch/unified-diff'
import type { WorkbenchFile } from '@/lib/workbench/workbench'

export type FileSlot = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; file: WorkbenchFile }

export type FilesSnapshot = {
  slots: ReadonlyMap<string, FileSlot>
  tabs: readonly string[]
  active: string | null
  /** editable files whose text differs from the pristine file (line endings aside) */
  changed: ReadonlySet<string>
  /** the draft's unified diff, as of the last `refreshPatch` */
  patch: string
}

export class WorkbenchFiles {
  private readonly editable: ReadonlySet<string>
  private readonly slots = new Map<string, FileSlot>()
  private readonly contents = new Map<string, string>()
  private readonly dirty = new Set<string>()
  private readonly viewStates = new Map<string, unknown>()
  private readonly listeners = new Set<() => void>()
  private snapshot: FilesSnapshot

  constructor(editable: readonly string[], options: { openTabs?: number } = {}) {
    this.editable = new Set(editable)
    const tabs = editable.slice(0, options.openTabs ?? 8)
    this.snapshot = { slots: new Map(), tabs, active: editable[0] ?? null, changed: new Set(), patch: '' }
  }

  // ---- for useSyncExternalStore ----

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  readonly getSnapshot = (): FilesSnapshot => this.snapshot

  private emit(change: Partial<FilesSnapshot> = {}) {
    this.snapshot = { ...this.snapshot, slots: new Map(this.slots), changed: this.changedPaths(), ...change }
    for (const listener of [...this.listeners]) listener()
  }

  // ---- loading ----

  isEditable(path: string): boolean {
    return this.editable.has(path)
  }

  slot(path: string): FileSlot | undefined {
    return this.slots.get(path)
  }

  /** Marks a file as loading; false when it is loaded or already loading (a failed load may be tried again). */
  startLoading(path: string): boolean {
    const existing = this.slots.get(path)
    if (existing && existing.state !== 'error') return false
    this.slots.set(path, { state: 'loading' })
    this.emit()
    return true
  }

  /** A loaded file; its text is the saved draft when there is one. Returns that text. */
  loaded(path: string, file: WorkbenchFile): string {
    const text = file.draft?.content ?? file.original
    this.slots.set(path, { state: 'ready', file })
    this.contents.set(path, text)
    this.emit()
    return text
  }

  loadFailed(path: string, error: string): void {
    this.slots.set(path, { state: 'error', error })
    this.emit()
  }

  // ---- text ----

  text(path: string): string | undefined {
    return this.contents.get(path)
  }

  /** The text of a file as the workbench knows it (call `refreshPatch` to update the diff). */
  setText(path: string, text: string): void {
    this.contents.set(path, text)
  }

  /** An editor changed the file; its text is read back later (`takeDirty`). */
  markDirty(path: string): void {
    this.dirty.add(path)
  }

  /** Forget a pending editor change (the text was just replaced from outside). */
  clearDirty(path: string): void {
    this.dirty.delete(path)
  }

  isDirty(path: string): boolean {
    return this.dirty.has(path)
  }

  /** The files edited since the last call, which are no longer dirty. */
  takeDirty(): string[] {
    const paths = [...this.dirty]
    this.dirty.clear()
    return paths
  }

  /** Recomputes the draft's diff from the loaded editable files and publishes it; returns it. */
  refreshPatch(): string {
    const files: { path: string; original: string; edited: string }[] = []
    for (const [path, slot] of this.slots) {
      if (slot.state !== 'ready' || !slot.file.editable) continue
      files.push({ path, original: slot.file.original, edited: this.contents.get(path) ?? slot.file.original })
    }
    const patch = createDraftPatch(files)
    this.emit({ patch })
    return patch
  }

  private changedPaths(): Set<string> {
    const changed = new Set<string>()
    for (const [path, slot] of this.slots) {
      if (slot.state !== 'ready' || !this.editable.has(path)) continue
      const text = this.contents.get(path) ?? slot.file.original
      if (matchLineEndings(slot.file.original, text) !== slot.file.original) changed.add(path)
    }
    return changed
  }

  // ---- tabs ----

  /** Opens a tab for the file (once) and makes it the active one. */
  open(path: string): void {
    const { tabs } = this.snapshot
    this.emit({ tabs: tabs.includes(path) ? tabs : [...tabs, path], active: path })
  }

  activate(path: string): void {
    if (this.snapshot.active !== path) this.emit({ active: path })
  }

  /** Closes a tab; closing the active one activates the tab before it (or the first). */
  close(path: string): void {
    const { tabs, active } = this.snapshot
    const index = tabs.indexOf(path)
    if (index < 0) return
    const next = tabs.filter((p) => p !== path)
    this.emit({ tabs: next, active: active === path ? (next[Math.max(0, index - 1)] ?? null) : active })
  }

  // ---- editor view states (scroll position, cursor, folding) ----

  saveViewState(path: string, state: unknown): void {
    this.viewStates.set(path, state)
  }

  viewState(path: string): unknown {
    return this.viewStates.get(path)
  }
}
