import { prisma } from '@/lib/db/prisma'
import { notFound } from '@/lib/http/errors'

export type LtiCourseRow = {
  id: string
  platform: string
  title: string
  contextId: string
  members: number
  removed: number
  lineItems: number
  rosterSyncedAt: Date | null
  rosterSyncError: string | null
  hasNrps: boolean
  hasAgs: boolean
  staffApproved: boolean
}

/** The LMS courses launches came from, with their members and placed items, for /instructor/lti. */
export async function ltiCourses(): Promise<LtiCourseRow[]> {
  const rows = await prisma.ltiContext.findMany({
    orderBy: { createdAt: 'asc' },
    include: { platform: { select: { name: true } }, _count: { select: { lineItems: true } }, members: { select: { active: true } } },
  })
  return rows.map((c) => ({
    id: c.id,
    platform: c.platform.name,
    title: c.title ?? c.contextId,
    contextId: c.contextId,
    members: c.members.filter((m) => m.active).length,
    removed: c.members.filter((m) => !m.active).length,
    lineItems: c._count.lineItems,
    rosterSyncedAt: c.rosterSyncedAt,
    rosterSyncError: c.rosterSyncError,
    hasNrps: Boolean(c.membershipsUrl),
    hasAgs: Boolean(c.lineItemsUrl),
    staffApproved: c.staffApproved,
  }))
}

/** Approve an LMS course: from its next launch or roster sync on, its Instructor and TA roles count here. */
export async function setCourseStaffApproval(contextId: string, approved: boolean): Promise<{ approved: boolean }> {
  const { count } = await prisma.ltiContext.updateMany({ where: { id: contextId }, data: { staffApproved: approved } })
  if (!count) throw notFound('That LMS course')
  return { approved }
}
