import { prisma } from '@/lib/db/prisma'
import type { OverrideRecord } from '@/lib/grades/overrides'
import { studentGrades } from '@/lib/grades/student'
import { notFound } from '@/lib/http/errors'

export type StudentDetail = {
  student: {
    id: string
    email: string
    name: string | null
    section: string | null
    role: 'STUDENT' | 'TA' | 'INSTRUCTOR'
    roleLocked: boolean
    lastSeenAt: Date | null
    createdAt: Date
    onRoster: boolean
  }
  grades: Awaited<ReturnType<typeof studentGrades>>
  /** every override per assignment id, newest first */
  overrides: Map<string, OverrideRecord[]>
  extensions: Map<string, { dueAt: Date; reason: string; grantedBy: string | null; at: Date }>
  practiceRuns: Map<string, number>
}

/** Everything about one student's course work, for the staff drill-down. */
export async function studentDetail(userId: string, now = new Date()): Promise<StudentDetail> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, section: true, role: true, roleLocked: true, lastSeenAt: true, createdAt: true },
  })
  if (!user) throw notFound('That student')
  const [grades, overrides, extensions, practice, roster] = await Promise.all([
    studentGrades(userId, now),
    prisma.scoreOverride.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], include: { by: { select: { email: true } } } }),
    prisma.extension.findMany({ where: { userId }, include: { grantedBy: { select: { email: true } } } }),
    prisma.submission.groupBy({ by: ['assignmentId'], where: { userId, kind: 'PRACTICE' }, _count: { _all: true } }),
    prisma.rosterEntry.findUnique({ where: { email: user.email }, select: { email: true } }),
  ])
  const byAssignment = new Map<string, OverrideRecord[]>()
  for (const o of overrides) {
    const list = byAssignment.get(o.assignmentId) ?? []
    list.push({ id: o.id, score: o.score, comment: o.comment, at: o.createdAt, by: o.by?.email ?? null, submissionId: o.submissionId })
    byAssignment.set(o.assignmentId, list)
  }
  return {
    student: { ...user, onRoster: Boolean(roster) },
    grades,
    overrides: byAssignment,
    extensions: new Map(extensions.map((e) => [e.assignmentId, { dueAt: e.dueAt, reason: e.reason, grantedBy: e.grantedBy?.email ?? null, at: e.createdAt }])),
    practiceRuns: new Map(practice.map((p) => [p.assignmentId, p._count._all])),
  }
}
