import { withAuth } from '@/lib/auth/guards'
import { searchPristineTree } from '@/lib/workbench/pristine'
import { readQuery } from '@/lib/workbench/request'
import { treeSearchSchema } from '@/lib/workbench/schemas'
import { workbenchAssignment } from '@/lib/workbench/workbench'

export const dynamic = 'force-dynamic'

/** Files of the pristine tree whose path contains every word of `?q=` (to open read-only, or editable if allowed). */
export const GET = withAuth<{ slug: string }>(async (req, { params }) => {
  const { q } = readQuery(req, treeSearchSchema)
  await workbenchAssignment(params.slug)
  return Response.json({ paths: await searchPristineTree(q) }, { headers: { 'Cache-Control': 'private, max-age=60' } })
})
