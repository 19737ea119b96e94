import { withAuth } from '@/lib/auth/guards'
import { MAX_WORKBENCH_FILE_BYTES } from '@/lib/workbench/pristine'
import { readJson, readQuery } from '@/lib/workbench/request'
import { draftResetSchema, draftSaveSchema } from '@/lib/workbench/schemas'
import { resetWorkbenchFile, saveWorkbenchFile } from '@/lib/workbench/workbench'

export const dynamic = 'force-dynamic'

/**
 * Autosave one file: `{ path, content, base }` → `{ updatedAt, replaced }`. The last write wins; `replaced` is the
 * version it overwrote when that was not `base` (saved from another tab or device), so the page can say so.
 */
export const PUT = withAuth<{ slug: string }>(async (req, { user, params }) => {
  // JSON escapes (\t, \") can make the body larger than the file itself
  const input = await readJson(req, draftSaveSchema, 3 * MAX_WORKBENCH_FILE_BYTES)
  return Response.json(await saveWorkbenchFile(user, params.slug, input), { headers: { 'Cache-Control': 'no-store' } })
})

/** Reset one file to the pristine text: `?path=Python/ceval.c&base=<updatedAt>`. */
export const DELETE = withAuth<{ slug: string }>(async (req, { user, params }) => {
  const { path, base } = readQuery(req, draftResetSchema)
  return Response.json(await resetWorkbenchFile(user, params.slug, path, base ?? null), { headers: { 'Cache-Control': 'no-store' } })
})
