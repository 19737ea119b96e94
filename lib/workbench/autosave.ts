// Autosave of workbench drafts, one file at a time, without React or the network (both are injected), so the rules
// are unit-tested:
// - an edit is saved after a pause in typing (debounce), and at the latest `maxWaitMs` after the first unsaved edit;
// - one request per file at a time, in order; an edit made while a save is in flight is saved right after it;
// - a failed save is retried with backoff when it may succeed later (network, 5xx, 429) and reported either way;
// - the server keeps the last write, and says when that write replaced a version this tab had not seen (another tab
//   or device); `onReplaced` hands that version to the UI, so it is never lost without the student being told.

export type SaveOutcome =
  | { ok: true; updatedAt: string | null; replaced?: { content: string; updatedAt: string } | null }
  | { ok: false; retryable: boolean; message: string }

export type SaveRequest = (path: string, content: string, base: string | null) => Promise<SaveOutcome>

export type FileSaveState = {
  path: string
  state: 'saved' | 'pending' | 'saving' | 'error'
  /** when this tab last saved the file (ms since the epoch), or null */
  savedAt: number | null
  error: string | null
  /** when the next automatic retry happens, for a failed save that will be retried */
  retryAt: number | null
}

export type AutosaveSnapshot = {
  state: 'saved' | 'pending' | 'saving' | 'error'
  files: FileSaveState[]
  lastSavedAt: number | null
}

type Clock = {
  setTimeout: (fn: () => void, ms: number) => unknown
  clearTimeout: (handle: unknown) => void
  now: () => number
}

export type AutosaveOptions = {
  save: SaveRequest
  /** called after every change of state; read `snapshot()` */
  onChange?: () => void
  /** the save replaced a version saved elsewhere that this tab had not loaded */
  onReplaced?: (path: string, replaced: { content: string; updatedAt: string }) => void
  debounceMs?: number
  maxWaitMs?: number
  retryDelaysMs?: readonly number[]
  clock?: Clock
}

type Entry = {
  path: string
  /** what the server holds, as far as this tab knows */
  saved: string
  /** the server's version of `saved` (its updatedAt), null when the file has no draft (pristine) */
  base: string | null
  latest: string
  inFlight: Promise<void> | null
  timer: unknown
  firstUnsavedAt: number | null
  error: string | null
  retryable: boolean
  retryIndex: number
  retryAt: number | null
  savedAt: number | null
}

const defaultClock: Clock = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
}

export class DraftAutosaver {
  private readonly files = new Map<string, Entry>()
  private readonly clock: Clock
  private readonly debounceMs: number
  private readonly maxWaitMs: number
  private readonly retryDelaysMs: readonly number[]
  private lastSavedAt: number | null = null
  private disposed = false

  constructor(private readonly options: AutosaveOptions) {
    this.clock = options.clock ?? defaultClock
    this.debounceMs = options.debounceMs ?? 800
    this.maxWaitMs = options.maxWaitMs ?? 5000
    this.retryDelaysMs = options.retryDelaysMs ?? [1000, 2000, 5000, 10_000, 30_000]
  }

  /**
   * A file as loaded from the server: its text and version. Replaces what was known about it; flush first if it
   * may have a save in flight (a late answer to that save is then ignored).
   */
  track(path: string, content: string, base: string | null): void {
    const old = this.files.get(path)
    if (old?.timer !== undefined) this.clock.clearTimeout(old.timer)
    this.files.set(path, {
      path,
      saved: content,
      base,
      latest: content,
      inFlight: null,
      timer: undefined,
      firstUnsavedAt: null,
      error: null,
      retryable: false,
      retryIndex: 0,
      retryAt: null,
      savedAt: old?.savedAt ?? null,
    })
    this.changed()
  }

  isTracked(path: string): boolean {
    return this.files.has(path)
  }

  /** The server version this tab last saw for `path`. */
  base(path: string): string | null {
    return this.files.get(path)?.base ?? null
  }

  /** Whether `path` has edits the server does not have yet (pending, in flight or failed). */
  isDirty(path: string): boolean {
    const e = this.files.get(path)
    return Boolean(e && (e.latest !== e.saved || e.inFlight))
  }

  hasUnsaved(): boolean {
    for (const path of this.files.keys()) if (this.isDirty(path)) return true
    return false
  }

  /** The student changed `path`; save it after a pause. */
  edit(path: string, content: string): void {
    const e = this.files.get(path)
    if (!e || this.disposed) return
    e.latest = content
    if (e.latest === e.saved && !e.inFlight) {
      this.clearTimer(e)
      e.firstUnsavedAt = null
      e.error = null
      e.retryAt = null
      this.changed()
      return
    }
    const now = this.clock.now()
    e.firstUnsavedAt ??= now
    // a failed save waits for its retry, unless this edit gives a reason to try again at once (a new edit may fix a
    // non-retryable problem such as a file over the size limit)
    if (e.error && e.retryable && e.retryAt !== null) {
      this.changed()
      return
    }
    this.schedule(e, Math.max(0, Math.min(this.debounceMs, e.firstUnsavedAt + this.maxWaitMs - now)))
    this.changed()
  }

  /**
   * Save everything now and wait for it. True when the server has every edit; false when a save failed (the
   * snapshot says why). Used before a run, a submission or a download.
   */
  async flush(): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const waits: Promise<void>[] = []
      for (const e of this.files.values()) {
        if (e.inFlight) waits.push(e.inFlight)
        else if (e.latest !== e.saved) {
          this.clearTimer(e)
          waits.push(this.saveNow(e))
        }
      }
      if (waits.length === 0) return true
      await Promise.all(waits)
      if (![...this.files.values()].some((e) => e.latest !== e.saved || e.inFlight)) return true
      if ([...this.files.values()].some((e) => e.error && !e.inFlight)) return false
    }
    return !this.hasUnsaved()
  }

  snapshot(): AutosaveSnapshot {
    const files = [...this.files.values()].map(
      (e): FileSaveState => ({
        path: e.path,
        state: e.inFlight ? 'saving' : e.error ? 'error' : e.latest !== e.saved ? 'pending' : 'saved',
        savedAt: e.savedAt,
        error: e.error,
        retryAt: e.retryAt,
      }),
    )
    const state = files.some((f) => f.state === 'error')
      ? 'error'
      : files.some((f) => f.state === 'saving')
        ? 'saving'
        : files.some((f) => f.state === 'pending')
          ? 'pending'
          : 'saved'
    return { state, files, lastSavedAt: this.lastSavedAt }
  }

  dispose(): void {
    this.disposed = true
    for (const e of this.files.values()) this.clearTimer(e)
  }

  private schedule(e: Entry, delay: number) {
    this.clearTimer(e)
    e.timer = this.clock.setTimeout(() => {
      e.timer = undefined
      void this.saveNow(e)
    }, delay)
  }

  private clearTimer(e: Entry) {
    if (e.timer !== undefined) this.clock.clearTimeout(e.timer)
    e.timer = undefined
  }

  private saveNow(e: Entry): Promise<void> {
    if (this.disposed) return Promise.resolve()
    if (e.inFlight) return e.inFlight // the edit is picked up when the current save returns
    if (e.latest === e.saved) return Promise.resolve()
    const content = e.latest
    e.retryAt = null
    const request = this.options
      .save(e.path, content, e.base)
      .catch((error: unknown): SaveOutcome => ({ ok: false, retryable: true, message: error instanceof Error ? error.message : String(error) }))
    e.inFlight = request.then((outcome) => {
      e.inFlight = null
      if (this.files.get(e.path) !== e) return // the file was reloaded meanwhile; that load wins
      if (outcome.ok) {
        e.saved = content
        e.base = outcome.updatedAt
        e.error = null
        e.retryIndex = 0
        e.savedAt = this.lastSavedAt = this.clock.now()
        e.firstUnsavedAt = e.latest === e.saved ? null : this.clock.now()
        if (outcome.replaced) this.options.onReplaced?.(e.path, outcome.replaced)
        if (e.latest !== e.saved) this.schedule(e, this.debounceMs)
      } else {
        e.error = outcome.message
        e.retryable = outcome.retryable
        if (outcome.retryable && !this.disposed) {
          const delay = this.retryDelaysMs[Math.min(e.retryIndex, this.retryDelaysMs.length - 1)] ?? 5000
          e.retryIndex++
          e.retryAt = this.clock.now() + delay
          this.schedule(e, delay)
        }
      }
      this.changed()
    })
    this.changed()
    return e.inFlight
  }

  private changed() {
    if (!this.disposed) this.options.onChange?.()
  }
}
