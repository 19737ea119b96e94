import { prisma } from '@/lib/db/prisma'
import { AppError, notFound } from '@/lib/http/errors'
import { roundScore } from '@/lib/policy/late'

export type OverrideRecord = { id: string; score: number; comment: string; at: Date; by: string | null; submissionId: string | null }

/**
 * Set a student's score on an assignment by hand (the annotation homework is graded this way) or override the
 * automatic one. Every call adds a row, so the history of who set what and when is kept; the newest one counts.
 */
export async function setManualScore(input: {
  userId: string
  assignmentId: string
  submissionId?: string | null
  score: number
  comment: string
  byId: string
}): Promise<OverrideRecord> {
  const assignment = await prisma.assignment.findUnique({ where: { id: input.assignmentId }, select: { id: true, maxScore: true, title: true } })
  if (!assignment) throw notFound('That assignment')
  const student = await prisma.user.findUnique({ where: { id: input.userId }, select: { id: true } })
  if (!student) throw notFound('That student')
  if (!Number.isFinite(input.score) || input.score < 0 || input.score > assignment.maxScore) {
    throw new AppError(422, 'score_out_of_range', `A score for “${assignment.title}” must be between 0 and ${assignment.maxScore}.`)
  }
  const comment = input.comment.trim()
  if (!comment) throw new AppError(422, 'comment_required', 'Say why in the comment; the student sees it next to the score.')
  if (input.submissionId) {
    const sub = await prisma.submission.findUnique({ where: { id: input.submissionId }, select: { userId: true, assignmentId: true } })
    if (!sub || sub.userId !== input.userId || sub.assignmentId !== input.assignmentId)
      throw new AppError(422, 'wrong_submission', 'That submission is not this student’s work on this assignment.')
  }
  const row = await prisma.scoreOverride.create({
    data: {
      userId: input.userId,
      assignmentId: input.assignmentId,
      submissionId: input.submissionId ?? null,
      score: roundScore(input.score),
      comment,
      byId: input.byId,
    },
    include: { by: { select: { email: true } } },
  })
  return { id: row.id, score: row.score, comment: row.comment, at: row.createdAt, by: row.by?.email ?? null, submissionId: row.submissionId }
}

/** Every override of a student's score on an assignment, newest first. */
export async function overrideHistory(userId: string, assignmentId: string): Promise<OverrideRecord[]> {
  const rows = await prisma.scoreOverride.findMany({
    where: { userId, assignmentId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    include: { by: { select: { email: true } } },
  })
  return rows.map((r) => ({ id: r.id, score: r.score, comment: r.comment, at: r.createdAt, by: r.by?.email ?? null, submissionId: r.submissionId }))
}
