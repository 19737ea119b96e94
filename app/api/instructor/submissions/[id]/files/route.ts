import { withAuth } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { submissionFiles } from '@/lib/gradebook/patch-files'

export const dynamic = 'force-dynamic'

/** Before and after of every file a submission's patch touches, for the Monaco diff view (staff only). */
export const GET = withAuth<{ id: string }>(
  async (_req, { params }) => Response.json(await submissionFiles(params.id), { headers: { 'Cache-Control': 'private, max-age=300' } }),
  { roles: STAFF },
)
