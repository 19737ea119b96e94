import { instructorEmails } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'

import type { Role } from './roles'

export type SessionUser = { id: string; email: string; name: string | null; role: Role }

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export function isEmail(value: string): boolean {
  return EMAIL.test(value) && value.length <= 254
}

/**
 * Whether this person may sign in. Instructors named in INSTRUCTOR_EMAILS and staff in the database always
 * may; when a roster or allowed email domains are configured, a student must be on one of them.
 */
export async function signInRefusal(email: string): Promise<string | null> {
  const normalized = normalizeEmail(email)
  if (instructorEmails().includes(normalized)) return null
  const existing = await prisma.user.findUnique({ where: { email: normalized }, select: { role: true } })
  return accessRefusal({ email: normalized, role: existing?.role ?? 'STUDENT' })
}

/**
 * The same rule for a user already signed in, checked on every request (lib/auth/session.ts), so a student
 * removed from the roster loses access at once rather than at the next sign-in.
 */
export async function accessRefusal(user: { email: string; role: Role }): Promise<string | null> {
  if (user.role !== 'STUDENT') return null
  const normalized = normalizeEmail(user.email)
  if (instructorEmails().includes(normalized)) return null
  const [rosterSize, domainsSetting] = await Promise.all([prisma.rosterEntry.count(), prisma.setting.findUnique({ where: { key: 'allowedEmailDomains' } })])
  const domains = Array.isArray(domainsSetting?.value) ? (domainsSetting.value as string[]) : []
  if (rosterSize === 0 && domains.length === 0) return null
  if (rosterSize > 0 && (await prisma.rosterEntry.findUnique({ where: { email: normalized } }))) return null
  const domain = normalized.split('@')[1]
  if (domains.some((d) => d.toLowerCase() === domain)) return null
  return `${normalized} is not on this course's roster. Ask an instructor to add you.`
}

/**
 * Create or update the user who just signed in. INSTRUCTOR_EMAILS promotes an account to instructor unless
 * an instructor has since set its role by hand (roleLocked). `requestedRole` is honoured only by the
 * development sign-in.
 */
export async function upsertSignedInUser(input: { email: string; name?: string | null; image?: string | null; requestedRole?: Role }): Promise<SessionUser> {
  const email = normalizeEmail(input.email)
  const listedInstructor = instructorEmails().includes(email)
  const existing = await prisma.user.findUnique({ where: { email } })
  let role: Role = existing?.role ?? 'STUDENT'
  if (input.requestedRole) role = input.requestedRole
  else if (listedInstructor && !existing?.roleLocked) role = 'INSTRUCTOR'
  const user = await prisma.user.upsert({
    where: { email },
    create: { email, name: input.name ?? null, image: input.image ?? null, role, lastSeenAt: new Date() },
    update: { role, lastSeenAt: new Date(), ...(input.name && !existing?.name ? { name: input.name } : {}), ...(input.image ? { image: input.image } : {}) },
  })
  if (user.section === null) {
    const rostered = await prisma.rosterEntry.findUnique({ where: { email } })
    if (rostered) await prisma.user.update({ where: { id: user.id }, data: { section: rostered.section, name: user.name ?? rostered.name } })
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role }
}
