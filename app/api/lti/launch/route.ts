import { errorBody } from '@/lib/http/errors'
import { appUrl } from '@/lib/config/env'
import { launchContinuePage, launchErrorPage } from '@/lib/lti/html'
import { applyLaunch } from '@/lib/lti/launch'
import { sessionSetCookie } from '@/lib/lti/session-cookie'
import { issueTicket } from '@/lib/lti/tickets'
import { verifyLaunch } from '@/lib/lti/verify'

export const dynamic = 'force-dynamic'

const CONTINUE_TTL_MS = 5 * 60_000

/** The platform posts the id_token here (form_post). Verify it, sign the person in, and send them on. */
export async function POST(req: Request): Promise<Response> {
  try {
    const form = await req.formData().catch(() => null)
    const verified = await verifyLaunch(form?.get('id_token') as string | null, form?.get('state') as string | null)
    const outcome = await applyLaunch(verified)
    const ticket = await issueTicket('continue', outcome.user.id, { redirectTo: outcome.redirectTo }, CONTINUE_TTL_MS)
    return launchContinuePage({
      setCookie: await sessionSetCookie(outcome.user),
      redirectTo: outcome.redirectTo,
      continueUrl: `${appUrl()}/api/lti/continue?ticket=${encodeURIComponent(ticket)}`,
    })
  } catch (error) {
    const { status, body } = errorBody(error)
    return launchErrorPage(body.error.message, status)
  }
}

export async function GET(): Promise<Response> {
  return launchErrorPage('This is the LTI launch URL: the LMS posts to it. Open the assignment from your LMS course instead.', 405)
}
