import { encode } from 'next-auth/jwt'

import { appUrl, authSecret, nextAuthUrl } from '@/lib/config/env'

const MAX_AGE = 30 * 24 * 3600

/** next-auth's own cookie name: `__Secure-` prefixed when the site is served over https (as next-auth decides). */
export function servedOverHttps(): boolean {
  return (nextAuthUrl() || appUrl()).startsWith('https://')
}

export function sessionCookieName(): string {
  return servedOverHttps() ? '__Secure-next-auth.session-token' : 'next-auth.session-token'
}

/**
 * A `Set-Cookie` value that signs `user` in: the same JWT session next-auth's jwt callback makes (lib/auth/options.ts:
 * the token carries `uid`). Over https it is `SameSite=None; Secure` so it is sent inside the LMS's iframe; over
 * plain http (local trial runs) browsers refuse `SameSite=None` without `Secure`, so it is `Lax` there.
 */
export async function sessionSetCookie(user: { id: string; email: string; name: string | null }): Promise<string> {
  const secret = authSecret()
  if (!secret) throw new Error('AUTH_SECRET is not set; LTI launches cannot sign anyone in.')
  const value = await encode({ token: { uid: user.id, sub: user.id, email: user.email, name: user.name }, secret, maxAge: MAX_AGE })
  const attrs = [`${sessionCookieName()}=${value}`, 'Path=/', 'HttpOnly', `Max-Age=${MAX_AGE}`]
  if (servedOverHttps()) attrs.push('SameSite=None', 'Secure', 'Partitioned')
  else attrs.push('SameSite=Lax')
  return attrs.join('; ')
}
