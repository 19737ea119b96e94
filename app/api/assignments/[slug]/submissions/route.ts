import { withAuth } from '@/lib/auth/guards'
import { AppError, errorResponse } from '@/lib/http/errors'
import { readBodyBytes } from '@/lib/http/request-body'
import { MAX_PATCH_BYTES } from '@/lib/grading/patch-policy'
import { createSubmission } from '@/lib/submissions/create'

export const dynamic = 'force-dynamic'

const tooLarge = () =>
  new AppError(413, 'patch_too_large', `The patch is larger than the ${Math.floor(MAX_PATCH_BYTES / 1024)} KiB limit. Did it include build output?`)

/**
 * Submit a patch from a terminal:
 *   curl -H "Authorization: Bearer $TOKEN" --data-binary @hw.diff $URL/api/assignments/<slug>/submissions
 * → 202 { id, url, number }. The body is the patch itself (any content type), at most PATCH_MAX_BYTES, read as a
 * stream and refused (413) as soon as it passes that, with or without a Content-Length. A 429 carries Retry-After.
 */
export const POST = withAuth<{ slug: string }>(
  async (req, { user, params }) => {
    try {
      const body = await readBodyBytes(req, MAX_PATCH_BYTES, tooLarge)
      const practice = new URL(req.url).searchParams.get('practice') === '1'
      const created = await createSubmission({ user, assignmentSlug: params.slug, patch: body, source: 'API', practice })
      return Response.json(
        { id: created.id, url: created.url, number: created.number, lateSeconds: created.lateSeconds },
        { status: 202, headers: { Location: created.url } },
      )
    } catch (error) {
      return errorResponse(error)
    }
  },
  { apiTokens: true },
)
