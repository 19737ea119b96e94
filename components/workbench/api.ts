// The browser's side of /api/workbench/<slug>/… and /api/submissions/<id>: typed calls through the one fetch
// wrapper (components/api-client.ts); the response types are the server's own, imported as types.
import { ApiError, apiFetch as call, jsonRequest } from '@/components/api-client'
import type { SubmissionView } from '@/lib/submissions/view'
import type { SaveOutcome } from '@/lib/workbench/autosave'
import type { DraftVersion, StoredDraftFile } from '@/lib/workbench/drafts'
import type { DraftRunInput, DraftSaveInput, PatchUploadInput } from '@/lib/workbench/schemas'
import type { WorkbenchFile } from '@/lib/workbench/workbench'

export { ApiError }

export function workbenchApi(slug: string) {
  const base = `/api/workbench/${encodeURIComponent(slug)}`
  return {
    patchUrl: `${base}/patch`,
    file: (path: string) => call<WorkbenchFile>(`${base}/file?path=${encodeURIComponent(path)}`),
    drafts: () => call<{ drafts: DraftVersion[] }>(base),
    search: (q: string) => call<{ paths: string[] }>(`${base}/search?q=${encodeURIComponent(q)}`),
    upload: (input: PatchUploadInput) => call<{ files: StoredDraftFile[] }>(`${base}/patch`, jsonRequest('POST', input)),
    run: (input: DraftRunInput) => call<{ id: string; url: string; number: number | null; practice: boolean }>(`${base}/runs`, jsonRequest('POST', input)),
    /** for the autosaver: never throws; says whether trying again later may help */
    async save(input: DraftSaveInput): Promise<SaveOutcome> {
      try {
        const r = await call<{ updatedAt: string | null; replaced: { content: string; updatedAt: string } | null }>(`${base}/draft`, jsonRequest('PUT', input))
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

/** GET /api/submissions/:id, as this viewer may see it (lib/submissions/view.ts). */
export const submissionResult = (id: string) => call<SubmissionView>(`/api/submissions/${encodeURIComponent(id)}`)
