// The browser's side of /api/workbench/<slug>/… and /api/submissions/<id>: typed fetch calls that turn an error
// response into an ApiError carrying the server's message (which is written for the student).
import type { SaveOutcome } from '@/lib/workbench/autosave'
import type { DraftVersion, StoredDraftFile } from '@/lib/workbench/drafts'
import type { DraftRunInput, DraftSaveInput, PatchUploadInput } from '@/lib/workbench/schemas'
import type { WorkbenchFile } from '@/lib/workbench/workbench'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response
  try {
    res = await fetch(url, { credentials: 'same-origin', cache: 'no-store', ...init })
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached (are you offline?).')
  }
  const type = res.headers.get('content-type') ?? ''
  const body = type.includes('application/json') ? await res.json().catch(() => null) : null
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${res.status}.`, error?.details)
  }
  return body as T
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

export function workbenchApi(slug: string) {
  const base = `/api/workbench/${encodeURIComponent(slug)}`
  return {
    patchUrl: `${base}/patch`,
    file: (path: string) => call<WorkbenchFile>(`${base}/file?path=${encodeURIComponent(path)}`),
    drafts: () => call<{ drafts: DraftVersion[] }>(base),
    search: (q: string) => call<{ paths: string[] }>(`${base}/search?q=${encodeURIComponent(q)}`),
    upload: (input: PatchUploadInput) => call<{ files: StoredDraftFile[] }>(`${base}/patch`, json('POST', input)),
    run: (input: DraftRunInput) => call<{ id: string; url: string; number: number | null; practice: boolean }>(`${base}/runs`, json('POST', input)),
    /** for the autosaver: never throws; says whether trying again later may help */
    async save(input: DraftSaveInput): Promise<SaveOutcome> {
      try {
        const r = await call<{ updatedAt: string | null; replaced: { content: string; updatedAt: string } | null }>(`${base}/draft`, json('PUT', input))
        return { ok: true, updatedAt: r.updatedAt, replaced: r.replaced }
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError(0, 'network', String(e))
        // offline, rate-limited, server trouble: later may work; a refusal (413, 422, 403…) will not by itself
        const retryable = error.status === 0 || error.status === 429 || error.status >= 500 || error.status === 401
        return { ok: false, retryable, message: error.message }
      }
    },
  }
}

export type WorkbenchApi = ReturnType<typeof workbenchApi>

// ---- submissions (the existing API) ----

export type BuildError = { file: string; line: number; column?: number; message: string }

export type RunTest = {
  name: string
  visibility: 'PUBLIC' | 'HIDDEN'
  status: 'PASSED' | 'FAILED' | 'TIMEOUT' | 'ERROR'
  points: number
  maxPoints: number
  durationMs: number
  stdout: string | null
  stderr: string | null
  diff: string | null
}

export type SubmissionResult = {
  id: string
  number: number | null
  kind: 'GRADED' | 'PRACTICE'
  status: 'QUEUED' | 'RUNNING' | 'GRADED' | 'NEEDS_MANUAL' | 'ERROR'
  current: {
    phase: string
    status: 'QUEUED' | 'RUNNING' | 'DONE' | 'ERROR'
    score: number | null
    maxScore: number | null
    build: { ok: boolean | null; applied: boolean | null; errors: BuildError[]; log: string | null }
    errorMessage: string | null
    tests: RunTest[]
    hidden: { total: number; passed: number; points: number; maxPoints: number }
  } | null
}

export const submissionResult = (id: string) => call<SubmissionResult>(`/api/submissions/${encodeURIComponent(id)}`)
