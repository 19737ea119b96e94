import { withAuth } from '@/lib/auth/guards'
import { readQuery } from '@/lib/workbench/request'
import { fileQuerySchema } from '@/lib/workbench/schemas'
import { workbenchFile } from '@/lib/workbench/workbench'

export const dynamic = 'force-dynamic'

/** One file for an editor tab: `?path=Python/ceval.c` → pristine text, the caller's draft of it, and whether it is editable. */
export const GET = withAuth<{ slug: string }>(async (req, { user, params }) => {
  const { path } = readQuery(req, fileQuerySchema)
  return Response.json(await workbenchFile(user, params.slug, path), { headers: { 'Cache-Control': 'no-store' } })
})
