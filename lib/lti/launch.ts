import type { LtiResourceKind, Role } from '@/lib/db/generated/enums'
import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'
import type { SessionUser } from '@/lib/auth/users'

import { CLAIM, MESSAGE } from './claims'
import { userForPlatformSub } from './people'
import { courseRoleFromLti } from './roles'
import { issueTicket } from './tickets'
import type { VerifiedLaunch } from './verify'

export type LtiResource = { kind: LtiResourceKind; slug: string }

/** `assignment:<slug>` / `lecture:<slug>`: how placed links name what they open (custom parameter `resource`). */
export function parseResource(value: unknown): LtiResource | null {
  if (typeof value !== 'string') return null
  const m = /^(assignment|lecture):([a-z0-9][a-z0-9-]{0,100})$/.exec(value.trim())
  return m ? { kind: m[1] === 'assignment' ? 'ASSIGNMENT' : 'LECTURE', slug: m[2]! } : null
}

export function resourcePath(r: LtiResource): string {
  return r.kind === 'ASSIGNMENT' ? `/homework/${r.slug}` : `/lectures/${r.slug}`
}

export const DEEP_LINK_TICKET_TTL_MS = 30 * 60_000

export type LaunchOutcome = { user: SessionUser; redirectTo: string; contextId: string | null }

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

/**
 * What a verified launch does here: the user (by platform and sub), the LMS course with its AGS and NRPS endpoints,
 * the membership (active again if they had been removed), the line item of a placed assignment or lecture, and where
 * the browser goes next.
 */
export async function applyLaunch(launch: VerifiedLaunch): Promise<LaunchOutcome> {
  const { platform, claims } = launch
  const roles = Array.isArray(claims[CLAIM.roles]) ? (claims[CLAIM.roles] as unknown[]).filter((r): r is string => typeof r === 'string') : []
  const lmsRole = courseRoleFromLti(roles)
  const name = str(claims.name) ?? ([str(claims.given_name), str(claims.family_name)].filter(Boolean).join(' ') || null)

  const context = obj(claims[CLAIM.context])
  const ags = obj(claims[CLAIM.ags])
  const nrps = obj(claims[CLAIM.nrps])
  const lmsContextId = str(context.id)
  let contextRow: { id: string; staffApproved: boolean } | null = null
  if (lmsContextId) {
    const scopes = Array.isArray(ags.scope) ? (ags.scope as unknown[]).filter((s): s is string => typeof s === 'string') : []
    const title = str(context.title) ?? str(context.label)
    const services = {
      ...(str(ags.lineitems) ? { lineItemsUrl: str(ags.lineitems), agsScopes: scopes } : {}),
      ...(str(nrps.context_memberships_url) ? { membershipsUrl: str(nrps.context_memberships_url) } : {}),
    }
    // the platform's first LMS course is the one its registration was made for; later ones wait for an instructor
    const first = (await prisma.ltiContext.count({ where: { platformId: platform.id } })) === 0
    contextRow = await prisma.ltiContext.upsert({
      where: { platformId_contextId: { platformId: platform.id, contextId: lmsContextId } },
      create: { platformId: platform.id, contextId: lmsContextId, deploymentId: launch.deploymentId, title, staffApproved: first, ...services },
      update: { deploymentId: launch.deploymentId, title, ...services },
      select: { id: true, staffApproved: true },
    })
  }
  // LMS roles count only from an approved LMS course: a teacher of their own sandbox course is a student here, and
  // nobody's role changes because of a course that is not this one
  const role: Role | null = contextRow?.staffApproved ? lmsRole : null
  const user = await userForPlatformSub({ platformId: platform.id, sub: claims.sub!, email: str(claims.email), name, role })
  await prisma.ltiUserLink.update({ where: { platformId_sub: { platformId: platform.id, sub: claims.sub! } }, data: { lastLaunchAt: new Date() } })
  const contextId = contextRow?.id ?? null
  if (contextId) {
    await prisma.ltiMembership.upsert({
      where: { contextId_userId: { contextId, userId: user.id } },
      create: { contextId, userId: user.id, roles, active: true },
      update: { roles, active: true, removedAt: null, seenAt: new Date() },
    })
  }

  if (launch.messageType === MESSAGE.deepLinkingRequest) {
    if (user.role === 'STUDENT') {
      if (lmsRole !== 'STUDENT' && !contextRow?.staffApproved) {
        throw new AppError(
          403,
          'course_not_approved',
          'This LMS course is not approved for instructors yet. An instructor of this course approves it on /instructor/lti (LMS courses), then try again.',
        )
      }
      throw new AppError(403, 'deep_linking_staff_only', 'Only instructors and TAs of the LMS course can add course content. Ask an instructor.')
    }
    const settings = obj(claims[CLAIM.deepLinkingSettings])
    const returnUrl = str(settings.deep_link_return_url)
    if (!returnUrl) throw new AppError(400, 'no_return_url', 'The deep-linking request has no deep_link_return_url; the platform must send one.')
    const ticket = await issueTicket(
      'deep-link',
      user.id,
      {
        platformId: platform.id,
        deploymentId: launch.deploymentId,
        returnUrl,
        data: str(settings.data),
        contextId,
        acceptMultiple: settings.accept_multiple !== false,
        acceptLineItem: settings.accept_lineitem !== false,
      },
      DEEP_LINK_TICKET_TTL_MS,
    )
    return { user, redirectTo: `/instructor/lti/deep-link?ticket=${encodeURIComponent(ticket)}`, contextId }
  }

  const custom = obj(claims[CLAIM.custom])
  const resource = parseResource(custom.resource) ?? parseResource(safeUrl(launch.targetLinkUri)?.searchParams.get('resource'))
  if (!resource) return { user, redirectTo: '/', contextId }
  const exists =
    resource.kind === 'ASSIGNMENT'
      ? await prisma.assignment.findUnique({ where: { slug: resource.slug }, select: { title: true, maxScore: true } })
      : await lectureQuiz(resource.slug)
  if (!exists)
    throw new AppError(
      404,
      'unknown_resource',
      `This LMS link opens ${resource.kind.toLowerCase()} “${resource.slug}”, which this course does not have (any more). Ask the instructor to place it again.`,
    )
  if (contextId) {
    const link = obj(claims[CLAIM.resourceLink])
    const lineItemUrl = str(ags.lineitem)
    await prisma.ltiLineItem.upsert({
      where: { contextId_kind_ref: { contextId, kind: resource.kind, ref: resource.slug } },
      create: {
        contextId,
        kind: resource.kind,
        ref: resource.slug,
        label: exists.title,
        scoreMaximum: exists.maxScore,
        resourceLinkId: str(link.id),
        url: lineItemUrl,
      },
      update: { resourceLinkId: str(link.id), ...(lineItemUrl ? { url: lineItemUrl } : {}) },
    })
  }
  return { user, redirectTo: resourcePath(resource), contextId }
}

function safeUrl(v: string): URL | null {
  try {
    return new URL(v)
  } catch {
    return null
  }
}

/** A lecture as a gradable item: its title and the points of its (not retired) questions. */
export async function lectureQuiz(slug: string): Promise<{ title: string; maxScore: number } | null> {
  const lecture = await prisma.lecture.findUnique({ where: { slug }, select: { id: true, title: true } })
  if (!lecture) return null
  const sum = await prisma.question.aggregate({ where: { lectureId: lecture.id, retiredAt: null }, _sum: { points: true } })
  return { title: `Quiz: ${lecture.title}`, maxScore: sum._sum.points ?? 0 }
}
