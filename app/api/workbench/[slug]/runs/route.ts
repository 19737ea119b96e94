import { withAuth } from '@/lib/auth/guards'
import { errorResponse } from '@/lib/http/errors'
import { readJson } from '@/lib/workbench/request'
import { draftRunSchema } from '@/lib/workbench/schemas'
import { submitDraft } from '@/lib/workbench/submit-draft'

export const dynamic = 'force-dynamic'

/**
 * Run or submit the saved draft: `{ kind: 'practice' | 'submission', expectedPatch? }` → 202 `{ id, url, number }`.
 * Follow it with GET /api/submissions/:id/events (live progress) and GET /api/submissions/:id (results).
 * A 429 (too many runs or submissions) carries Retry-After.
 */
export const POST = withAuth<{ slug: string }>(async (req, { user, params }) => {
  try {
    const input = await readJson(req, draftRunSchema, 2 * 1024 * 1024)
    const created = await submitDraft(user, params.slug, input)
    return Response.json(
      { id: created.id, url: created.url, number: created.number, practice: created.practice },
      { status: 202, headers: { Location: created.url } },
    )
  } catch (error) {
    return errorResponse(error)
  }
})
