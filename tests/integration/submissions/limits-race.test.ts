// The submission cap, the hourly rate and the practice-run limit hold when a student fires many requests at once:
// 30 parallel posts through the real route handlers (API token and session cookie mixed, for the same student) are
// accepted exactly up to the limit, and the rest get 429 saying when the student may submit again. The session is
// mocked (as in the other route tests); PostgreSQL and Redis are real.
import { Queue } from 'bullmq'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'

const auth = vi.hoisted(() => ({ user: null as SessionUser | null }))
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: async () => auth.user,
}))

import { POST as postSubmission } from '@/app/api/assignments/[slug]/submissions/route'
import { POST as postRun } from '@/app/api/workbench/[slug]/runs/route'
import { queuePrefix } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'
import { closeGradingQueue, gradingQueue, GRADING_QUEUE } from '@/lib/queue/grading-queue'
import { createRedis } from '@/lib/queue/redis'
import { createSubmission, PRACTICE_RUNS_PER_HOUR } from '@/lib/submissions/create'
import { formatRetryTime } from '@/lib/submissions/limits'
import { createApiToken } from '@/lib/tokens/api-tokens'
import { loadPatchIntoDraft } from '@/lib/workbench/load-patch'

import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'

const SLUG = 'opcode-counter'
const PARALLEL = 30

beforeAll(async () => {
  await syncRealContent()
})
afterAll(async () => {
  await gradingQueue().obliterate({ force: true })
  await closeGradingQueue()
})
beforeEach(async () => {
  await prisma.testResult.deleteMany()
  await prisma.gradingRun.deleteMany()
  await prisma.submission.deleteMany()
  await prisma.draftFile.deleteMany()
  await prisma.assignment.update({
    where: { slug: SLUG },
    data: { maxSubmissions: null, submissionsPerHour: null, lateCutoffDays: null, dueAt: new Date(Date.now() + 7 * 86400_000) },
  })
  await gradingQueue().obliterate({ force: true })
})

async function queuedJobs() {
  const q = new Queue(GRADING_QUEUE, { connection: createRedis('client'), prefix: queuePrefix() })
  const jobs = await q.getJobs(['waiting', 'prioritized', 'delayed', 'active'])
  await q.close()
  return jobs
}

const params = { params: Promise.resolve({ slug: SLUG }) }

/** The terminal route: even requests with the student's API token, odd ones with the session cookie. */
function apiPost(i: number, token: string, options: { practice?: boolean } = {}) {
  const url = `http://localhost/api/assignments/${SLUG}/submissions${options.practice ? '?practice=1' : ''}`
  const headers: Record<string, string> = { 'content-type': 'text/plain' }
  if (i % 2 === 0) headers.authorization = `Bearer ${token}`
  return postSubmission(new Request(url, { method: 'POST', headers, body: solutionPatch(SLUG) }), params)
}

function workbenchPractice() {
  const req = new Request(`http://localhost/api/workbench/${SLUG}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'practice' }),
  })
  return postRun(req, params)
}

type Outcome = {
  status: number
  retryAfter: string | null
  body: { id?: string; number?: number | null; error?: { code: string; message: string; details?: Record<string, unknown> } }
}

async function outcomes(responses: Promise<Response>[]): Promise<Outcome[]> {
  return Promise.all(
    (await Promise.all(responses)).map(async (r) => ({
      status: r.status,
      retryAfter: r.headers.get('retry-after'),
      body: (await r.json()) as Outcome['body'],
    })),
  )
}

async function student() {
  const user = await createUser()
  auth.user = user
  const { token } = await createApiToken(user.id, 'terminal')
  return { user, token }
}

describe('limits under parallel requests', () => {
  it('the hourly rate: 30 parallel posts (token and cookie) with a limit of 6 per hour accept exactly 6; 24 get 429 with Retry-After and the time', async () => {
    await prisma.assignment.update({ where: { slug: SLUG }, data: { submissionsPerHour: 6 } })
    const { user, token } = await student()
    const started = Date.now()
    const results = await outcomes(Array.from({ length: PARALLEL }, (_, i) => apiPost(i, token)))

    const accepted = results.filter((r) => r.status === 202)
    const limited = results.filter((r) => r.status === 429)
    expect([accepted.length, limited.length]).toEqual([6, 24])
    expect(accepted.map((r) => r.body.number).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6])

    const first = await prisma.submission.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } })
    const retryAt = new Date(first.createdAt.getTime() + 3600_000)
    for (const r of limited) {
      expect(r.body.error?.code).toBe('rate_limited')
      expect(r.body.error?.message).toContain('You have used 6 of 6 submissions this hour')
      expect(r.body.error?.message).toContain(`you can submit again at ${formatRetryTime(retryAt)}`)
      const seconds = Number(r.retryAfter)
      expect(seconds).toBeGreaterThan(3600 - (Date.now() - started) / 1000 - 5)
      expect(seconds).toBeLessThanOrEqual(3600)
      expect(r.body.error?.details).toMatchObject({ limit: 6, used: 6, retryAt: retryAt.toISOString() })
    }
    expect(await prisma.submission.count({ where: { userId: user.id } })).toBe(6)
    expect(await prisma.gradingRun.count()).toBe(6)
    expect(await queuedJobs()).toHaveLength(6)
  })

  it('the cap over the assignment: 30 parallel posts with at most 4 submissions accept exactly 4; 26 get 429 with a clear message and no retry time', async () => {
    await prisma.assignment.update({ where: { slug: SLUG }, data: { maxSubmissions: 4 } })
    const { user, token } = await student()
    const results = await outcomes(Array.from({ length: PARALLEL }, (_, i) => apiPost(i, token)))

    expect(
      results
        .filter((r) => r.status === 202)
        .map((r) => r.body.number)
        .sort((a, b) => a! - b!),
    ).toEqual([1, 2, 3, 4])
    const limited = results.filter((r) => r.status === 429)
    expect(limited).toHaveLength(26)
    for (const r of limited) {
      expect(r.body.error?.code).toBe('submission_limit')
      expect(r.body.error?.message).toMatch(/^You have used all 4 submissions for “.+”; no more can be made\./)
      expect(r.retryAfter).toBeNull()
    }
    expect(await prisma.submission.count({ where: { userId: user.id, kind: 'GRADED' } })).toBe(4)
  })

  it(`practice runs: 30 parallel runs from the workbench and the API accept exactly ${PRACTICE_RUNS_PER_HOUR}; the rest get 429 with Retry-After`, async () => {
    const { user, token } = await student()
    await loadPatchIntoDraft(user, SLUG, solutionPatch(SLUG), 'solution.diff')
    const results = await outcomes(Array.from({ length: PARALLEL }, (_, i) => (i % 3 === 0 ? workbenchPractice() : apiPost(i, token, { practice: true }))))

    const accepted = results.filter((r) => r.status === 202)
    const limited = results.filter((r) => r.status === 429)
    expect([accepted.length, limited.length]).toEqual([PRACTICE_RUNS_PER_HOUR, PARALLEL - PRACTICE_RUNS_PER_HOUR])
    for (const r of limited) {
      expect(r.body.error?.code).toBe('rate_limited')
      expect(r.body.error?.message).toMatch(
        new RegExp(
          `^You have used ${PRACTICE_RUNS_PER_HOUR} of ${PRACTICE_RUNS_PER_HOUR} practice runs this hour for “.+”; you can run the public tests again at .+ \\(in 60 minutes\\)\\.$`,
        ),
      )
      expect(Number(r.retryAfter)).toBeGreaterThan(3500)
    }
    expect(await prisma.submission.count({ where: { userId: user.id, kind: 'PRACTICE' } })).toBe(PRACTICE_RUNS_PER_HOUR)
    // practice runs do not use up graded submissions
    expect(await prisma.submission.count({ where: { userId: user.id, kind: 'GRADED' } })).toBe(0)
  })

  it('a student at the practice limit is refused by the workbench before its draft is diffed: 429 even for an empty draft', async () => {
    const { user, token } = await student()
    await outcomes(Array.from({ length: PRACTICE_RUNS_PER_HOUR }, (_, i) => apiPost(i, token, { practice: true })))
    expect(await prisma.submission.count({ where: { userId: user.id, kind: 'PRACTICE' } })).toBe(PRACTICE_RUNS_PER_HOUR)
    const [refused] = await outcomes([workbenchPractice()])
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } })
    expect(Number(refused!.retryAfter)).toBeGreaterThan(3500)
  })

  it('the retry time is when the oldest submission of the hour leaves it, and the student can submit again then', async () => {
    await prisma.assignment.update({ where: { slug: SLUG }, data: { submissionsPerHour: 3 } })
    const user = await createUser()
    const t0 = new Date('2026-03-02T14:00:00Z')
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000)
    for (const m of [0, 10, 20]) await createSubmission({ user, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API', now: at(m) })

    const refused = (await createSubmission({ user, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API', now: at(31.5) }).catch(
      (e) => e,
    )) as AppError
    expect(refused).toBeInstanceOf(AppError)
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 28.5 * 60 })
    // 15:00 UTC in the course's time zone (New York by default: 10:00 AM EST)
    expect(refused.message).toBe(
      `You have used 3 of 3 submissions this hour for “${(await prisma.assignment.findUniqueOrThrow({ where: { slug: SLUG } })).title}”; you can submit again at ${formatRetryTime(at(60))} (in 29 minutes).`,
    )
    if (!process.env.COURSE_TIMEZONE) expect(formatRetryTime(at(60))).toBe('10:00 AM EST')

    // a second before the hour is up: still refused, a second to wait; at the hour: accepted
    expect(
      (
        (await createSubmission({ user, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API', now: new Date(at(60).getTime() - 1000) }).catch(
          (e) => e,
        )) as AppError
      ).retryAfterSeconds,
    ).toBe(1)
    expect((await createSubmission({ user, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API', now: at(60) })).number).toBe(4)
    // the next one waits for the submission made at 14:10
    expect(
      ((await createSubmission({ user, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API', now: at(61) }).catch((e) => e)) as AppError).details,
    ).toMatchObject({ retryAt: at(70).toISOString() })
  })
})
