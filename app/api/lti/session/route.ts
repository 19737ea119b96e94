import { currentUser } from '@/lib/auth/session'

export const dynamic = 'force-dynamic'

/** Whether this browser sends the session cookie (the launch page asks, to detect blocked third-party cookies). */
export async function GET(): Promise<Response> {
  const user = await currentUser().catch(() => null)
  return Response.json({ signedIn: Boolean(user) }, { headers: { 'Cache-Control': 'no-store' } })
}
