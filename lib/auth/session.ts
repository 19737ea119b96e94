import 'server-only'

import { createHash } from 'node:crypto'

import { getServerSession } from 'next-auth'
import { decode } from 'next-auth/jwt'

import { Prisma } from '@/lib/db/generated/client'
import type { ApiTokenScope } from '@/lib/db/generated/enums'
import { prisma } from '@/lib/db/prisma'
import { forbidden, unauthorized } from '@/lib/http/errors'
import { ltiAccessRemoved } from '@/lib/lti/people'

import { authOptions, authSecret, sessionCookieName } from './options'
import type { Role } from './roles'
import { accessRefusal, normalizeEmail, type SessionUser } from './users'

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
  // one statement for the user and every fact the checks below read (was four round trips on every request)
  const rows = await prisma.$queryRaw<{ facts: SessionFacts | null }[]>`SELECT ${sessionFactsSql(claims.uid)} AS facts`
  return userFromSessionFacts(claims, rows[0]?.facts ?? null)
}

/**
 * The facts userFromSessionFacts checks, as one SQL expression (a JSON object, or NULL for an unknown user), so a
 * hot route can read them in the same statement as its own first read (lib/auth/guards.ts withAuthAndRead).
 */
export function sessionFactsSql(uid: string): Prisma.Sql {
  return Prisma.sql`(SELECT json_build_object('id', u.id, 'email', u.email, 'name', u.name, 'role', u.role::text,
      'sessionEpoch', u."sessionEpoch",
      'rosterNonEmpty', EXISTS (SELECT 1 FROM "RosterEntry"),
      'rosterHasEmail', EXISTS (SELECT 1 FROM "RosterEntry" r WHERE r.email = u.email),
      'allowedDomains', (SELECT s.value FROM "Setting" s WHERE s.key = 'allowedEmailDomains'),
      'ltiAny', EXISTS (SELECT 1 FROM "LtiMembership" m WHERE m."userId" = u.id),
      'ltiActive', EXISTS (SELECT 1 FROM "LtiMembership" m WHERE m."userId" = u.id AND m.active))
    FROM "User" u WHERE u.id = ${uid})`
}

/** The checks of userFromSessionClaims on facts already read (sessionFactsSql); null when the session may not go on. */
export async function userFromSessionFacts(claims: SessionClaims, facts: SessionFacts | null): Promise<SessionUser | null> {
  if (!facts || facts.id !== claims.uid) return null
  const user = { id: facts.id, email: facts.email, name: facts.name, role: facts.role }
  // sessions issued before epochs existed carry none: they count as epoch 0 and end at the first sign-out-everywhere
  const epoch = typeof claims.epoch === 'number' ? claims.epoch : 0
  if (epoch !== facts.sessionEpoch) return null
  if (!admittedAtOnce(facts) && (await accessRefusal(user))) return null
  // removed from every LMS course it came from (lib/lti/nrps.ts): the rule of ltiAccessRemoved, from the same row
  if (facts.ltiAny && !facts.ltiActive) return null
  return user
}

export type SessionFacts = {
  id: string
  email: string
  name: string | null
  role: Role
  sessionEpoch: number
  rosterNonEmpty: boolean
  rosterHasEmail: boolean
  allowedDomains: unknown
  ltiAny: boolean
  ltiActive: boolean
}

/**
 * The common cases of accessRefusal answered from the facts already read: staff, a course without roster or
 * domains, or a student whose stored (normalized) email is on the roster. Anything else goes through
 * accessRefusal itself, so the rule stays in one place.
 */
function admittedAtOnce(f: SessionFacts): boolean {
  if (f.role !== 'STUDENT') return true
  const noDomains = !Array.isArray(f.allowedDomains) || f.allowedDomains.length === 0
  if (!f.rosterNonEmpty && noDomains) return true
  return f.rosterHasEmail && normalizeEmail(f.email) === f.email
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
  const raw = decodeURIComponent(token)
  const key = `${secret}\u0000${raw}`
  const known = decodedSessions.get(key)
  if (known) {
    // still checked on every use: a remembered token stops working the moment it expires
    if (typeof known.exp === 'number' && known.exp * 1000 > Date.now()) return known
    decodedSessions.delete(key)
  }
  try {
    const claims = (await decode({ token: raw, secret })) as (SessionClaims & { exp?: unknown }) | null
    if (claims && typeof claims.exp === 'number') {
      if (decodedSessions.size >= DECODED_SESSIONS_MAX) decodedSessions.delete(decodedSessions.keys().next().value as string)
      decodedSessions.set(key, claims as SessionClaims & { exp: number })
    }
    return claims
  } catch {
    return null // tampered, expired or signed with another secret: not signed in
  }
}

/**
 * Decrypting a session cookie (key derivation + AES-GCM) is the largest CPU cost of a small request. The result
 * is a pure function of the cookie and the secret, so the last few thousand are remembered, keyed by both. Only
 * the claims are kept: whether the user may still use them is read from the database on every request
 * (userFromSessionClaims), so nothing here outlives a sign-out, a role change or a roster removal, and two web
 * instances can never disagree.
 */
const DECODED_SESSIONS_MAX = 5000
const decodedSessions = new Map<string, SessionClaims & { exp: number }>()

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
