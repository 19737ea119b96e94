// The gradebook reads the database in a fixed number of statements whatever the roster size (no query per student).
// The app's Prisma singleton is replaced, before anything imports it, by one that reports every statement.
import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, describe, expect, it } from 'vitest'

import { PrismaClient } from '@/lib/db/generated/client'

const counting = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }), log: [{ emit: 'event', level: 'query' }] })
let statements = 0
counting.$on('query', () => statements++)
;(globalThis as { cpythonCoursePrisma?: unknown }).cpythonCoursePrisma = counting

afterAll(async () => {
  await counting.$disconnect()
})

async function addStudents(count: number, offset: number) {
  const { gradedSubmission, student } = await import('./instructor-fixtures')
  const { prisma } = await import('@/lib/db/prisma')
  const assignments = await prisma.assignment.findMany({ take: 3, orderBy: { slug: 'asc' } })
  const question = await prisma.question.findFirstOrThrow()
  for (let i = 0; i < count; i++) {
    const s = await student(`Q ${offset + i}`, i % 2 ? 'A' : 'B')
    for (const a of assignments) await gradedSubmission({ userId: s.id, assignmentId: a.id, createdAt: new Date(a.dueAt.getTime() - 3600_000), score: 50 + i })
    await prisma.quizResponse.create({ data: { userId: s.id, questionId: question.id, attempt: 1, answer: { choice: 'a' }, correct: true, pointsAwarded: 1 } })
    await prisma.extension.create({ data: { userId: s.id, assignmentId: assignments[0]!.id, dueAt: new Date() } })
    await prisma.scoreOverride.create({ data: { userId: s.id, assignmentId: assignments[1]!.id, score: 1, comment: 'x' } })
  }
}

describe('the gradebook', () => {
  it('issues the same handful of SQL statements for 3 students and for 40', async () => {
    const { syncRealContent } = await import('../support/fixtures')
    const { loadGradebook } = await import('@/lib/gradebook/gradebook')
    await syncRealContent()
    await addStudents(3, 0)
    statements = 0
    const small = await loadGradebook()
    const few = statements
    await addStudents(37, 3)
    statements = 0
    const large = await loadGradebook()
    expect(small.rows).toHaveLength(3)
    expect(large.rows).toHaveLength(40)
    expect(statements).toBe(few)
    expect(few).toBeGreaterThan(0)
    expect(few).toBeLessThanOrEqual(10)
  })
})
