import { createHash } from 'node:crypto'

import { isEmail, normalizeEmail, type SessionUser } from '@/lib/auth/users'
import type { Role } from '@/lib/db/generated/enums'
import { prisma } from '@/lib/db/prisma'

/** A stand-in email for someone the platform gave none (or an email another account here already has). */
export function placeholderEmail(platformId: string, sub: string): string {
  return `lti-${createHash('sha256').update(`${platformId}\n${sub}`).digest('hex').slice(0, 20)}@lti.invalid`
}

/**
 * The user a platform's `sub` stands for, created at first sight. Matched by (platform, sub) only, never by email:
 * an LMS account whose email equals an existing account here gets an account of its own (with a stand-in email),
 * because an LMS cannot vouch for an address that may belong to someone else here. The LMS role is applied unless an
 * instructor set the role by hand here (roleLocked). `role: null` (an LMS course not approved for staff roles) changes
 * no one's role, and a new account is a student.
 */
export async function userForPlatformSub(input: {
  platformId: string
  sub: string
  email?: string | null
  name?: string | null
  role: Role | null
}): Promise<SessionUser & { created: boolean }> {
  const email = input.email && isEmail(input.email) ? normalizeEmail(input.email) : null
  const link = await prisma.ltiUserLink.findUnique({ where: { platformId_sub: { platformId: input.platformId, sub: input.sub } }, include: { user: true } })
  if (link) {
    const u = link.user
    const user = await prisma.user.update({
      where: { id: u.id },
      data: {
        ...(u.roleLocked || input.role === null || u.role === input.role ? {} : { role: input.role }),
        ...(input.name && !u.name ? { name: input.name } : {}),
        lastSeenAt: new Date(),
      },
    })
    if (email !== link.email) await prisma.ltiUserLink.update({ where: { platformId_sub: { platformId: input.platformId, sub: input.sub } }, data: { email } })
    return { id: user.id, email: user.email, name: user.name, role: user.role, created: false }
  }
  const taken = email ? await prisma.user.findUnique({ where: { email }, select: { id: true } }) : null
  const user = await prisma.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: {
        email: email && !taken ? email : placeholderEmail(input.platformId, input.sub),
        name: input.name ?? null,
        role: input.role ?? 'STUDENT',
        lastSeenAt: new Date(),
      },
    })
    await tx.ltiUserLink.create({ data: { platformId: input.platformId, sub: input.sub, userId: created.id, email } })
    return created
  })
  return { id: user.id, email: user.email, name: user.name, role: user.role, created: true }
}

/** Whether someone lost access through LTI: they have LMS memberships here and none of them is active any more. */
export async function ltiAccessRemoved(userId: string): Promise<boolean> {
  const rows = await prisma.ltiMembership.findMany({ where: { userId }, select: { active: true } })
  return rows.length > 0 && rows.every((r) => !r.active)
}
