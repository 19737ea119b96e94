import { withAuth } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { previewQuestion } from '@/lib/quiz/responses'

export const dynamic = 'force-dynamic'

/** Staff: a question with its key and explanation, for checking content. Nothing is stored. */
export const GET = withAuth<{ id: string }>(
  async (_req, { params }) => {
    const preview = await previewQuestion(params.id)
    return Response.json(preview, { headers: { 'Cache-Control': 'no-store' } })
  },
  { roles: STAFF },
)
