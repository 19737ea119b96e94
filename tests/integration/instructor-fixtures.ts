// Shared by the instructor-*/grades-* integration tests: students, submissions and finished runs written straight
// to the database (grading itself is the worker's business and is tested elsewhere).
import { createHash } from 'node:crypto'

import { prisma } from '@/lib/db/prisma'

let n = 0

export async function student(name: string, section: string | null = null, role: 'STUDENT' | 'TA' | 'INSTRUCTOR' = 'STUDENT') {
  n++
  return prisma.user.create({ data: { email: `s${n}-${Date.now()}@example.edu`, name, section, role } })
}

/** A GRADED submission with one finished INITIAL run (score null = still queued, or waiting for manual grading). */
export async function gradedSubmission(args: {
  userId: string
  assignmentId: string
  createdAt: Date
  lateSeconds?: number
  score: number | null
  maxScore?: number
  status?: 'GRADED' | 'QUEUED' | 'NEEDS_MANUAL'
  number?: number
}) {
  const last = await prisma.submission.aggregate({ where: { userId: args.userId, assignmentId: args.assignmentId }, _max: { number: true } })
  const patch = `--- a/Python/ceval.c\n+++ b/Python/ceval.c\n@@ -1,1 +1,1 @@\n-x\n+y${n++}\n`
  const status = args.status ?? (args.score === null ? 'QUEUED' : 'GRADED')
  const sub = await prisma.submission.create({
    data: {
      userId: args.userId,
      assignmentId: args.assignmentId,
      number: args.number ?? (last._max.number ?? 0) + 1,
      kind: 'GRADED',
      source: 'PASTE',
      patch,
      patchSha256: createHash('sha256').update(patch).digest('hex'),
      patchBytes: patch.length,
      patchFiles: [{ path: 'Python/ceval.c', added: 1, removed: 1, hunks: 1 }],
      status,
      createdAt: args.createdAt,
      lateSeconds: args.lateSeconds ?? 0,
    },
  })
  const done = status === 'GRADED' || status === 'NEEDS_MANUAL'
  const run = await prisma.gradingRun.create({
    data: {
      submissionId: sub.id,
      reason: 'INITIAL',
      status: done ? 'DONE' : 'QUEUED',
      createdAt: args.createdAt,
      enqueuedAt: args.createdAt,
      finishedAt: done ? args.createdAt : null,
      score: status === 'GRADED' ? args.score : null,
      maxScore: args.maxScore ?? 100,
      cpythonVersion: done ? '2.7.8' : null,
      cpythonVerified: done ? true : null,
      buildOk: done ? true : null,
      buildLog: done ? 'make: ok' : null,
    },
  })
  if (done) {
    await prisma.testResult.create({
      data: { runId: run.id, position: 0, name: 'secret_case', visibility: 'HIDDEN', status: 'PASSED', points: 1, maxPoints: 1, durationMs: 10 },
    })
    await prisma.submission.update({ where: { id: sub.id }, data: { currentRunId: run.id } })
  }
  return { ...sub, runId: run.id }
}

export async function assignmentBySlug(slug: string) {
  return prisma.assignment.findUniqueOrThrow({ where: { slug } })
}

export const asSessionUser = (u: { id: string; email: string; name: string | null; role: 'STUDENT' | 'TA' | 'INSTRUCTOR' }) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
})
