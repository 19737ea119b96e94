import { randomUUID } from 'node:crypto'

import { SignJWT } from 'jose'
import { z } from 'zod'

import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'

import { lineItemResourceId } from './ags'
import { CLAIM, LTI_VERSION, MESSAGE } from './claims'
import { lectureQuiz, parseResource, type LtiResource } from './launch'
import { launchUrl } from './login'
import { toolSigningKey } from './keys'
import { platformById } from './platforms'
import { consumeTicket, peekTicket } from './tickets'

const payloadSchema = z.object({
  platformId: z.string(),
  deploymentId: z.string(),
  returnUrl: z.string().url(),
  data: z.string().nullable(),
  contextId: z.string().nullable(),
  acceptMultiple: z.boolean(),
  acceptLineItem: z.boolean(),
})

export type DeepLinkChoice = { resource: string; kind: 'assignment' | 'lecture'; title: string; maxScore: number; detail: string }

/** What an instructor can place in the LMS course: every published assignment and every lecture (with its quiz). */
export async function deepLinkChoices(): Promise<DeepLinkChoice[]> {
  const [assignments, lectures, points] = await Promise.all([
    prisma.assignment.findMany({
      where: { published: true },
      orderBy: [{ dueAt: 'asc' }, { slug: 'asc' }],
      select: { slug: true, title: true, maxScore: true, dueAt: true },
    }),
    prisma.lecture.findMany({ orderBy: { number: 'asc' }, select: { id: true, slug: true, number: true, title: true } }),
    prisma.question.groupBy({ by: ['lectureId'], where: { retiredAt: null }, _sum: { points: true } }),
  ])
  const byLecture = new Map(points.map((p) => [p.lectureId, p._sum.points ?? 0]))
  return [
    ...assignments.map(
      (a): DeepLinkChoice => ({
        resource: `assignment:${a.slug}`,
        kind: 'assignment',
        title: a.title,
        maxScore: a.maxScore,
        detail: `${a.maxScore} points, due ${a.dueAt.toISOString().slice(0, 10)}`,
      }),
    ),
    ...lectures.map(
      (l): DeepLinkChoice => ({
        resource: `lecture:${l.slug}`,
        kind: 'lecture',
        title: `Lecture ${l.number}: ${l.title}`,
        maxScore: byLecture.get(l.id) ?? 0,
        detail: `${byLecture.get(l.id) ?? 0} quiz points`,
      }),
    ),
  ]
}

/** The picker's request, for the signed-in user it was issued to. */
export async function deepLinkRequest(ticket: string, userId: string) {
  const t = await peekTicket('deep-link', ticket)
  if (t.userId !== userId)
    throw new AppError(403, 'not_your_picker', 'This content picker was opened by someone else. Choose "Add content" in the LMS yourself.')
  return payloadSchema.parse(t.payload)
}

/**
 * The LtiDeepLinkingResponse for the chosen items, signed with the tool key: one LTI resource link per item, each
 * with a line item when the platform accepts them (so the LMS makes the gradebook column), and the same line items
 * recorded here for grade passback.
 */
export async function deepLinkResponse(ticket: string, userId: string, resources: string[]): Promise<{ returnUrl: string; jwt: string; placed: number }> {
  const request = await deepLinkRequest(ticket, userId)
  const picked = [...new Set(resources)].map(parseResource).filter((r): r is LtiResource => r !== null)
  if (picked.length === 0) throw new AppError(400, 'nothing_picked', 'Pick at least one lecture or assignment to add to the LMS course.')
  if (picked.length > 1 && !request.acceptMultiple) throw new AppError(400, 'one_item_only', 'This place in the LMS takes one item only; pick one.')
  const items: { resource: LtiResource; title: string; maxScore: number }[] = []
  for (const r of picked) {
    const found =
      r.kind === 'ASSIGNMENT'
        ? await prisma.assignment.findUnique({ where: { slug: r.slug }, select: { title: true, maxScore: true } })
        : await lectureQuiz(r.slug)
    if (!found)
      throw new AppError(
        404,
        'unknown_resource',
        `${r.kind === 'ASSIGNMENT' ? 'Assignment' : 'Lecture'} “${r.slug}” does not exist (any more). Reload the picker.`,
      )
    items.push({ resource: r, title: found.title, maxScore: found.maxScore })
  }
  await consumeTicket('deep-link', ticket)
  const platform = await platformById(request.platformId)
  const { kid, key } = await toolSigningKey()
  const contentItems = items.map((i) => {
    const resourceId = lineItemResourceId({ kind: i.resource.kind, ref: i.resource.slug })
    return {
      type: 'ltiResourceLink',
      title: i.title,
      url: launchUrl(),
      custom: { resource: resourceId },
      ...(request.acceptLineItem && i.maxScore > 0 ? { lineItem: { scoreMaximum: i.maxScore, label: i.title, resourceId, tag: 'grade' } } : {}),
    }
  })
  const jwt = await new SignJWT({
    nonce: randomUUID(),
    azp: platform.clientId,
    [CLAIM.messageType]: MESSAGE.deepLinkingResponse,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: request.deploymentId,
    [CLAIM.deepLinkingContentItems]: contentItems,
    ...(request.data ? { [CLAIM.deepLinkingData]: request.data } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key)
  if (request.contextId) {
    for (const i of items) {
      if (i.maxScore <= 0) continue
      await prisma.ltiLineItem.upsert({
        where: { contextId_kind_ref: { contextId: request.contextId, kind: i.resource.kind, ref: i.resource.slug } },
        create: { contextId: request.contextId, kind: i.resource.kind, ref: i.resource.slug, label: i.title, scoreMaximum: i.maxScore },
        update: { label: i.title, scoreMaximum: i.maxScore },
      })
    }
  }
  return { returnUrl: request.returnUrl, jwt, placed: items.length }
}
