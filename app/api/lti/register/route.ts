import { errorBody } from '@/lib/http/errors'
import { registerDynamically } from '@/lib/lti/dynamic-registration'
import { launchErrorPage, LTI_PAGE_POLICY } from '@/lib/lti/html'
import { escapeHtml } from '@/lib/markdown/escape'

export const dynamic = 'force-dynamic'

/** LTI Dynamic Registration, opened by the LMS with ?openid_configuration=…&registration_token=… */
export async function GET(req: Request): Promise<Response> {
  const q = new URL(req.url).searchParams
  try {
    const p = await registerDynamically({
      ticket: q.get('ticket'),
      openidConfiguration: q.get('openid_configuration'),
      registrationToken: q.get('registration_token'),
    })
    // tell the LMS the registration is done so it closes its dialog
    return new Response(
      `<!doctype html><html><body><h1>Registered</h1><p>This course is now registered with ${escapeHtml(p.name)} (client id ${escapeHtml(p.clientId)}).</p>` +
        `<script>(window.opener||window.parent).postMessage({subject:'org.imsglobal.lti.close'},'*')</script></body></html>`,
      { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': LTI_PAGE_POLICY } },
    )
  } catch (error) {
    const { status, body } = errorBody(error)
    return launchErrorPage(body.error.message, status)
  }
}
