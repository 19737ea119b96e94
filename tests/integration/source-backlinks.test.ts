// Back-links on the source viewer (security review L3): a question's sources point at the code that answers it, so
// a student sees a question's link only once they have finished the question; chapters are for everyone, staff see
// every question. Real course content in the real PostgreSQL.
import { beforeAll, describe, expect, it } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'
import { prisma } from '@/lib/db/prisma'
import { backLinksFor } from '@/lib/source/backlinks'

import { createUser, syncRealContent } from '../support/fixtures'

const PATH = 'Python/ceval.c'
type Q = { id: string; attempts: number; atSeconds: number; lecture: { slug: string } }
let questions: Q[]

beforeAll(async () => {
  await syncRealContent()
  const all = await prisma.question.findMany({
    where: { retiredAt: null },
    select: { id: true, attempts: true, atSeconds: true, sources: true, lecture: { select: { slug: true } } },
  })
  questions = all.filter((q) => Array.isArray(q.sources) && (q.sources as { path?: string }[]).some((s) => s?.path === PATH))
})

const questionHrefs = async (viewer: SessionUser) => (await backLinksFor(PATH, viewer)).filter((l) => l.kind === 'question').map((l) => l.href)
const hrefOf = (q: Q) => `/lectures/${q.lecture.slug}?t=${q.atSeconds}`

async function answer(userId: string, q: Q, correct: boolean, attempt = 1) {
  await prisma.quizResponse.create({ data: { userId, questionId: q.id, attempt, answer: { choice: 'x' }, correct, pointsAwarded: correct ? 1 : 0 } })
}

describe('source back-links to quiz questions', () => {
  it('shows a student no question before answering, but the chapters', async () => {
    expect(questions.length).toBeGreaterThan(1)
    const s = await createUser('STUDENT')
    expect(await questionHrefs(s)).toEqual([])
    expect((await backLinksFor(PATH, s)).some((l) => l.kind === 'chapter')).toBe(true)
  })

  it('shows a student the questions they finished: answered correctly, or out of attempts', async () => {
    const s = await createUser('STUDENT')
    const [right, wrong] = questions
    await answer(s.id, right!, true)
    await answer(s.id, wrong!, false)
    const expected = [hrefOf(right!)]
    // a wrong answer finishes the question only when it used the last attempt
    if (wrong!.attempts === 1) expected.push(hrefOf(wrong!))
    expect((await questionHrefs(s)).sort()).toEqual([...new Set(expected)].sort())
    // another student's answers change nothing for this one
    expect(await questionHrefs(await createUser('STUDENT'))).toEqual([])
  })

  it('keeps an unfinished question with attempts left hidden', async () => {
    const s = await createUser('STUDENT')
    const q = questions[0]!
    await prisma.question.update({ where: { id: q.id }, data: { attempts: 3 } })
    try {
      await answer(s.id, q, false, 1)
      await answer(s.id, q, false, 2)
      expect(await questionHrefs(s)).not.toContain(hrefOf(q))
      await answer(s.id, q, false, 3)
      expect(await questionHrefs(s)).toContain(hrefOf(q))
    } finally {
      await prisma.question.update({ where: { id: q.id }, data: { attempts: q.attempts } })
    }
  })

  it('shows TAs and instructors every question', async () => {
    for (const role of ['TA', 'INSTRUCTOR'] as const) {
      const staff = await createUser(role)
      expect((await questionHrefs(staff)).sort()).toEqual([...new Set(questions.map(hrefOf))].sort())
    }
  })
})
