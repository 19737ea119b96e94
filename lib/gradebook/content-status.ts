import { prisma } from '@/lib/db/prisma'

export type ContentStatus = {
  syncs: { id: string; startedAt: Date; finishedAt: Date | null; ok: boolean; summary: unknown }[]
  counts: {
    lectures: number
    questions: number
    retiredQuestions: number
    assignments: number
    unpublishedAssignments: number
    students: number
    staff: number
    roster: number
    submissionsByStatus: Record<string, number>
    runsWaiting: number
  }
}

/** The last content syncs and what is in the database, for the instructor's content status page. */
export async function contentStatus(limit = 10): Promise<ContentStatus> {
  const [syncs, lectures, questions, retiredQuestions, assignments, unpublishedAssignments, students, staff, roster, byStatus, runsWaiting] = await Promise.all(
    [
      prisma.contentSync.findMany({ orderBy: { startedAt: 'desc' }, take: limit }),
      prisma.lecture.count(),
      prisma.question.count({ where: { retiredAt: null } }),
      prisma.question.count({ where: { retiredAt: { not: null } } }),
      prisma.assignment.count({ where: { published: true } }),
      prisma.assignment.count({ where: { published: false } }),
      prisma.user.count({ where: { role: 'STUDENT' } }),
      prisma.user.count({ where: { role: { in: ['TA', 'INSTRUCTOR'] } } }),
      prisma.rosterEntry.count(),
      prisma.submission.groupBy({ by: ['status'], where: { kind: 'GRADED' }, _count: { _all: true } }),
      prisma.gradingRun.count({ where: { status: { in: ['QUEUED', 'RUNNING'] } } }),
    ],
  )
  return {
    syncs: syncs.map((s) => ({ id: s.id, startedAt: s.startedAt, finishedAt: s.finishedAt, ok: s.ok, summary: s.summary })),
    counts: {
      lectures,
      questions,
      retiredQuestions,
      assignments,
      unpublishedAssignments,
      students,
      staff,
      roster,
      submissionsByStatus: Object.fromEntries(byStatus.map((b) => [b.status, b._count._all])),
      runsWaiting,
    },
  }
}
