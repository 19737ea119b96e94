import { prisma } from '@/lib/db/prisma'
import { AppError, notFound } from '@/lib/http/errors'
import { deadlineFor, lateSeconds } from '@/lib/policy/late'

export type ExtensionChange = {
  dueAt: Date | null
  /** the extension ends before the assignment's own deadline (allowed, on purpose, but worth saying) */
  earlierThanDeadline: boolean
  /** graded submissions whose recorded lateness changed */
  latenessChanged: number
}

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0]

/**
 * Lateness is recorded when a submission is made, against the deadline then in force. Granting, changing or
 * removing an extension changes the deadline in force, so the student's graded submissions to that assignment are
 * re-measured against the new one (in the same transaction); everyone else's are untouched.
 */
async function remeasureLateness(tx: Tx, userId: string, assignmentId: string, deadline: Date): Promise<number> {
  const subs = await tx.submission.findMany({ where: { userId, assignmentId, kind: 'GRADED' }, select: { id: true, createdAt: true, lateSeconds: true } })
  let changed = 0
  for (const s of subs) {
    const late = lateSeconds(s.createdAt, deadline)
    if (late !== s.lateSeconds) {
      await tx.submission.update({ where: { id: s.id }, data: { lateSeconds: late } })
      changed++
    }
  }
  return changed
}

async function findPair(userId: string, assignmentId: string) {
  const [user, assignment] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { id: true } }),
    prisma.assignment.findUnique({ where: { id: assignmentId }, select: { id: true, dueAt: true, title: true } }),
  ])
  if (!user) throw notFound('That student')
  if (!assignment) throw notFound('That assignment')
  return assignment
}

/** Grant an extension, or change the one there is: an absolute deadline for one student and assignment. */
export async function grantExtension(input: {
  userId: string
  assignmentId: string
  dueAt: Date
  reason: string
  grantedById: string
}): Promise<ExtensionChange> {
  if (Number.isNaN(input.dueAt.getTime())) throw new AppError(400, 'invalid_date', 'The new deadline is not a date.')
  const assignment = await findPair(input.userId, input.assignmentId)
  const latenessChanged = await prisma.$transaction(async (tx) => {
    await tx.extension.upsert({
      where: { userId_assignmentId: { userId: input.userId, assignmentId: input.assignmentId } },
      create: { userId: input.userId, assignmentId: input.assignmentId, dueAt: input.dueAt, reason: input.reason, grantedById: input.grantedById },
      update: { dueAt: input.dueAt, reason: input.reason, grantedById: input.grantedById },
    })
    return remeasureLateness(tx, input.userId, input.assignmentId, input.dueAt)
  })
  return { dueAt: input.dueAt, earlierThanDeadline: input.dueAt.getTime() < assignment.dueAt.getTime(), latenessChanged }
}

/** Remove a student's extension: the assignment's own deadline applies again. */
export async function removeExtension(input: { userId: string; assignmentId: string }): Promise<ExtensionChange & { removed: boolean }> {
  const assignment = await findPair(input.userId, input.assignmentId)
  const result = await prisma.$transaction(async (tx) => {
    const removed = await tx.extension.deleteMany({ where: { userId: input.userId, assignmentId: input.assignmentId } })
    const changed = await remeasureLateness(tx, input.userId, input.assignmentId, deadlineFor(assignment.dueAt, null))
    return { removed: removed.count > 0, changed }
  })
  return { dueAt: null, earlierThanDeadline: false, latenessChanged: result.changed, removed: result.removed }
}
