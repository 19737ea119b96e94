import { withAuth } from '@/lib/auth/guards'
import { getSubmissionView } from '@/lib/submissions/view'

export const dynamic = 'force-dynamic'

/** Status and the results the caller may see (hidden tests as counts for students). Someone else's id → 404. */
export const GET = withAuth<{ id: string }>(
  async (_req, { user, params }) => {
    const view = await getSubmissionView(params.id, user)
    const { patch: _patch, ...rest } = view
    return Response.json(rest, { headers: { 'Cache-Control': 'no-store' } })
  },
  { apiTokens: true },
)
