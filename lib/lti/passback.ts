import { studentGrades } from '@/lib/grades'
import { prisma } from '@/lib/db/prisma'

import { ensureLineItemUrl, postScore } from './ags'
import { enqueuePassbackJob, type PassbackJob } from './passback-queue'
import { platformById } from './platforms'
import { PlatformCallError } from './service-token'

type Target = { lineItemId: string; userId: string }

/**
 * The scores the LMS should have for one student, from the grades everything else here shows (after the late policy,
 * overrides and extensions: lib/grades, never recomputed here). Only line items of LMS courses the student is an
 * active member of. Assignments: the gradebook score (0 once missing past the deadline); lecture quizzes: the points,
 * once anything is answered.
 */
async function wantedScores(userId: string): Promise<{ lineItemId: string; score: number }[]> {
  const items = await prisma.ltiLineItem.findMany({
    where: { context: { members: { some: { userId, active: true } } } },
    select: { id: true, kind: true, ref: true },
  })
  if (items.length === 0) return []
  const grades = await studentGrades(userId)
  const out: { lineItemId: string; score: number }[] = []
  for (const item of items) {
    if (item.kind === 'ASSIGNMENT') {
      const g = grades.assignments.find((a) => a.assignment.slug === item.ref)
      if (g && g.score !== null) out.push({ lineItemId: item.id, score: g.score })
    } else {
      const q = grades.quizzes.find((x) => x.lecture.slug === item.ref)
      if (q && q.answered > 0) out.push({ lineItemId: item.id, score: q.points })
    }
  }
  return out
}

/**
 * Bring the student's passback state up to date and enqueue whatever the LMS does not have yet. Idempotent: an
 * unchanged score changes nothing and sends nothing. A changed score gets a new `wantedAt` (always later than the
 * previous one), which is the AGS timestamp it is sent with. `only` limits it to one assignment or lecture.
 */
export async function enqueuePassback(userId: string, only?: { assignmentId?: string; lectureSlug?: string }): Promise<{ changed: number; enqueued: number }> {
  let wanted = await wantedScores(userId)
  if (only?.assignmentId || only?.lectureSlug) {
    const slug = only.assignmentId ? (await prisma.assignment.findUnique({ where: { id: only.assignmentId }, select: { slug: true } }))?.slug : only.lectureSlug
    const ids = new Set(
      (await prisma.ltiLineItem.findMany({ where: { ref: slug ?? '', kind: only.assignmentId ? 'ASSIGNMENT' : 'LECTURE' }, select: { id: true } })).map(
        (r) => r.id,
      ),
    )
    wanted = wanted.filter((w) => ids.has(w.lineItemId))
  }
  let changed = 0
  const toSend: Target[] = []
  for (const w of wanted) {
    const row = await prisma.ltiPassback.findUnique({ where: { lineItemId_userId: { lineItemId: w.lineItemId, userId } } })
    if (!row) {
      await prisma.ltiPassback.create({ data: { lineItemId: w.lineItemId, userId, wantedScore: w.score, wantedAt: new Date() } })
      changed++
      toSend.push({ lineItemId: w.lineItemId, userId })
      continue
    }
    if (row.wantedScore !== w.score) {
      const wantedAt = new Date(Math.max(Date.now(), row.wantedAt.getTime() + 1))
      // only if nobody changed it meanwhile; a lost race means the other writer's newer value stands
      const { count } = await prisma.ltiPassback.updateMany({
        where: { lineItemId: w.lineItemId, userId, wantedAt: row.wantedAt },
        data: { wantedScore: w.score, wantedAt },
      })
      changed += count
    }
    if (row.wantedScore !== w.score || !row.sentTimestamp || row.sentTimestamp < row.wantedAt) toSend.push({ lineItemId: w.lineItemId, userId })
  }
  for (const t of toSend) await enqueuePassbackJob(t)
  return { changed, enqueued: toSend.length }
}

/**
 * The outside hook for instructor actions (manual score, extension, regrade): bring the LMS up to date for one
 * student and assignment. Never throws: the grade change itself has happened, and the worker's sweep retries.
 */
export async function notifyScoreChanged(userId: string, assignmentId: string): Promise<void> {
  try {
    await enqueuePassback(userId, { assignmentId })
  } catch (error) {
    console.warn(`LTI passback for ${userId}/${assignmentId} not enqueued now (the sweep will): ${(error as Error).message}`)
  }
}

export type PassbackOutcome = 'sent' | 'up-to-date' | 'no-lms-account'

/**
 * Send what the LMS should have for one (line item, student), newest first and only: the job reads the current
 * wanted score, sends it with its timestamp, marks it sent only if nothing newer was sent meanwhile, and loops while
 * the wanted score moved on during the call. Platform failures are recorded on the row and thrown for the queue's retry.
 */
export async function processPassbackJob(job: PassbackJob): Promise<PassbackOutcome> {
  let outcome: PassbackOutcome = 'up-to-date'
  for (let round = 0; round < 5; round++) {
    const row = await prisma.ltiPassback.findUnique({
      where: { lineItemId_userId: { lineItemId: job.lineItemId, userId: job.userId } },
      include: { lineItem: { include: { context: true } } },
    })
    if (!row || (row.sentTimestamp && row.sentTimestamp >= row.wantedAt)) return outcome
    const { context } = row.lineItem
    const platform = await platformById(context.platformId)
    const link = await prisma.ltiUserLink.findUnique({ where: { platformId_userId: { platformId: platform.id, userId: job.userId } }, select: { sub: true } })
    if (!link) {
      await prisma.ltiPassback.update({
        where: { lineItemId_userId: { lineItemId: job.lineItemId, userId: job.userId } },
        data: { lastError: `This student has no ${platform.name} account linked (never launched or synced).`, lastErrorAt: new Date() },
      })
      return 'no-lms-account'
    }
    try {
      const url = await ensureLineItemUrl(platform, context.lineItemsUrl, row.lineItem)
      await postScore(platform, url, {
        userId: link.sub,
        scoreGiven: row.wantedScore,
        scoreMaximum: row.lineItem.scoreMaximum,
        timestamp: row.wantedAt.toISOString(),
      })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (error instanceof PlatformCallError && error.status === 404 && row.lineItem.url)
        await prisma.ltiLineItem.update({ where: { id: row.lineItem.id }, data: { url: null } })
      await prisma.ltiPassback.update({
        where: { lineItemId_userId: { lineItemId: job.lineItemId, userId: job.userId } },
        data: { attempts: { increment: 1 }, lastError: message.slice(0, 1000), lastErrorAt: new Date() },
      })
      throw error
    }
    await prisma.ltiPassback.updateMany({
      where: { lineItemId: job.lineItemId, userId: job.userId, OR: [{ sentTimestamp: null }, { sentTimestamp: { lt: row.wantedAt } }] },
      data: { sentScore: row.wantedScore, sentTimestamp: row.wantedAt, sentAt: new Date(), attempts: 0, lastError: null, lastErrorAt: null },
    })
    outcome = 'sent'
  }
  return outcome
}

/**
 * The periodic sweep: students of LMS courses whose grades may have changed since `since` (a finished grading run,
 * an override, an extension, a quiz answer), or every such student when `since` is null, are brought up to date;
 * and anything recorded but not yet sent (retries ran out while the LMS was down) is enqueued again.
 */
export async function sweepPassbacks(since: Date | null): Promise<{ students: number; enqueued: number }> {
  const members = await prisma.ltiMembership.findMany({
    where: { active: true, context: { lineItems: { some: {} } } },
    select: { userId: true },
    distinct: ['userId'],
  })
  let ids = members.map((m) => m.userId)
  if (since && ids.length) {
    const changed = await prisma.$queryRaw<{ userId: string }[]>`
      SELECT s."userId" FROM "GradingRun" r JOIN "Submission" s ON s."id" = r."submissionId" WHERE r."finishedAt" >= ${since} AND s."userId" = ANY(${ids})
      UNION SELECT "userId" FROM "ScoreOverride" WHERE "createdAt" >= ${since} AND "userId" = ANY(${ids})
      UNION SELECT "userId" FROM "Extension" WHERE "createdAt" >= ${since} AND "userId" = ANY(${ids})
      UNION SELECT "userId" FROM "QuizResponse" WHERE "createdAt" >= ${since} AND "userId" = ANY(${ids})`
    ids = changed.map((c) => c.userId)
  }
  let enqueued = 0
  for (const id of ids) enqueued += (await enqueuePassback(id)).enqueued
  const unsent = await prisma.$queryRaw<
    Target[]
  >`SELECT "lineItemId", "userId" FROM "LtiPassback" WHERE "sentTimestamp" IS NULL OR "sentTimestamp" < "wantedAt"`
  for (const t of unsent) await enqueuePassbackJob(t)
  return { students: ids.length, enqueued: enqueued + unsent.length }
}

export type PassbackRow = {
  student: string
  email: string
  item: string
  kind: 'ASSIGNMENT' | 'LECTURE'
  course: string
  wantedScore: number
  sentScore: number | null
  sentAt: Date | null
  pending: boolean
  lastError: string | null
  attempts: number
}

/** What the gradebook shows: per student and LMS column, the score here, what was last sent and when, and why not. */
export async function passbackOverview(): Promise<PassbackRow[]> {
  const rows = await prisma.ltiPassback.findMany({
    include: {
      user: { select: { name: true, email: true } },
      lineItem: { select: { label: true, kind: true, context: { select: { title: true, contextId: true } } } },
    },
    orderBy: [{ user: { name: 'asc' } }, { lineItem: { label: 'asc' } }],
  })
  return rows.map((r) => ({
    student: r.user.name ?? r.user.email,
    email: r.user.email,
    item: r.lineItem.label,
    kind: r.lineItem.kind,
    course: r.lineItem.context.title ?? r.lineItem.context.contextId,
    wantedScore: r.wantedScore,
    sentScore: r.sentScore,
    sentAt: r.sentAt,
    pending: !r.sentTimestamp || r.sentTimestamp < r.wantedAt,
    lastError: r.lastError,
    attempts: r.attempts,
  }))
}
