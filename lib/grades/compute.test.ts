import { describe, expect, it } from 'vitest'

import type { LatePolicy } from '@/lib/policy/late'

import { gradeStudent } from './compute'
import { explainAssignment, explainSubmission } from './explain'
import { lateDayLedger } from './late-days'
import type { AssignmentFact, CourseFacts, StudentFacts, SubmissionFact } from './types'

const DAY = 86400
const penalty: LatePolicy = { mode: 'PENALTY', penaltyPerDay: 10, maxPenalty: 50, cutoffDays: 7 }
const budget: LatePolicy = { mode: 'BUDGET', penaltyPerDay: 0, maxPenalty: 0, cutoffDays: null }

function assignment(id: string, over: Partial<AssignmentFact> = {}): AssignmentFact {
  return {
    id,
    slug: id,
    title: id.toUpperCase(),
    kind: 'PATCH',
    maxScore: 100,
    dueAt: new Date('2026-10-15T23:59:00-04:00'),
    lectureNumber: null,
    policy: penalty,
    maxSubmissions: null,
    submissionsPerHour: null,
    selection: 'BEST',
    ...over,
  }
}

let seq = 0
function sub(assignmentId: string, at: string, lateSeconds: number, rawScore: number | null, over: Partial<SubmissionFact> = {}): SubmissionFact {
  seq++
  return {
    id: `s${String(seq).padStart(3, '0')}`,
    assignmentId,
    number: seq,
    createdAt: new Date(at),
    status: rawScore === null ? 'QUEUED' : 'GRADED',
    lateSeconds,
    rawScore,
    maxScore: 100,
    ...over,
  }
}

const course = (assignments: AssignmentFact[], lateDayBudget = 3): CourseFacts => ({
  assignments,
  lectures: [
    { id: 'L1', number: 1, slug: 'one', title: 'One', questionCount: 3, maxPoints: 3 },
    { id: 'L2', number: 2, slug: 'two', title: 'Two', questionCount: 2, maxPoints: 4 },
    { id: 'L3', number: 3, slug: 'three', title: 'No quiz', questionCount: 0, maxPoints: 0 },
  ],
  settings: { lateDayBudget, weights: { homework: 0.8, quizzes: 0.2 } },
})
const facts = (over: Partial<StudentFacts> = {}): StudentFacts => ({ submissions: [], extensions: [], overrides: [], quizzes: [], ...over })
const NOW = new Date('2026-12-01T12:00:00Z')

describe('lateDayLedger', () => {
  const a = [assignment('a', { policy: budget }), assignment('b', { policy: budget }), assignment('c')]
  it('consumes the budget in submission order across assignments, ignoring other policies', () => {
    const subs = [
      sub('b', '2026-10-20T10:00:00Z', 2 * DAY, 90), // b: 2 days
      sub('c', '2026-10-19T10:00:00Z', 5 * DAY, 90), // penalty mode: not in the ledger
      sub('a', '2026-10-18T10:00:00Z', 1, 80), // a: 1 day (first in time)
      sub('a', '2026-10-21T10:00:00Z', 3 * DAY, 95), // a again, 3 days: 2 more, only 0 left → not covered
    ]
    const ledger = lateDayLedger(3, a, subs)
    expect([...ledger.charges.entries()].map(([id, c]) => [id, c.days, c.charged, c.covered])).toEqual([
      [subs[2]!.id, 1, 1, true],
      [subs[0]!.id, 2, 2, true],
      [subs[3]!.id, 3, 0, false],
    ])
    expect([ledger.used, ledger.remaining]).toEqual([3, 0])
  })
  it('charges only the extra days when a later submission to the same assignment is later still', () => {
    const subs = [sub('a', '2026-10-16T10:00:00Z', DAY, 50), sub('a', '2026-10-17T10:00:00Z', 2 * DAY, 70), sub('a', '2026-10-17T11:00:00Z', 2 * DAY, 71)]
    const ledger = lateDayLedger(5, a, subs)
    expect(subs.map((s) => ledger.charges.get(s.id)!.charged)).toEqual([1, 1, 0])
    expect(ledger.remaining).toBe(3)
  })
  it('exactly at the deadline costs nothing; one second late costs a day', () => {
    const subs = [sub('a', '2026-10-15T23:59:00-04:00', 0, 50), sub('b', '2026-10-16T00:00:00-04:00', 1, 50)]
    const ledger = lateDayLedger(1, a, subs)
    expect(subs.map((s) => ledger.charges.get(s.id)!.charged)).toEqual([0, 1])
  })
})

describe('gradeStudent', () => {
  it('applies the penalty and counts the best final score, not the best raw one', () => {
    const a = assignment('a')
    const s1 = sub('a', '2026-10-14T10:00:00Z', 0, 70)
    const s2 = sub('a', '2026-10-18T10:00:00Z', 3 * DAY, 90) // 90 − 30% = 63
    const g = gradeStudent(course([a]), facts({ submissions: [s1, s2] }), NOW)
    const ag = g.assignments[0]!
    expect(ag.counted?.id).toBe(s1.id)
    expect(ag.submissions.find((s) => s.id === s2.id)).toMatchObject({ score: 63, penaltyPercent: 30, penaltyPoints: 27, daysLate: 3 })
    expect([ag.status, ag.score]).toEqual(['graded', 70])
  })

  it('latest: counts the newest graded submission even when it is worse', () => {
    const a = assignment('a', { selection: 'LATEST' })
    const g = gradeStudent(
      course([a]),
      facts({ submissions: [sub('a', '2026-10-10T10:00:00Z', 0, 95), sub('a', '2026-10-11T10:00:00Z', 0, 40), sub('a', '2026-10-12T10:00:00Z', 0, null)] }),
      NOW,
    )
    expect(g.assignments[0]!.score).toBe(40)
  })

  it('uses the late-day budget: covered submissions keep their score, uncovered ones score 0', () => {
    const a = assignment('a', { policy: budget })
    const b = assignment('b', { policy: budget })
    const g = gradeStudent(
      course([a, b], 2),
      facts({ submissions: [sub('a', '2026-10-17T10:00:00Z', 2 * DAY, 88), sub('b', '2026-10-18T10:00:00Z', 1, 99)] }),
      NOW,
    )
    expect(g.assignments.map((x) => x.score)).toEqual([88, 0])
    expect(g.lateDays).toEqual({ budget: 2, used: 2, remaining: 0 })
    expect(explainSubmission(g.assignments[1]!.submissions[0]!, g.assignments[1]!)).toMatch(/more than the late-day budget had left, so it scores 0/)
    expect(explainSubmission(g.assignments[0]!.submissions[0]!, g.assignments[0]!)).toMatch(/covered by the late-day budget: it used 2 late days/)
  })

  it('an override wins over the automatic score and is explained', () => {
    const a = assignment('a', { kind: 'ANNOTATION', maxScore: 50 })
    const s = sub('a', '2026-10-14T10:00:00Z', 0, null, { status: 'NEEDS_MANUAL' })
    const pending = gradeStudent(course([a]), facts({ submissions: [s] }), NOW)
    expect([pending.assignments[0]!.status, pending.assignments[0]!.score, pending.assignments[0]!.countsTowardTotal]).toEqual(['pending', null, false])
    const g = gradeStudent(
      course([a]),
      facts({ submissions: [s], overrides: [{ assignmentId: 'a', submissionId: s.id, score: 45, comment: 'thorough', at: NOW, by: 'prof@x.edu' }] }),
      NOW,
    )
    expect([g.assignments[0]!.status, g.assignments[0]!.score]).toEqual(['override', 45])
    expect(explainAssignment(g.assignments[0]!)[0]).toBe('An instructor set the score to 45 / 50: “thorough”')
  })

  it('an extension moves the deadline, even to an earlier date, and a missing assignment counts 0 only after it', () => {
    const a = assignment('a')
    const early = new Date('2026-10-10T23:59:00-04:00')
    const before = new Date('2026-10-12T12:00:00Z')
    expect(gradeStudent(course([a]), facts(), before).assignments[0]!.status).toBe('open')
    const g = gradeStudent(course([a]), facts({ extensions: [{ assignmentId: 'a', dueAt: early, reason: 'leaving early' }] }), before)
    expect(g.assignments[0]).toMatchObject({ deadline: early, extended: true, status: 'missing', score: 0, countsTowardTotal: true })
  })

  it('weights the categories from the course file over what is graded so far', () => {
    const a = assignment('a')
    const b = assignment('b', { maxScore: 50, dueAt: new Date('2027-01-01T00:00:00Z') })
    const g = gradeStudent(
      course([a, b]),
      facts({
        submissions: [sub('a', '2026-10-14T10:00:00Z', 0, 80)],
        quizzes: [
          { lectureId: 'L1', points: 3, answered: 3 },
          { lectureId: 'L2', points: 1, answered: 1 },
        ],
      }),
      NOW,
    )
    expect(g.homework).toMatchObject({ earned: 80, possible: 100, percent: 80 })
    expect(g.quizTotal).toMatchObject({ earned: 4, possible: 7, percent: 57.14 })
    // (0.8 × 80 + 0.2 × 57.142857) / 1.0
    expect(g.total).toBe(75.43)
    expect(g.quizzes.map((q) => q.lecture.id)).toEqual(['L1', 'L2'])
  })
})
