import { beforeAll, describe, expect, it } from 'vitest'

import { signInRefusal } from '@/lib/auth/users'
import { prisma } from '@/lib/db/prisma'
import { grantExtension, removeExtension } from '@/lib/extensions/extensions'
import { loadGradebook } from '@/lib/gradebook/gradebook'
import { gradebookCells } from '@/lib/gradebook/gradebook'
import { overrideHistory, setManualScore } from '@/lib/grades/overrides'
import { studentGrades } from '@/lib/grades/student'
import { assignmentStanding } from '@/lib/homework/standing'
import { getSubmissionView } from '@/lib/submissions/view'
import { AppError } from '@/lib/http/errors'
import { parseRosterCsv } from '@/lib/roster/parse'
import { changeRole, importRoster, setAllowedDomains } from '@/lib/roster/roster'

import { syncRealContent } from '../support/fixtures'

import { assignmentBySlug, gradedSubmission, student } from './instructor-fixtures'

const DAY = 86400
const NOW = new Date('2026-12-20T12:00:00Z')

beforeAll(async () => {
  await syncRealContent()
})

async function error(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x) => x,
  )
  expect(e).toBeInstanceOf(AppError)
  return e as AppError
}

describe('the student view and the gradebook agree', () => {
  it('for penalties, the late-day budget, overrides and quizzes', async () => {
    const a = await assignmentBySlug('opcode-counter')
    const b = await assignmentBySlug('string-caesar')
    const manual = await assignmentBySlug('annotate-int-add')
    // two assignments share the late-day budget (5 days in course.yaml)
    await prisma.assignment.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { latePolicy: 'BUDGET' } })
    const alice = await student('Alice Budget', 'A')
    const covered = await gradedSubmission({
      userId: alice.id,
      assignmentId: a.id,
      createdAt: new Date(a.dueAt.getTime() + 3 * DAY * 1000),
      lateSeconds: 3 * DAY,
      score: 90,
    })
    // 3 more days: only 2 left in the budget → scores 0, the earlier on-time attempt counts instead
    await gradedSubmission({ userId: alice.id, assignmentId: b.id, createdAt: new Date(b.dueAt.getTime() - 3600_000), score: 40 })
    const uncovered = await gradedSubmission({
      userId: alice.id,
      assignmentId: b.id,
      createdAt: new Date(b.dueAt.getTime() + 3 * DAY * 1000),
      lateSeconds: 3 * DAY,
      score: 100,
    })
    const waiting = await gradedSubmission({
      userId: alice.id,
      assignmentId: manual.id,
      createdAt: new Date(manual.dueAt.getTime() - DAY * 1000),
      score: null,
      status: 'NEEDS_MANUAL',
      maxScore: 50,
    })
    const q = await prisma.question.findFirstOrThrow({ where: { retiredAt: null }, orderBy: { id: 'asc' } })
    await prisma.quizResponse.createMany({
      data: [
        { userId: alice.id, questionId: q.id, attempt: 1, answer: { choice: 'a' }, correct: false, pointsAwarded: 0 },
        { userId: alice.id, questionId: q.id, attempt: 2, answer: { choice: 'b' }, correct: true, pointsAwarded: q.points },
      ],
    })

    const mine = await studentGrades(alice.id, NOW)
    const byId = new Map(mine.assignments.map((g) => [g.assignment.id, g]))
    expect(byId.get(a.id)).toMatchObject({ status: 'graded', score: 90 })
    expect(byId.get(b.id)).toMatchObject({ status: 'graded', score: 40 })
    expect(byId.get(manual.id)).toMatchObject({ status: 'pending', score: null })
    expect(mine.lateDays).toEqual({ budget: 5, used: 3, remaining: 2 })
    expect(mine.quizzes.find((x) => x.lecture.id === q.lectureId)).toMatchObject({ points: q.points, answered: 1 })

    const book = await loadGradebook(NOW)
    const row = book.rows.find((r) => r.id === alice.id)!
    expect(row.cells).toEqual(gradebookCells(mine))

    // the homework page's standing shows the same scores and the budget
    const standing = await assignmentStanding(alice.id, b.id, NOW)
    expect(standing.counted?.score).toBe(40)
    expect(standing.submissions.map((s) => s.score).sort()).toEqual([0, 40])
    expect(standing.lateDays).toEqual({ budget: 5, used: 3, remaining: 2 })

    // the submission page applies the budget the same way
    const aliceAsUser = { id: alice.id, email: alice.email, name: alice.name, role: 'STUDENT' as const }
    expect((await getSubmissionView(covered.id, aliceAsUser)).current).toMatchObject({ rawScore: 90, score: 90 })
    expect((await getSubmissionView(uncovered.id, aliceAsUser)).current).toMatchObject({ rawScore: 100, score: 0 })

    // an instructor grades the annotation by hand: the newest override wins everywhere, history is kept
    const prof = await student('Prof', null, 'INSTRUCTOR')
    await setManualScore({ userId: alice.id, assignmentId: manual.id, submissionId: waiting.id, score: 30, comment: 'thin on ceval', byId: prof.id })
    await new Promise((r) => setTimeout(r, 5))
    await setManualScore({
      userId: alice.id,
      assignmentId: manual.id,
      submissionId: waiting.id,
      score: 42.5,
      comment: 'regraded after office hours',
      byId: prof.id,
    })
    const after = await studentGrades(alice.id, NOW)
    expect(after.assignments.find((g) => g.assignment.id === manual.id)).toMatchObject({ status: 'override', score: 42.5 })
    const history = await overrideHistory(alice.id, manual.id)
    expect(history.map((h) => [h.score, h.by])).toEqual([
      [42.5, prof.email],
      [30, prof.email],
    ])
    expect((await loadGradebook(NOW)).rows.find((r) => r.id === alice.id)!.cells).toEqual(gradebookCells(after))

    expect((await error(setManualScore({ userId: alice.id, assignmentId: manual.id, score: 51, comment: 'x', byId: prof.id }))).code).toBe('score_out_of_range')
    expect((await error(setManualScore({ userId: alice.id, assignmentId: manual.id, score: 5, comment: '  ', byId: prof.id }))).code).toBe('comment_required')
    const bob = await student('Bob')
    expect(
      (await error(setManualScore({ userId: bob.id, assignmentId: manual.id, submissionId: waiting.id, score: 5, comment: 'x', byId: prof.id }))).code,
    ).toBe('wrong_submission')
    await prisma.assignment.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { latePolicy: 'PENALTY' } })
  })
})

describe('extensions', () => {
  it('re-measure the student’s lateness when granted, shortened and removed, and touch nobody else', async () => {
    const a = await assignmentBySlug('function-calls')
    const carol = await student('Carol')
    const dave = await student('Dave')
    const prof = await student('Prof Ext', null, 'INSTRUCTOR')
    const twoDaysLate = new Date(a.dueAt.getTime() + 2 * DAY * 1000 - 60_000)
    const c1 = await gradedSubmission({ userId: carol.id, assignmentId: a.id, createdAt: twoDaysLate, lateSeconds: 2 * DAY - 60, score: 80 })
    const d1 = await gradedSubmission({ userId: dave.id, assignmentId: a.id, createdAt: twoDaysLate, lateSeconds: 2 * DAY - 60, score: 80 })
    const before = await studentGrades(carol.id, NOW)
    expect(before.assignments.find((g) => g.assignment.id === a.id)!.score).toBe(64) // 2 days × 10%

    const granted = await grantExtension({
      userId: carol.id,
      assignmentId: a.id,
      dueAt: new Date(a.dueAt.getTime() + 3 * DAY * 1000),
      reason: 'illness',
      grantedById: prof.id,
    })
    expect(granted).toMatchObject({ earlierThanDeadline: false, latenessChanged: 1 })
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: c1.id } })).lateSeconds).toBe(0)
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: d1.id } })).lateSeconds).toBe(2 * DAY - 60)
    expect((await studentGrades(carol.id, NOW)).assignments.find((g) => g.assignment.id === a.id)).toMatchObject({ score: 80, extended: true })

    // shortened to before the original deadline: on purpose, allowed, and said
    const shorter = await grantExtension({
      userId: carol.id,
      assignmentId: a.id,
      dueAt: new Date(a.dueAt.getTime() - DAY * 1000),
      reason: 'leaving early',
      grantedById: prof.id,
    })
    expect(shorter).toMatchObject({ earlierThanDeadline: true, latenessChanged: 1 })
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: c1.id } })).lateSeconds).toBe(3 * DAY - 60)

    const removed = await removeExtension({ userId: carol.id, assignmentId: a.id })
    expect(removed).toMatchObject({ removed: true, latenessChanged: 1 })
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: c1.id } })).lateSeconds).toBe(2 * DAY - 60)
    expect((await removeExtension({ userId: carol.id, assignmentId: a.id })).removed).toBe(false)
    expect((await error(grantExtension({ userId: 'nobody', assignmentId: a.id, dueAt: new Date(), reason: '', grantedById: prof.id }))).status).toBe(404)
  })
})

describe('roster, domains and roles', () => {
  it('imports a roster that then decides who may sign in as a student', async () => {
    const existing = await student(null as unknown as string)
    const parsed = parseRosterCsv(`email,name,section\n${existing.email.toUpperCase()},"Núñez, José",B\nzoe@roster.example.edu,Zoë,A\n`)
    expect(parsed.problems).toEqual([])
    expect(await importRoster(parsed.entries, { replace: false })).toEqual({ added: 2, updated: 0, removed: 0, usersUpdated: 1 })
    expect(await prisma.user.findUniqueOrThrow({ where: { id: existing.id } })).toMatchObject({ name: 'Núñez, José', section: 'B' })
    expect(await signInRefusal('zoe@roster.example.edu')).toBeNull()
    expect(await signInRefusal('mallory@elsewhere.example.com')).toMatch(/not on this course's roster/)
    await setAllowedDomains(['elsewhere.example.com'])
    expect(await signInRefusal('mallory@elsewhere.example.com')).toBeNull()
    await setAllowedDomains([])

    const replaced = await importRoster(parseRosterCsv('only@roster.example.edu,Only\n').entries, { replace: true })
    expect(replaced).toMatchObject({ added: 1, removed: 2 })
    expect(await signInRefusal('zoe@roster.example.edu')).toMatch(/not on this course's roster/)
    await prisma.rosterEntry.deleteMany()
  })

  it('changes roles and locks them, but never one’s own or the last instructor’s', async () => {
    await prisma.user.updateMany({ where: { role: 'INSTRUCTOR' }, data: { role: 'STUDENT' } })
    const prof = await student('Only Prof', null, 'INSTRUCTOR')
    const ta = await student('Future TA')
    expect(await changeRole({ actorId: prof.id, userId: ta.id, role: 'TA' })).toMatchObject({ role: 'TA' })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: ta.id } })).roleLocked).toBe(true)
    expect((await error(changeRole({ actorId: prof.id, userId: prof.id, role: 'STUDENT' }))).code).toBe('own_role')
    expect((await error(changeRole({ actorId: ta.id, userId: prof.id, role: 'STUDENT' }))).code).toBe('last_instructor')
  })
})
