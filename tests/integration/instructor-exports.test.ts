import { beforeAll, describe, expect, it } from 'vitest'

import { parseCsv } from '@/lib/csv/csv'
import { prisma } from '@/lib/db/prisma'
import { assignmentCsv, canvasGradebookCsv } from '@/lib/gradebook/exports'
import { loadGradebook } from '@/lib/gradebook/gradebook'
import { quizAnalytics, quizAnalyticsCsv } from '@/lib/gradebook/quiz-analytics'

import { syncRealContent } from '../support/fixtures'

import { assignmentBySlug, gradedSubmission, student } from './instructor-fixtures'

const NAMES = ['Núñez, José "Pepe"', 'Zoë\nO’Brien', '李小龍', '=cmd|calc', 'Ølaf, Åsa']
const NOW = new Date('2026-12-20T12:00:00Z')

beforeAll(async () => {
  await syncRealContent()
})

describe('the Canvas gradebook export', () => {
  it('round-trips through the CSV parser with commas, quotes, newlines and non-ASCII names, matching the gradebook', async () => {
    const a = await assignmentBySlug('opcode-counter')
    const people = []
    for (const [i, name] of NAMES.entries()) {
      const s = await student(name, i % 2 ? 'Section, B' : 'A')
      await gradedSubmission({ userId: s.id, assignmentId: a.id, createdAt: new Date(a.dueAt.getTime() - 3600_000), score: 70 + i })
      people.push(s)
    }
    const csv = await canvasGradebookCsv(NOW)
    expect(csv.startsWith('\uFEFFStudent,ID,SIS User ID,SIS Login ID,Section,')).toBe(true)
    const rows = parseCsv(csv)
    const book = await loadGradebook(NOW)
    const items = book.columns.filter((c) => c.kind === 'assignment' || c.kind === 'quiz')
    expect(rows[0]).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', ...items.map((c) => c.label)])
    expect(rows[1]).toEqual(['Points Possible', '', '', '', '', ...items.map((c) => String(c.max))])
    expect(rows).toHaveLength(2 + book.rows.length)
    const col = rows[0]!.indexOf(items.find((c) => c.ref === 'opcode-counter')!.label)
    for (const [i, s] of people.entries()) {
      const row = rows.find((r) => r[3] === s.email)!
      // a name that looks like a formula is neutralised with a leading apostrophe; everything else is exact
      expect(row[0]).toBe(NAMES[i]!.startsWith('=') ? `'${NAMES[i]}` : NAMES[i])
      expect(row[4]).toBe(i % 2 ? 'Section, B' : 'A')
      expect(row[col]).toBe(String(70 + i))
    }
  })

  it('exports one assignment with the arithmetic per student', async () => {
    const a = await assignmentBySlug('string-caesar')
    const late = await student('Late, Larry')
    await gradedSubmission({ userId: late.id, assignmentId: a.id, createdAt: new Date(a.dueAt.getTime() + 86400_000 + 1000), lateSeconds: 86401, score: 80 })
    const rows = parseCsv(await assignmentCsv('string-caesar', NOW))
    const header = rows[0]!
    const row = rows.find((r) => r[1] === late.email)!
    const get = (name: string) => row[header.indexOf(name)]
    expect(get('Student')).toBe('Late, Larry')
    expect([get('Days late'), get('Raw score'), get('Late penalty %'), get('Late penalty points'), get('Score'), get('Status')]).toEqual([
      '2',
      '80',
      '20',
      '16',
      '64',
      'graded',
    ])
    await expect(assignmentCsv('no-such-assignment')).rejects.toMatchObject({ status: 404 })
  })
})

describe('quiz analytics', () => {
  it('counts responses, first-try correctness and the most common wrong answers, from students only', async () => {
    const q = await prisma.question.findFirstOrThrow({ where: { type: 'SINGLE', retiredAt: null }, orderBy: { id: 'asc' } })
    const key = q.answerKey as { choice?: string } | string as unknown
    const right = typeof key === 'string' ? key : ((key as { choice?: string }).choice ?? 'a')
    const wrong = ['a', 'b', 'c', 'd'].filter((c) => c !== right)
    const students = await Promise.all([1, 2, 3, 4].map((i) => student(`Quiz ${i}`)))
    const ta = await student('Curious TA', null, 'TA')
    const data = [
      // first try right
      { userId: students[0]!.id, attempt: 1, choice: right, correct: true },
      // wrong, then right
      { userId: students[1]!.id, attempt: 1, choice: wrong[0]!, correct: false },
      { userId: students[1]!.id, attempt: 2, choice: right, correct: true },
      { userId: students[2]!.id, attempt: 1, choice: wrong[0]!, correct: false },
      { userId: students[3]!.id, attempt: 1, choice: wrong[1]!, correct: false },
      // staff responses do not count
      { userId: ta.id, attempt: 1, choice: wrong[2]!, correct: false },
    ]
    await prisma.quizResponse.createMany({
      data: data.map((d) => ({
        userId: d.userId,
        questionId: q.id,
        attempt: d.attempt,
        answer: { choice: d.choice },
        correct: d.correct,
        pointsAwarded: d.correct ? q.points : 0,
      })),
    })
    const stats = (await quizAnalytics()).find((x) => x.id === q.id)!
    expect(stats).toMatchObject({ responses: 5, students: 4, firstTries: 4, firstTryCorrectPercent: 25, eventuallyCorrectPercent: 50 })
    expect(stats.commonWrong.map((w) => [w.answer.slice(0, 2), w.count])).toEqual([
      [`${wrong[0]})`, 2],
      [`${wrong[1]})`, 1],
    ])
    const rows = parseCsv(await quizAnalyticsCsv())
    const row = rows.find((r) => r[1] === q.id)!
    expect(row.slice(6, 11)).toEqual(['5', '4', '4', '25', '50'])
    expect(row[11]!.startsWith(`${wrong[0]})`)).toBe(true)
  })
})
