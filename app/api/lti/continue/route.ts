import { prisma } from '@/lib/db/prisma'
import { errorBody } from '@/lib/http/errors'
import { launchErrorPage } from '@/lib/lti/html'
import { sessionSetCookie } from '@/lib/lti/session-cookie'
import { consumeTicket } from '@/lib/lti/tickets'

export const dynamic = 'force-dynamic'

/** The new-window fallback: a one-time ticket from a launch signs the person in first-party and opens the page. */
export async function GET(req: Request): Promise<Response> {
  try {
    const { userId, payload } = await consumeTicket('continue', new URL(req.url).searchParams.get('ticket') ?? '')
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } })
    const to = (payload as { redirectTo?: string }).redirectTo
    const redirectTo = typeof to === 'string' && to.startsWith('/') && !to.startsWith('//') ? to : '/'
    return new Response(null, { status: 303, headers: { Location: redirectTo, 'Set-Cookie': await sessionSetCookie(user), 'Cache-Control': 'no-store' } })
  } catch (error) {
    const { status, body } = errorBody(error)
    return launchErrorPage(body.error.message, status)
  }
}
