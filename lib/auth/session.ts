import 'server-only'

import { createHash } from 'node:crypto'

import { getServerSession } from 'next-auth'

import { prisma } from '@/lib/db/prisma'
import { forbidden, unauthorized } from '@/lib/http/errors'
import { ltiAccessRemoved } from '@/lib/lti/people'

import { authOptions } from './options'
import type { Role } from './roles'
import type { SessionUser } from './users'

/** The signed-in user, read fresh from the database (so role changes apply at once), or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions())
  const id = (session?.user as { id?: string } | undefined)?.id
  if (!id) return null
  const user = await prisma.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true } })
  if (user && (await ltiAccessRemoved(user.id))) return null // removed from every LMS course it came from (lib/lti/nrps.ts)
  return user
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** The owner of a personal API token sent as `Authorization: Bearer <token>`, or null. */
export async function userFromApiToken(authorization: string | null): Promise<SessionUser | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
  if (!match) return null
  const token = await prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(match[1]) },
    select: { id: true, revokedAt: true, expiresAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
  })
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt < new Date())) return null
  await prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } })
  return token.user
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
