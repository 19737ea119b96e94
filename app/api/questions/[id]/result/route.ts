import { withAuth } from '@/lib/auth/guards'
import { questionResult } from '@/lib/quiz/responses'

export const dynamic = 'force-dynamic'

/** The caller's standing on a question, with the key and explanation once it is finished (409 before). */
export const GET = withAuth<{ id: string }>(async (_req, { user, params }) => {
  const result = await questionResult(user.id, params.id)
  return Response.json(result, { headers: { 'Cache-Control': 'no-store' } })
})
