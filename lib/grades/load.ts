import { Prisma } from '@/lib/db/generated/client'
import { prisma } from '@/lib/db/prisma'

import { loadCourseSettings, type CourseSettings } from './course-settings'
import type { AssignmentFact, CourseFacts, LectureFact, StudentFacts, SubmissionStatus } from './types'

export type Student = { id: string; email: string; name: string | null; section: string | null }

/** Published assignments (by due date), lectures with their quiz size, and the course settings. Three queries. */
export async function loadCourseFacts(): Promise<CourseFacts & { settings: CourseSettings }> {
  const [assignments, lectures, questionTotals, settings] = await Promise.all([
    prisma.assignment.findMany({
      where: { published: true },
      orderBy: [{ dueAt: 'asc' }, { slug: 'asc' }],
      select: {
        id: true,
        slug: true,
        title: true,
        kind: true,
        maxScore: true,
        dueAt: true,
        lectureNumber: true,
        latePolicy: true,
        latePenaltyPerDay: true,
        latePenaltyMax: true,
        lateCutoffDays: true,
        maxSubmissions: true,
        submissionsPerHour: true,
        scoreSelection: true,
      },
    }),
    prisma.lecture.findMany({ orderBy: { number: 'asc' }, select: { id: true, number: true, slug: true, title: true } }),
    prisma.question.groupBy({ by: ['lectureId'], where: { retiredAt: null }, _sum: { points: true }, _count: { _all: true } }),
    loadCourseSettings(),
  ])
  const totals = new Map(questionTotals.map((q) => [q.lectureId, q]))
  return {
    assignments: assignments.map(
      (a): AssignmentFact => ({
        id: a.id,
        slug: a.slug,
        title: a.title,
        kind: a.kind,
        maxScore: a.maxScore,
        dueAt: a.dueAt,
        lectureNumber: a.lectureNumber,
        policy: { mode: a.latePolicy, penaltyPerDay: a.latePenaltyPerDay, maxPenalty: a.latePenaltyMax, cutoffDays: a.lateCutoffDays },
        maxSubmissions: a.maxSubmissions,
        submissionsPerHour: a.submissionsPerHour,
        selection: a.scoreSelection,
      }),
    ),
    lectures: lectures.map((l): LectureFact => ({ ...l, questionCount: totals.get(l.id)?._count._all ?? 0, maxPoints: totals.get(l.id)?._sum.points ?? 0 })),
    settings,
  }
}

type SubmissionRow = {
  id: string
  userId: string
  assignmentId: string
  number: number | null
  createdAt: Date
  status: SubmissionStatus
  lateSeconds: number
  score: number | null
  maxScore: number | null
}
type OverrideRow = { userId: string; assignmentId: string; submissionId: string | null; score: number; comment: string; createdAt: Date; by: string | null }
type QuizRow = { userId: string; lectureId: string; points: number; answered: number }

/**
 * Everything grades are computed from, for the given students (all students when `userIds` is omitted), in four
 * queries whatever the number of students: graded submissions with their current run's score, extensions, the
 * newest override per student and assignment, and quiz points per student and lecture (best attempt per question).
 */
export async function loadStudentFacts(userIds?: readonly string[]): Promise<Map<string, StudentFacts>> {
  const ids = userIds ? [...userIds] : null
  const onlyThese = (column: Prisma.Sql) => (ids ? Prisma.sql`AND ${column} = ANY(${ids})` : Prisma.empty)
  const [submissions, extensions, overrides, quizzes] = await Promise.all([
    prisma.$queryRaw<SubmissionRow[]>`
      SELECT s."id", s."userId", s."assignmentId", s."number", s."createdAt", s."status"::text AS "status", s."lateSeconds", r."score", r."maxScore"
      FROM "Submission" s LEFT JOIN "GradingRun" r ON r."id" = s."currentRunId"
      WHERE s."kind" = 'GRADED' ${onlyThese(Prisma.sql`s."userId"`)}`,
    prisma.extension.findMany({ where: ids ? { userId: { in: ids } } : {}, select: { userId: true, assignmentId: true, dueAt: true, reason: true } }),
    prisma.$queryRaw<OverrideRow[]>`
      SELECT DISTINCT ON (o."userId", o."assignmentId") o."userId", o."assignmentId", o."submissionId", o."score", o."comment", o."createdAt", u."email" AS "by"
      FROM "ScoreOverride" o LEFT JOIN "User" u ON u."id" = o."byId"
      WHERE TRUE ${onlyThese(Prisma.sql`o."userId"`)}
      ORDER BY o."userId", o."assignmentId", o."createdAt" DESC, o."id" DESC`,
    prisma.$queryRaw<QuizRow[]>`
      SELECT b."userId", q."lectureId", SUM(b.best)::float8 AS "points", COUNT(*)::int AS "answered"
      FROM (
        -- the attempt that counts, by the question's scoring rule (lib/quiz/scoring.ts): best, latest or first
        SELECT r."userId", r."questionId",
          CASE qs."scoring"
            WHEN 'latest' THEN (ARRAY_AGG(r."pointsAwarded" ORDER BY r."attempt" DESC))[1]
            WHEN 'first' THEN (ARRAY_AGG(r."pointsAwarded" ORDER BY r."attempt" ASC))[1]
            ELSE MAX(r."pointsAwarded")
          END AS best
        FROM "QuizResponse" r JOIN "Question" qs ON qs."id" = r."questionId"
        WHERE TRUE ${onlyThese(Prisma.sql`r."userId"`)}
        GROUP BY r."userId", r."questionId", qs."scoring"
      ) b
      JOIN "Question" q ON q."id" = b."questionId" AND q."retiredAt" IS NULL
      GROUP BY 1, 2`,
  ])
  const out = new Map<string, StudentFacts>()
  const entry = (userId: string) => {
    let e = out.get(userId)
    if (!e) out.set(userId, (e = { submissions: [], extensions: [], overrides: [], quizzes: [] }))
    return e
  }
  for (const id of ids ?? []) entry(id)
  for (const s of submissions) {
    entry(s.userId).submissions.push({
      id: s.id,
      assignmentId: s.assignmentId,
      number: s.number,
      createdAt: new Date(s.createdAt),
      status: s.status,
      lateSeconds: Number(s.lateSeconds),
      rawScore: s.score === null ? null : Number(s.score),
      maxScore: s.maxScore === null ? null : Number(s.maxScore),
    })
  }
  for (const e of extensions) entry(e.userId).extensions.push({ assignmentId: e.assignmentId, dueAt: e.dueAt, reason: e.reason })
  for (const o of overrides) {
    entry(o.userId).overrides.push({
      assignmentId: o.assignmentId,
      submissionId: o.submissionId,
      score: Number(o.score),
      comment: o.comment,
      at: new Date(o.createdAt),
      by: o.by,
    })
  }
  for (const q of quizzes) entry(q.userId).quizzes.push({ lectureId: q.lectureId, points: Number(q.points), answered: Number(q.answered) })
  return out
}

export const EMPTY_FACTS: StudentFacts = { submissions: [], extensions: [], overrides: [], quizzes: [] }

export async function loadStudents(): Promise<Student[]> {
  return prisma.user.findMany({
    where: { role: 'STUDENT' },
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
    select: { id: true, email: true, name: true, section: true },
  })
}
