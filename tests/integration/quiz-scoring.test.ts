import { beforeAll, describe, expect, it } from 'vitest'

import { lectureProgress } from '@/lib/course/overview'
import { prisma } from '@/lib/db/prisma'
import { studentGrades } from '@/lib/grades/student'
import { AppError } from '@/lib/http/errors'
import { questionResult, questionStatuses, submitAnswer } from '@/lib/quiz/responses'

import { syncRealContent } from '../support/fixtures'

import { student } from './instructor-fixtures'

// A question's scoring rule (best, latest, first) decides which attempt counts, the same way in the student's
// standing, "My grades" (and so the gradebook and exports, which read the same facts) and the lecture list.

beforeAll(async () => {
  await syncRealContent()
})

describe('quiz scoring rules', () => {
  it('best, latest and first count the right attempt everywhere', async () => {
    const questions = await prisma.question.findMany({ where: { retiredAt: null, lecture: { number: 1 } }, orderBy: { id: 'asc' }, take: 3 })
    expect(questions).toHaveLength(3)
    const rules = ['best', 'latest', 'first'] as const
    // three attempts each, worth 0.5, 1 and 0 of the points: best → 1, latest → 0, first → 0.5
    await Promise.all(questions.map((q, i) => prisma.question.update({ where: { id: q.id }, data: { scoring: rules[i], attempts: 3 } })))
    const someone = await student('Sam Scoring', 'A')
    for (const q of questions) {
      await prisma.quizResponse.createMany({
        data: [
          { userId: someone.id, questionId: q.id, attempt: 1, answer: { choice: 'a' }, correct: false, pointsAwarded: q.points / 2 },
          { userId: someone.id, questionId: q.id, attempt: 2, answer: { choice: 'b' }, correct: false, pointsAwarded: q.points },
          { userId: someone.id, questionId: q.id, attempt: 3, answer: { choice: 'c' }, correct: false, pointsAwarded: 0 },
        ],
      })
    }
    const expected = [questions[0].points, 0, questions[2].points / 2]
    const statuses = await questionStatuses(someone.id, questions[0].lectureId)
    expect(questions.map((q) => statuses[q.id].bestPoints)).toEqual(expected)

    const sum = expected.reduce((a, b) => a + b, 0)
    const grades = await studentGrades(someone.id)
    expect(grades.quizzes.find((x) => x.lecture.id === questions[0].lectureId)).toMatchObject({ points: sum, answered: 3 })
    const progress = await lectureProgress(someone.id)
    expect(progress.get(questions[0].lectureId)?.quizPoints).toBe(sum)
  })
})

describe('quiz reveal rules', () => {
  it("reveal: never keeps a finished question's key and explanation from the student", async () => {
    const q = await prisma.question.findFirstOrThrow({ where: { retiredAt: null, type: 'SINGLE' }, orderBy: { id: 'desc' } })
    await prisma.question.update({ where: { id: q.id }, data: { reveal: 'never', attempts: 1 } })
    const someone = await student('Rae Reveal', 'A')
    const choice = (q.choices as { id: string }[])[0].id
    const outcome = await submitAnswer({ userId: someone.id, questionId: q.id, answer: { choice } })
    expect(outcome.status.finished).toBe(true)
    expect(outcome.reveal).toBeNull()
    const refused = await questionResult(someone.id, q.id).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AppError)
    expect(refused).toMatchObject({ status: 403, code: 'not_revealed' })

    // the default, 'finished', reveals as before
    await prisma.question.update({ where: { id: q.id }, data: { reveal: 'finished' } })
    expect((await questionResult(someone.id, q.id)).reveal.explanationHtml.length).toBeGreaterThan(0)
  })
})
