import { withAuth } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { errorBody } from '@/lib/http/errors'
import { deepLinkResponse } from '@/lib/lti/deep-linking'
import { deepLinkReturnPage, launchErrorPage } from '@/lib/lti/html'

export const dynamic = 'force-dynamic'

/** The picker's form post: sign the deep-linking response and hand it back to the LMS (auto-submitted form). */
export const POST = withAuth(
  async (req, { user }) => {
    const form = await req.formData()
    try {
      const r = await deepLinkResponse(String(form.get('ticket') ?? ''), user.id, form.getAll('resource').map(String))
      return deepLinkReturnPage(r.returnUrl, r.jwt)
    } catch (error) {
      const { status, body } = errorBody(error)
      return launchErrorPage(body.error.message, status)
    }
  },
  { roles: STAFF },
)
