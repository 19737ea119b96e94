import { prisma } from '@/lib/db/prisma'
import { AppError, notFound } from '@/lib/http/errors'

import { MEDIA, SCOPE } from './claims'
import { userForPlatformSub } from './people'
import { platformById } from './platforms'
import { courseRoleFromLti } from './roles'
import { platformFetch, serviceToken } from './service-token'

/** As at launch: LMS roles count only in an approved course; elsewhere no one's role changes. */
function lmsRole(roles: string[], approved: boolean) {
  return approved ? courseRoleFromLti(roles) : null
}

type NrpsMember = { user_id?: string; status?: string; name?: string; given_name?: string; family_name?: string; email?: string; roles?: string[] }

/** Every member the platform lists for the course, following `Link: <…>; rel="next"` pages. */
async function fetchMembers(platform: Awaited<ReturnType<typeof platformById>>, url: string): Promise<NrpsMember[]> {
  const token = await serviceToken(platform, [SCOPE.memberships])
  const members: NrpsMember[] = []
  let next: string | null = url
  for (let page = 0; next && page < 1000; page++) {
    const res = await platformFetch(platform, next, { token, headers: { Accept: MEDIA.memberships } })
    const body = (await res.json()) as { members?: NrpsMember[] }
    members.push(...(body.members ?? []))
    next = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(res.headers.get('link') ?? '')?.[1] ?? null
  }
  return members
}

export type RosterSyncResult = { active: number; added: number; removed: number }

/**
 * Sync an LMS course's members (NRPS): listed active members get an account (matched by sub) and an active
 * membership; members the platform marks inactive or no longer lists lose theirs, and with it access here once no
 * membership of theirs is active. Nothing is removed unless the whole list was read.
 */
export async function syncRoster(contextId: string): Promise<RosterSyncResult> {
  const context = await prisma.ltiContext.findUnique({ where: { id: contextId } })
  if (!context) throw notFound('That LMS course')
  if (!context.membershipsUrl) {
    throw new AppError(
      409,
      'no_nrps',
      `The LMS course ${context.title ?? context.contextId} did not announce a roster service (NRPS). Enable “Names and Role Provisioning” for the tool in the LMS, then launch it once.`,
    )
  }
  const platform = await platformById(context.platformId)
  let members: NrpsMember[]
  try {
    members = await fetchMembers(platform, context.membershipsUrl)
  } catch (error) {
    await prisma.ltiContext.update({ where: { id: contextId }, data: { rosterSyncError: (error as Error).message.slice(0, 1000) } })
    throw error
  }
  if (!members.some((m) => m.user_id && (m.status ?? 'Active') === 'Active')) {
    // an LMS course always lists at least its instructor: an empty list is a platform fault, not everyone leaving
    const message = `${platform.name} listed no active members for ${context.title ?? context.contextId}; nobody was removed. Check the course in the LMS and sync again.`
    await prisma.ltiContext.update({ where: { id: contextId }, data: { rosterSyncError: message } })
    throw new AppError(409, 'empty_roster', message)
  }
  const before = new Set((await prisma.ltiMembership.findMany({ where: { contextId, active: true }, select: { userId: true } })).map((m) => m.userId))
  const activeIds = new Set<string>()
  let added = 0
  for (const m of members) {
    if (!m.user_id) continue
    const active = (m.status ?? 'Active') === 'Active'
    const link = await prisma.ltiUserLink.findUnique({ where: { platformId_sub: { platformId: platform.id, sub: m.user_id } }, select: { userId: true } })
    if (!active && !link) continue
    const name = m.name ?? ([m.given_name, m.family_name].filter(Boolean).join(' ') || null)
    const user = await userForPlatformSub({
      platformId: platform.id,
      sub: m.user_id,
      email: m.email,
      name,
      role: lmsRole(m.roles ?? [], context.staffApproved),
    })
    if (!active) continue
    activeIds.add(user.id)
    if (!before.has(user.id)) added++
    await prisma.ltiMembership.upsert({
      where: { contextId_userId: { contextId, userId: user.id } },
      create: { contextId, userId: user.id, roles: m.roles ?? [], active: true },
      update: { roles: m.roles ?? [], active: true, removedAt: null, seenAt: new Date() },
    })
  }
  const { count: removed } = await prisma.ltiMembership.updateMany({
    where: { contextId, active: true, userId: { notIn: [...activeIds] } },
    data: { active: false, removedAt: new Date() },
  })
  await prisma.ltiContext.update({ where: { id: contextId }, data: { rosterSyncedAt: new Date(), rosterSyncError: null } })
  return { active: activeIds.size, added, removed }
}

/** Courses whose last roster sync is older than `maxAgeMs` (or never happened), for the daily sync. */
export async function contextsDueForRosterSync(maxAgeMs: number): Promise<string[]> {
  const rows = await prisma.ltiContext.findMany({
    where: { membershipsUrl: { not: null }, OR: [{ rosterSyncedAt: null }, { rosterSyncedAt: { lt: new Date(Date.now() - maxAgeMs) } }] },
    select: { id: true },
  })
  return rows.map((r) => r.id)
}
