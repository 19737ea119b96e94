import { errorBody } from '@/lib/http/errors'
import { launchErrorPage } from '@/lib/lti/html'
import { initiateLogin } from '@/lib/lti/login'

export const dynamic = 'force-dynamic'

/** OIDC third-party-initiated login (GET or form POST from the platform): redirect to its authorization endpoint. */
async function handle(req: Request): Promise<Response> {
  const params: Record<string, string> = Object.fromEntries(new URL(req.url).searchParams)
  if (req.method === 'POST') {
    const form = await req.formData().catch(() => null)
    for (const [k, v] of form ?? []) if (typeof v === 'string') params[k] = v
  }
  try {
    return new Response(null, { status: 302, headers: { Location: await initiateLogin(params), 'Cache-Control': 'no-store' } })
  } catch (error) {
    const { status, body } = errorBody(error)
    return launchErrorPage(body.error.message, status)
  }
}

export const GET = handle
export const POST = handle
