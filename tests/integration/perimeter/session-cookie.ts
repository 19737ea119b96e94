// A real next-auth session cookie for a user, as the sign-in writes it: an encrypted JWT carrying the user id and
// the user's session epoch (lib/auth/options.ts), under next-auth's cookie name, signed with AUTH_SECRET.
import { encode } from 'next-auth/jwt'

import { prisma } from '@/lib/db/prisma'

export const APP_ORIGIN = 'http://localhost:3000'
export const TEST_SECRET = 'perimeter-test-secret-0123456789abcdef'

/** Point the app at APP_ORIGIN with a known secret, as `npm start` does for a local run. */
export function configureApp(): void {
  process.env.APP_URL = APP_ORIGIN
  process.env.NEXTAUTH_URL = APP_ORIGIN
  process.env.AUTH_SECRET = TEST_SECRET
}

export async function sessionCookieFor(userId: string, epoch?: number): Promise<string> {
  const current = epoch ?? (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionEpoch: true } })).sessionEpoch
  const jwt = await encode({ token: { sub: userId, uid: userId, epoch: current }, secret: TEST_SECRET })
  return `next-auth.session-token=${jwt}`
}
