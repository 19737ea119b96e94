import { prisma } from '@/lib/db/prisma'

import { MEDIA, SCOPE } from './claims'
import type { PlatformDto } from './platforms'
import { platformFetch, PlatformCallError, serviceToken } from './service-token'

export type LineItemRow = {
  id: string
  kind: 'ASSIGNMENT' | 'LECTURE'
  ref: string
  label: string
  scoreMaximum: number
  resourceLinkId: string | null
  url: string | null
}

/** The resourceId the tool gives its line items, so they can be found again: `assignment:<slug>` / `lecture:<slug>`. */
export function lineItemResourceId(item: { kind: 'ASSIGNMENT' | 'LECTURE'; ref: string }): string {
  return `${item.kind === 'ASSIGNMENT' ? 'assignment' : 'lecture'}:${item.ref}`
}

/** The line item's URL at the platform: known, found by resourceId, or created (with the lineitem scope). */
export async function ensureLineItemUrl(platform: PlatformDto, lineItemsUrl: string | null, item: LineItemRow): Promise<string> {
  if (item.url) return item.url
  if (!lineItemsUrl)
    throw new PlatformCallError(
      `The LMS course of “${item.label}” announced no line items service (AGS); grades cannot be sent. Enable the AGS scopes on the tool's registration in the LMS.`,
      null,
      false,
    )
  const token = await serviceToken(platform, [SCOPE.lineItem, SCOPE.score])
  const resourceId = lineItemResourceId(item)
  const find = new URL(lineItemsUrl)
  find.searchParams.set('resource_id', resourceId)
  const existing = (await (await platformFetch(platform, find.toString(), { token, headers: { Accept: MEDIA.lineItems } })).json()) as {
    id: string
    resourceId?: string
  }[]
  let url = existing.find((li) => li.resourceId === resourceId)?.id
  if (!url) {
    const created = await platformFetch(platform, lineItemsUrl, {
      token,
      method: 'POST',
      headers: { 'Content-Type': MEDIA.lineItem, Accept: MEDIA.lineItem },
      body: JSON.stringify({
        scoreMaximum: item.scoreMaximum,
        label: item.label,
        resourceId,
        tag: 'grade',
        ...(item.resourceLinkId ? { resourceLinkId: item.resourceLinkId } : {}),
      }),
    })
    url = ((await created.json()) as { id: string }).id
  }
  await prisma.ltiLineItem.update({ where: { id: item.id }, data: { url } })
  return url
}

/** The scores endpoint of a line item: its URL with `/scores` appended to the path, query kept. */
export function scoresUrl(lineItemUrl: string): string {
  const u = new URL(lineItemUrl)
  u.pathname = `${u.pathname.replace(/\/$/, '')}/scores`
  return u.toString()
}

export type AgsScore = { userId: string; scoreGiven: number; scoreMaximum: number; timestamp: string; comment?: string }

/** Publish a score (AGS score service): completed and fully graded, stamped with when it changed here. */
export async function postScore(platform: PlatformDto, lineItemUrl: string, score: AgsScore): Promise<void> {
  const token = await serviceToken(platform, [SCOPE.lineItem, SCOPE.score])
  await platformFetch(platform, scoresUrl(lineItemUrl), {
    token,
    method: 'POST',
    headers: { 'Content-Type': MEDIA.score },
    body: JSON.stringify({ ...score, activityProgress: 'Completed', gradingProgress: 'FullyGraded' }),
  })
}
