import { prisma, type Prisma } from '@/lib/db/prisma'
import { AppError, notFound } from '@/lib/http/errors'
import type { Role } from '@/lib/auth/roles'

import type { RosterRow } from './parse'

export const ALLOWED_DOMAINS_KEY = 'allowedEmailDomains'

export type RosterImportResult = { added: number; updated: number; removed: number; usersUpdated: number }

/**
 * Store roster entries. With `replace`, entries not in this import are removed (those people can no longer sign in
 * as students unless an allowed domain covers them; accounts and work are kept). Students who already have an
 * account get the roster's section, and its name when they have none.
 */
export async function importRoster(entries: RosterRow[], options: { replace: boolean }): Promise<RosterImportResult> {
  const emails = entries.map((e) => e.email)
  return prisma.$transaction(
    async (tx) => {
      const existing = new Set((await tx.rosterEntry.findMany({ where: { email: { in: emails } }, select: { email: true } })).map((r) => r.email))
      const removed = options.replace ? (await tx.rosterEntry.deleteMany({ where: { email: { notIn: emails } } })).count : 0
      await tx.rosterEntry.deleteMany({ where: { email: { in: emails } } })
      await tx.rosterEntry.createMany({ data: entries.map((e) => ({ email: e.email, name: e.name, section: e.section })) })
      const users = await tx.user.findMany({ where: { email: { in: emails }, role: 'STUDENT' }, select: { id: true, email: true, name: true, section: true } })
      const byEmail = new Map(entries.map((e) => [e.email, e]))
      let usersUpdated = 0
      for (const u of users) {
        const e = byEmail.get(u.email)!
        const data: Prisma.UserUpdateInput = {}
        if (e.section !== null && e.section !== u.section) data.section = e.section
        if (!u.name && e.name) data.name = e.name
        if (Object.keys(data).length > 0) {
          await tx.user.update({ where: { id: u.id }, data })
          usersUpdated++
        }
      }
      return { added: entries.length - existing.size, updated: existing.size, removed, usersUpdated }
    },
    { timeout: 60_000 },
  )
}

export async function clearRoster(): Promise<number> {
  return (await prisma.rosterEntry.deleteMany()).count
}

export async function allowedDomains(): Promise<string[]> {
  const row = await prisma.setting.findUnique({ where: { key: ALLOWED_DOMAINS_KEY } })
  return Array.isArray(row?.value) ? (row.value as unknown[]).filter((d): d is string => typeof d === 'string') : []
}

export async function setAllowedDomains(domains: string[]): Promise<string[]> {
  await prisma.setting.upsert({ where: { key: ALLOWED_DOMAINS_KEY }, create: { key: ALLOWED_DOMAINS_KEY, value: domains }, update: { value: domains } })
  return domains
}

/**
 * Change someone's role. The role is locked, so INSTRUCTOR_EMAILS no longer changes it at sign-in. Nobody changes
 * their own role (an instructor cannot lock themselves out), and the last instructor cannot be demoted.
 */
export async function changeRole(input: { actorId: string; userId: string; role: Role }): Promise<{ id: string; email: string; role: Role }> {
  if (input.actorId === input.userId) throw new AppError(409, 'own_role', 'You cannot change your own role; ask another instructor.')
  const user = await prisma.user.findUnique({ where: { id: input.userId }, select: { id: true, role: true } })
  if (!user) throw notFound('That person')
  if (user.role === 'INSTRUCTOR' && input.role !== 'INSTRUCTOR') {
    const instructors = await prisma.user.count({ where: { role: 'INSTRUCTOR' } })
    if (instructors <= 1) throw new AppError(409, 'last_instructor', 'This is the only instructor; make someone else an instructor first.')
  }
  const updated = await prisma.user.update({
    where: { id: input.userId },
    data: { role: input.role, roleLocked: true },
    select: { id: true, email: true, role: true },
  })
  return updated
}

export type Person = {
  id: string | null
  email: string
  name: string | null
  section: string | null
  role: Role | null
  roleLocked: boolean
  onRoster: boolean
  lastSeenAt: Date | null
}

/** Everyone with an account, and roster entries of people who have not signed in yet. Two queries. */
export async function listPeople(): Promise<Person[]> {
  const [users, roster] = await Promise.all([
    prisma.user.findMany({
      orderBy: [{ role: 'desc' }, { name: 'asc' }, { email: 'asc' }],
      select: { id: true, email: true, name: true, section: true, role: true, roleLocked: true, lastSeenAt: true },
    }),
    prisma.rosterEntry.findMany({ orderBy: { email: 'asc' } }),
  ])
  const rostered = new Map(roster.map((r) => [r.email, r]))
  const people: Person[] = users.map((u) => ({ ...u, onRoster: rostered.has(u.email) }))
  const withAccount = new Set(users.map((u) => u.email))
  for (const r of roster) {
    if (!withAccount.has(r.email))
      people.push({ id: null, email: r.email, name: r.name, section: r.section, role: null, roleLocked: false, onRoster: true, lastSeenAt: null })
  }
  return people
}
