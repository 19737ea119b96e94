import { withAuth } from '@/lib/auth/guards'
import { AppError } from '@/lib/http/errors'
import { createSubmission, MAX_PATCH_BYTES } from '@/lib/submissions/create'

export const dynamic = 'force-dynamic'

/**
 * Submit a patch from a terminal:
 *   curl -H "Authorization: Bearer $TOKEN" --data-binary @hw.diff $URL/api/assignments/<slug>/submissions
 * → 202 { id, url, number }. The body is the patch itself (any content type), at most PATCH_MAX_BYTES.
 */
export const POST = withAuth<{ slug: string }>(
  async (req, { user, params }) => {
    const declared = Number(req.headers.get('content-length') ?? 0)
    if (declared > MAX_PATCH_BYTES) throw new AppError(413, 'patch_too_large', `The patch is larger than the ${Math.floor(MAX_PATCH_BYTES / 1024)} KiB limit.`)
    const body = Buffer.from(await req.arrayBuffer())
    const practice = new URL(req.url).searchParams.get('practice') === '1'
    const created = await createSubmission({ user, assignmentSlug: params.slug, patch: body, source: 'API', practice })
    return Response.json({ id: created.id, url: created.url, number: created.number, lateSeconds: created.lateSeconds }, { status: 202, headers: { Location: created.url } })
  },
  { apiTokens: true },
)
