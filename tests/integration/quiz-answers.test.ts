// Answering in-video questions against a real PostgreSQL (this file's own database): attempts are stored one
// row each, limits are enforced with 409, malformed answers get a 4xx and store nothing, and the key and
// explanation are sent only with the answer that finishes a question. The route handlers are called directly
// with a real session cookie (next-auth's encrypted JWT, checked against the database); everything is real.
import path from 'node:path'

import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'

/** Who the requests below are signed in as (a real session cookie for this user), or nobody. */
const auth = { user: null as SessionUser | null }
const cookieHeader = async (): Promise<Record<string, string>> => (auth.user ? { cookie: await sessionCookieFor(auth.user.id) } : {})

import { POST as postAnswer } from '@/app/api/questions/[id]/answers/route'
import { GET as getPreview } from '@/app/api/questions/[id]/preview/route'
import { GET as getResult } from '@/app/api/questions/[id]/result/route'
import type { ContentProblem } from '@/lib/content/errors'
import { loadLectures } from '@/lib/content/lectures'
import { syncContent, type CourseContent } from '@/lib/content/sync'
import { lectureProgress } from '@/lib/course/overview'
import { prisma } from '@/lib/db/prisma'
import { lecturePage } from '@/lib/lectures/view'
import { submitAnswer } from '@/lib/quiz/responses'
import { signOutEverywhere } from '@/lib/auth/session'

import { measureBlocking } from '../support/event-loop'

import { configureApp, sessionCookieFor } from './perimeter/session-cookie'

const FIXTURES = path.resolve('tests', 'e2e', 'fixtures')

async function syncFixtureLecture() {
  const problems: ContentProblem[] = []
  const lectures = loadLectures(FIXTURES, problems)
  expect(problems).toEqual([])
  await syncContent(prisma, { course: {} as CourseContent['course'], lectures, assignments: [] })
}

let seq = 0
async function user(role: SessionUser['role'] = 'STUDENT'): Promise<SessionUser> {
  const u = await prisma.user.create({ data: { email: `quiz-${role.toLowerCase()}-${++seq}-${Date.now()}@example.edu`, role } })
  return { id: u.id, email: u.email, name: u.name, role: u.role }
}

async function answerRequest(id: string, body: unknown, init: { raw?: string; contentType?: string; headers?: Record<string, string> } = {}) {
  const req = new Request(`http://localhost/api/questions/${id}/answers`, {
    method: 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json', ...(await cookieHeader()), ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  })
  return postAnswer(req, { params: Promise.resolve({ id }) })
}

const get = async (handler: typeof getResult, id: string) =>
  handler(new Request(`http://localhost/api/questions/${id}`, { headers: await cookieHeader() }), { params: Promise.resolve({ id }) })

async function rowsOf(u: SessionUser, questionId?: string) {
  return prisma.quizResponse.findMany({ where: { userId: u.id, ...(questionId ? { questionId } : {}) }, orderBy: [{ questionId: 'asc' }, { attempt: 'asc' }] })
}

beforeAll(async () => {
  configureApp()
  await syncFixtureLecture()
})

beforeEach(() => {
  auth.user = null
})

describe('POST /api/questions/:id/answers', () => {
  it('stores each attempt and sends the key and explanation only with the answer that finishes the question', async () => {
    const student = (auth.user = await user())
    const wrong = await answerRequest('e2e-q2-numeric', { answer: { value: 4 } })
    expect(wrong.status).toBe(201)
    const wrongBody = await wrong.json()
    expect(wrongBody).toMatchObject({ questionId: 'e2e-q2-numeric', attempt: 1, correct: false, pointsAwarded: 0, attemptsLeft: 1, reveal: null })
    expect(JSON.stringify(wrongBody)).not.toContain('E2E-EXPLANATION-NUMERIC')

    const right = await answerRequest('e2e-q2-numeric', { answer: { value: '3' } })
    expect(right.status).toBe(201)
    const rightBody = await right.json()
    expect(rightBody).toMatchObject({
      attempt: 2,
      correct: true,
      pointsAwarded: 1,
      attemptsLeft: 0,
      status: { attemptsUsed: 2, correct: true, finished: true, bestPoints: 1 },
    })
    expect(rightBody.reveal.key).toEqual({ type: 'numeric', value: 3, tolerance: 0 })
    expect(rightBody.reveal.explanationHtml).toContain('E2E-EXPLANATION-NUMERIC')

    const rows = await rowsOf(student)
    expect(rows.map((r) => [r.questionId, r.attempt, r.correct, r.pointsAwarded, r.answer])).toEqual([
      ['e2e-q2-numeric', 1, false, 0, { value: 4 }],
      ['e2e-q2-numeric', 2, true, 1, { value: 3 }],
    ])
  })

  it('reveals the key after the last wrong attempt', async () => {
    auth.user = await user()
    const res = await answerRequest('e2e-q1-single', { answer: { choice: 'c' } })
    const body = await res.json()
    expect(body).toMatchObject({ correct: false, attemptsLeft: 0, status: { finished: true } })
    expect(body.reveal.key).toEqual({ type: 'single', choice: 'a' })
    expect(body.reveal.explanationHtml).toContain('E2E-EXPLANATION-SINGLE')
    // source references in explanations link to the viewer
    expect(body.reveal.explanationHtml).toContain('href="/source/Python/ceval.c"')
  })

  it('refuses answers beyond the attempt limit and after a correct answer (409), storing nothing', async () => {
    const student = (auth.user = await user())
    expect((await answerRequest('e2e-q1-single', { answer: { choice: 'b' } })).status).toBe(201)
    const again = await answerRequest('e2e-q1-single', { answer: { choice: 'a' } })
    expect(again.status).toBe(409)
    expect((await again.json()).error).toMatchObject({ code: 'no_attempts_left', message: expect.stringContaining('your only attempt') })

    expect((await answerRequest('e2e-q4-text', { answer: { text: ' TP_ITERNEXT ' } })).status).toBe(201)
    const afterCorrect = await answerRequest('e2e-q4-text', { answer: { text: 'tp_iternext' } })
    expect(afterCorrect.status).toBe(409)
    expect((await afterCorrect.json()).error.code).toBe('already_correct')
    expect((await rowsOf(student)).map((r) => [r.questionId, r.attempt])).toEqual([
      ['e2e-q1-single', 1],
      ['e2e-q4-text', 1],
    ])
  })

  it('checks the session in the statement that reads the question: a missing, forged or ended session, or a cross-site request, is refused and stores nothing', async () => {
    const student = await user()
    const answer = { answer: { choice: 'a' } }
    const refused = async (res: Response, status: number) => {
      expect(res.status).toBe(status)
      const text = await res.text()
      // nothing of the question read beside the session check reaches a refused caller
      expect(text).not.toContain('E2E-EXPLANATION')
      expect(text).not.toContain('"choice"')
      return JSON.parse(text).error.code as string
    }
    auth.user = null
    expect(await refused(await answerRequest('e2e-q1-single', answer), 401)).toBe('unauthorized')
    const forged = `next-auth.session-token=${(await sessionCookieFor(student.id)).split('=')[1]!.slice(0, -4)}AAAA`
    expect(await refused(await answerRequest('e2e-q1-single', answer, { headers: { cookie: forged } }), 401)).toBe('unauthorized')
    const before = await sessionCookieFor(student.id)
    await signOutEverywhere(student.id)
    expect(await refused(await answerRequest('e2e-q1-single', answer, { headers: { cookie: before } }), 401)).toBe('unauthorized')
    // a user removed from the database: the same cookie no longer admits anyone
    const gone = await user()
    const goneCookie = await sessionCookieFor(gone.id)
    await prisma.user.delete({ where: { id: gone.id } })
    expect(await refused(await answerRequest('e2e-q1-single', answer, { headers: { cookie: goneCookie } }), 401)).toBe('unauthorized')
    auth.user = student
    const crossSite = await answerRequest('e2e-q1-single', answer, { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } })
    expect(await refused(crossSite, 403)).toBe('cross_site_request')
    expect(await rowsOf(student)).toEqual([])
    // the same student, signed in now, answers normally; an unknown question is still a 404 after the session passed
    expect((await answerRequest('e2e-q1-single', answer)).status).toBe(201)
    expect(await refused(await answerRequest('no-such-question', answer), 404)).toBe('unknown_question')
    expect((await rowsOf(student)).map((r) => r.attempt)).toEqual([1])
  })

  it('answers malformed requests with a clear 4xx and stores nothing', async () => {
    const student = (auth.user = await user())
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['unknown question', () => answerRequest('no-such-question', { answer: { choice: 'a' } }), 404, 'unknown_question'],
      ['malformed question id', () => answerRequest('../../etc', { answer: { choice: 'a' } }), 404, 'unknown_question'],
      ['wrong shape for the type', () => answerRequest('e2e-q1-single', { answer: { choices: ['a'] } }), 400, 'invalid_answer'],
      ['answer missing', () => answerRequest('e2e-q1-single', {}), 400, 'invalid_answer'],
      ['extra fields', () => answerRequest('e2e-q1-single', { answer: { choice: 'a' }, admin: true }), 400, 'invalid_answer'],
      ['answer is a string', () => answerRequest('e2e-q4-text', { answer: 'tp_iternext' }), 400, 'invalid_answer'],
      ['unknown choice', () => answerRequest('e2e-q5-multiple', { answer: { choices: ['a', 'z'] } }), 400, 'invalid_answer'],
      ['choice not in the question', () => answerRequest('e2e-q1-single', { answer: { choice: 'h' } }), 422, 'unknown_choice'],
      ['not a number', () => answerRequest('e2e-q2-numeric', { answer: { value: 'three' } }), 422, 'not_a_number'],
      ['empty text', () => answerRequest('e2e-q4-text', { answer: { text: '   ' } }), 422, 'empty_answer'],
      ['long text', () => answerRequest('e2e-q4-text', { answer: { text: 'x'.repeat(600) } }), 413, 'answer_too_large'],
      // PostgreSQL's jsonb cannot hold U+0000: refused with a message, never a failed insert
      ['NUL in a text answer', () => answerRequest('e2e-q4-text', { answer: { text: 'tp_\u0000iternext' } }), 400, 'invalid_answer'],
      ['NUL in an output answer', () => answerRequest('e2e-q3-output', { answer: { output: 'a\u0000' } }), 400, 'invalid_answer'],
      ['NUL in a typed number', () => answerRequest('e2e-q2-numeric', { answer: { value: '3\u0000' } }), 400, 'invalid_answer'],
      ['huge body', () => answerRequest('e2e-q3-output', { answer: { output: 'x'.repeat(200_000) } }), 413, 'body_too_large'],
      ['invalid JSON', () => answerRequest('e2e-q1-single', null, { raw: '{"answer": {' }), 400, 'invalid_json'],
      ['empty body', () => answerRequest('e2e-q1-single', null, { raw: '' }), 400, 'invalid_json'],
      [
        'not JSON',
        () => answerRequest('e2e-q1-single', null, { raw: 'answer=a', contentType: 'application/x-www-form-urlencoded' }),
        415,
        'unsupported_media_type',
      ],
      // what a cross-site <form enctype="text/plain"> would send
      [
        'text/plain',
        () => answerRequest('e2e-q1-single', null, { raw: '{"answer": {"choice": "a"}}', contentType: 'text/plain' }),
        415,
        'unsupported_media_type',
      ],
    ]
    for (const [what, call, status, code] of cases) {
      const res = await call()
      expect(res.status, what).toBe(status)
      const body = await res.json()
      expect(body.error.code, what).toBe(code)
      expect(body.error.message.length, what).toBeGreaterThan(10)
    }
    expect(await rowsOf(student)).toEqual([])
  })

  it('needs a signed-in user (401), and stores nothing without one', async () => {
    const before = await prisma.quizResponse.count()
    const res = await answerRequest('e2e-q1-single', { answer: { choice: 'a' } })
    expect(res.status).toBe(401)
    expect(await prisma.quizResponse.count()).toBe(before)
  })

  it('refuses answers to a retired question (409)', async () => {
    auth.user = await user()
    await prisma.question.update({ where: { id: 'e2e-q4-text' }, data: { retiredAt: new Date() } })
    try {
      const res = await answerRequest('e2e-q4-text', { answer: { text: 'tp_iternext' } })
      expect(res.status).toBe(409)
      expect((await res.json()).error.code).toBe('question_retired')
    } finally {
      await prisma.question.update({ where: { id: 'e2e-q4-text' }, data: { retiredAt: null } })
    }
  })

  it('records exactly one of two simultaneous answers to a one-attempt question', async () => {
    const student = await user()
    const results = await Promise.allSettled([
      submitAnswer({ userId: student.id, questionId: 'e2e-q5-multiple', answer: { choices: ['a', 'b'] } }),
      submitAnswer({ userId: student.id, questionId: 'e2e-q5-multiple', answer: { choices: ['a'] } }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason).toMatchObject({ status: 409 })
    expect(await rowsOf(student, 'e2e-q5-multiple')).toHaveLength(1)
  })
})

describe('GET /api/questions/:id/result and /preview', () => {
  it('gives a student the key only once the question is finished', async () => {
    auth.user = await user()
    const early = await get(getResult, 'e2e-q3-output')
    expect(early.status).toBe(409)
    expect(await early.text()).not.toContain('e2e-output-ALPHA')
    await answerRequest('e2e-q3-output', { answer: { output: 'e2e-output-ALPHA\r\ne2e-output-BETA  \n\n' } })
    const done = await get(getResult, 'e2e-q3-output')
    expect(done.status).toBe(200)
    const body = await done.json()
    expect(body.status).toMatchObject({ correct: true, finished: true, attemptsUsed: 1 })
    expect(body.reveal.key).toEqual({ type: 'output', expected: 'e2e-output-ALPHA\ne2e-output-BETA\n' })
  })

  it('lets staff preview any question without storing anything, and refuses students (403)', async () => {
    auth.user = await user('STUDENT')
    expect((await get(getPreview, 'e2e-q5-multiple')).status).toBe(403)
    const ta = (auth.user = await user('TA'))
    const res = await get(getPreview, 'e2e-q5-multiple')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.question).toMatchObject({ id: 'e2e-q5-multiple', type: 'multiple', blocking: true })
    expect(body.reveal.key).toEqual({ type: 'multiple', choices: ['a', 'b'] })
    expect(body.reveal.explanationHtml).toContain('E2E-EXPLANATION-MULTIPLE')
    expect(await rowsOf(ta)).toEqual([])
    expect((await get(getPreview, 'nope-nope')).status).toBe(404)
  })
})

describe('what the lecture page and the home page get', () => {
  it('the page data has prompts and the student’s standing but no key and no explanation', async () => {
    const student = await user()
    await submitAnswer({ userId: student.id, questionId: 'e2e-q1-single', answer: { choice: 'b' } })
    const page = await lecturePage('e2e-player', student.id)
    expect(page).not.toBeNull()
    const json = JSON.stringify(page)
    for (const secret of ['E2E-EXPLANATION', 'e2e-output-ALPHA', 'tp_iternext', 'answerKey', 'explanation']) expect(json).not.toContain(secret)
    expect(page!.questions.map((q) => q.id)).toEqual(['e2e-q1-single', 'e2e-q2-numeric', 'e2e-q3-output', 'e2e-q4-text', 'e2e-q5-multiple'])
    expect(page!.questions[2]).toMatchObject({ type: 'output', blocking: true, attempts: 2, code: expect.stringContaining("print 'e2e-output-%s'") })
    expect(page!.statuses['e2e-q1-single']).toMatchObject({ attemptsUsed: 1, correct: false, finished: true })
    expect(page!.video).toEqual({ kind: 'file', url: '/api/lectures/media/clip.webm' })
  })

  it('the home page counts the best attempt per question', async () => {
    const student = await user()
    await submitAnswer({ userId: student.id, questionId: 'e2e-q2-numeric', answer: { value: 1 } })
    await submitAnswer({ userId: student.id, questionId: 'e2e-q2-numeric', answer: { value: 3 } })
    await submitAnswer({ userId: student.id, questionId: 'e2e-q4-text', answer: { text: 'nope' } })
    const lecture = await prisma.lecture.findUniqueOrThrow({ where: { slug: 'e2e-player' } })
    const progress = (await lectureProgress(student.id)).get(lecture.id)
    expect(progress).toMatchObject({ quizPoints: 1, quizMaxPoints: 5, answered: 2 })
  })
})

describe('hostile answers', () => {
  /** Longer than this, a synchronous stretch fails the test (the server must answer others within a second). */
  const MAX_BLOCK_MS = 300

  it('pathological output answers at the 20 000-character limit are graded without blocking, then refused once out of attempts', async () => {
    const student = await user()
    auth.user = student
    // the review's exploit: a tab run ending in a letter (about 0.5 s of CPU per request with the old trim)
    const output = `${'\t'.repeat(19_999)}x`
    const {
      result: statuses,
      maxDelayMs,
      elapsedMs,
    } = await measureBlocking(async () => {
      const out: number[] = []
      for (let i = 0; i < 22; i++) out.push((await answerRequest('e2e-q3-output', { answer: { output: i % 2 ? output : `${'\n'.repeat(19_999)}x` } })).status)
      return out
    })
    // two attempts graded (wrong), then twenty refusals
    expect(statuses).toEqual([201, 201, ...Array(20).fill(409)])
    expect((await rowsOf(student, 'e2e-q3-output')).map((r) => r.correct)).toEqual([false, false])
    expect(maxDelayMs, `event loop blocked ${maxDelayMs.toFixed(0)} ms`).toBeLessThan(MAX_BLOCK_MS)
    // 22 requests against the real database: well under a second each
    expect(elapsedMs / 22).toBeLessThan(1000)
  })

  it('checks attempts before it reads the answer: a finished question gets 409 even for an answer it could not grade', async () => {
    const student = await user()
    auth.user = student
    expect(await (await answerRequest('e2e-q1-single', { answer: { choice: 'b' } })).json()).toMatchObject({ correct: false, attemptsLeft: 0 })
    // out of attempts: the answer is not parsed or graded at all, so even a malformed one is a 409, not a 400
    const malformed = await answerRequest('e2e-q1-single', { answer: { choice: ['b'] } })
    expect(malformed.status).toBe(409)
    expect((await malformed.json()).error.code).toBe('no_attempts_left')
    // and after a correct answer
    expect((await answerRequest('e2e-q4-text', { answer: { text: 'tp_iternext' } })).status).toBe(201)
    const again = await answerRequest('e2e-q4-text', { answer: { text: 'x'.repeat(499) } })
    expect(again.status).toBe(409)
    expect((await again.json()).error.code).toBe('already_correct')
    expect(await rowsOf(student)).toHaveLength(2)
  })

  it('a catastrophic staff pattern (^(a+)+$) costs linear time on a 500-character answer', async () => {
    const student = await user()
    auth.user = student
    const original = await prisma.question.findUniqueOrThrow({ where: { id: 'e2e-q4-text' } })
    await prisma.question.update({ where: { id: 'e2e-q4-text' }, data: { answerKey: { accepted: [], pattern: '^(a+)+$', caseSensitive: true } } })
    try {
      // RegExp would need about 2^499 steps to reject this
      const { result, maxDelayMs } = await measureBlocking(() => answerRequest('e2e-q4-text', { answer: { text: `${'a'.repeat(499)}!` } }))
      expect(result.status).toBe(201)
      expect(await result.json()).toMatchObject({ correct: false, attemptsLeft: 2 })
      expect(maxDelayMs, `event loop blocked ${maxDelayMs.toFixed(0)} ms`).toBeLessThan(MAX_BLOCK_MS)
      expect(await (await answerRequest('e2e-q4-text', { answer: { text: 'a'.repeat(500) } })).json()).toMatchObject({ correct: true })
    } finally {
      await prisma.question.update({ where: { id: 'e2e-q4-text' }, data: { answerKey: original.answerKey as object } })
    }
  })
})
