import 'server-only'

import { createHash } from 'node:crypto'

import { getServerSession } from 'next-auth'
import { decode } from 'next-auth/jwt'

import type { ApiTokenScope } from '@/lib/db/generated/enums'
import { prisma } from '@/lib/db/prisma'
import { forbidden, unauthorized } from '@/lib/http/errors'
import { ltiAccessRemoved } from '@/lib/lti/people'

import { authOptions, authSecret, sessionCookieName } from './options'
import type { Role } from './roles'
import { accessRefusal, type SessionUser } from './users'

/** What a login session's JWT carries (lib/auth/options.ts writes it at sign-in). */
export type SessionClaims = { uid?: unknown; epoch?: unknown }

/**
 * The signed-in user, read fresh from the database on every request, or null. Route handlers pass their
 * request (the session cookie is read from it); pages and actions read it through next-auth.
 */
export async function currentUser(req?: Request): Promise<SessionUser | null> {
  const claims = req ? await claimsFromRequest(req) : await claimsFromServerSession()
  return userFromSessionClaims(claims)
}

/**
 * The one check every login session passes on every request (L10): the user still exists, the session was
 * issued after their last "sign out everywhere" (its epoch is the user's current one), and, for a student, the
 * roster or allowed domains still admit them. Role, name and email come from the database, so a change by an
 * instructor applies at once.
 */
export async function userFromSessionClaims(claims: SessionClaims | null): Promise<SessionUser | null> {
  if (!claims || typeof claims.uid !== 'string') return null
  const user = await prisma.user.findUnique({ where: { id: claims.uid }, select: { id: true, email: true, name: true, role: true, sessionEpoch: true } })
  if (!user) return null
  // sessions issued before epochs existed carry none: they count as epoch 0 and end at the first sign-out-everywhere
  const epoch = typeof claims.epoch === 'number' ? claims.epoch : 0
  if (epoch !== user.sessionEpoch) return null
  if (await accessRefusal(user)) return null
  // removed from every LMS course it came from (lib/lti/nrps.ts)
  if (await ltiAccessRemoved(user.id)) return null
  return { id: user.id, email: user.email, name: user.name, role: user.role }
}

async function claimsFromServerSession(): Promise<SessionClaims | null> {
  const session = await getServerSession(authOptions())
  if (!session?.user) return null
  return { uid: (session.user as { id?: string }).id, epoch: (session as { epoch?: number }).epoch }
}

/** The session cookie's claims (next-auth splits a long one into `<name>.0`, `<name>.1`, …), or null. */
export async function claimsFromRequest(req: Request): Promise<SessionClaims | null> {
  const name = sessionCookieName()
  const chunks: [number, string][] = []
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const key = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (key === name) chunks.push([0, value])
    else if (key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1))) chunks.push([Number(key.slice(name.length + 1)), value])
  }
  if (chunks.length === 0) return null
  const token = chunks
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => v)
    .join('')
  const secret = authSecret()
  if (!secret) return null
  try {
    return (await decode({ token: decodeURIComponent(token), secret })) as SessionClaims | null
  } catch {
    return null // tampered, expired or signed with another secret: not signed in
  }
}

/** Bump the user's session epoch: every login session issued before ends at its next request. */
export async function signOutEverywhere(userId: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { sessionEpoch: { increment: 1 } } })
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A personal API token sent as `Authorization: Bearer <token>`: its owner and scope, or null. */
export async function userFromApiToken(authorization: string | null): Promise<{ user: SessionUser; scope: ApiTokenScope } | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
  if (!match) return null
  const token = await prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(match[1]) },
    select: { id: true, scope: true, revokedAt: true, expiresAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
  })
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt < new Date())) return null
  // a student taken off the roster, or out of every LMS course they came from, loses their tokens with their sessions
  if (await accessRefusal(token.user)) return null
  if (await ltiAccessRemoved(token.user.id)) return null
  await prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } })
  return { user: token.user, scope: token.scope }
}

/**
 * The one authorization check every action and route handler goes through: no user → 401, a user whose
 * role is not in `roles` → 403.
 */
export function authorize(user: SessionUser | null, roles?: readonly Role[]): SessionUser {
  if (!user) throw unauthorized()
  if (roles && !roles.includes(user.role)) throw forbidden()
  return user
}
