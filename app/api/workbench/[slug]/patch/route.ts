import { withAuth } from '@/lib/auth/guards'
import { MAX_PATCH_BYTES } from '@/lib/grading/patch-policy'
import { loadPatchIntoDraft } from '@/lib/workbench/load-patch'
import { readJson } from '@/lib/workbench/request'
import { patchUploadSchema } from '@/lib/workbench/schemas'
import { draftPatch } from '@/lib/workbench/workbench'

export const dynamic = 'force-dynamic'

/** The saved draft as a unified diff, downloaded as `<slug>.diff` (apply it with `patch -p1` or `git apply`). */
export const GET = withAuth<{ slug: string }>(async (_req, { user, params }) => {
  const { patch } = await draftPatch(user, params.slug)
  const name = `${params.slug.replace(/[^\w.-]/g, '_')}.diff`
  return new Response(patch, {
    headers: {
      'Content-Type': 'text/x-diff; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
})

/**
 * Load a .diff into the workbench: `{ patch, fileName? }`. It must pass submission validation and apply to the
 * pristine files; then it replaces the whole draft. 422 names the line or the hunk that is wrong.
 */
export const POST = withAuth<{ slug: string }>(async (req, { user, params }) => {
  const input = await readJson(req, patchUploadSchema, 2 * MAX_PATCH_BYTES + 4096)
  return Response.json(await loadPatchIntoDraft(user, params.slug, input.patch, input.fileName), { headers: { 'Cache-Control': 'no-store' } })
})
