// M5 and L9 through the real route handlers, with real session cookies and real API tokens against PostgreSQL:
// a cross-site form post carrying only the victim's cookie is refused and stores nothing; the same post from the
// app's own pages, or with a token from anywhere, still submits. Tokens reach only their scope's routes, expire,
// and act with student rights whatever their owner's role.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { POST as submitRoute } from '@/app/api/assignments/[slug]/submissions/route'
import { GET as submissionRoute } from '@/app/api/submissions/[id]/route'
import { withAuth } from '@/lib/auth/guards'
import { prisma } from '@/lib/db/prisma'
import { closeGradingQueue, gradingQueue } from '@/lib/queue/grading-queue'
import { createApiToken } from '@/lib/tokens/api-tokens'

import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'

import { APP_ORIGIN, configureApp, sessionCookieFor } from './session-cookie'

const SLUG = 'opcode-counter'
const submitUrl = `${APP_ORIGIN}/api/assignments/${SLUG}/submissions`

beforeAll(async () => {
  configureApp()
  await syncRealContent()
})
afterAll(async () => {
  await gradingQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await closeGradingQueue()
})
beforeEach(async () => {
  await prisma.testResult.deleteMany()
  await prisma.gradingRun.deleteMany()
  await prisma.submission.deleteMany()
  await prisma.assignment.update({
    where: { slug: SLUG },
    data: { maxSubmissions: null, submissionsPerHour: null, lateCutoffDays: null, dueAt: new Date(Date.now() + 7 * 86400_000) },
  })
})

const slugParams = { params: Promise.resolve({ slug: SLUG }) }
const idParams = (id: string) => ({ params: Promise.resolve({ id }) })

/** What `<form method=POST enctype=text/plain>` on a page at `from` sends, as Chromium sends it. */
function formPost(headers: Record<string, string>, body: string) {
  return new Request(submitUrl, { method: 'POST', headers: { 'Content-Type': 'text/plain', ...headers }, body })
}

describe('cross-site requests (M5)', () => {
  it('refuses a cross-site text/plain form post carrying the victim’s session cookie, and stores nothing', async () => {
    const victim = await createUser()
    const cookie = await sessionCookieFor(victim.id)
    for (const [site, origin] of [
      ['same-site', 'https://students.localhost:3000'],
      ['cross-site', 'https://evil.example'],
    ]) {
      const res = await submitRoute(
        formPost({ Cookie: cookie, Origin: origin, 'Sec-Fetch-Site': site, 'Sec-Fetch-Mode': 'navigate' }, solutionPatch(SLUG)),
        slugParams,
      )
      expect(res.status).toBe(403)
      const body = await res.json()
      expect(body.error.code).toBe('cross_site_request')
      expect(body.error.message).toContain(`from ${origin}`)
      expect(body.error.message).toContain('API token')
    }
    // a browser without Sec-Fetch-Site still sends Origin on a form post
    const legacy = await submitRoute(formPost({ Cookie: cookie, Origin: 'https://evil.example' }, solutionPatch(SLUG)), slugParams)
    expect(legacy.status).toBe(403)
    expect(await prisma.submission.count({ where: { userId: victim.id } })).toBe(0)
    expect(await prisma.gradingRun.count()).toBe(0)
  })

  it('accepts the same post from the app’s own origin', async () => {
    const student = await createUser()
    const cookie = await sessionCookieFor(student.id)
    const sameOrigin = await submitRoute(formPost({ Cookie: cookie, Origin: APP_ORIGIN, 'Sec-Fetch-Site': 'same-origin' }, solutionPatch(SLUG)), slugParams)
    expect(sameOrigin.status).toBe(202)
    const byOrigin = await submitRoute(formPost({ Cookie: cookie, Origin: APP_ORIGIN }, solutionPatch(SLUG)), slugParams)
    expect(byOrigin.status).toBe(202)
    expect(await prisma.submission.count({ where: { userId: student.id } })).toBe(2)
  })

  it('accepts a token from anywhere: a cross-site page cannot set Authorization, so the token proves intent', async () => {
    const student = await createUser()
    const { token } = await createApiToken(student.id, 'laptop')
    const res = await submitRoute(
      formPost({ Authorization: `Bearer ${token}`, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, solutionPatch(SLUG)),
      slugParams,
    )
    expect(res.status).toBe(202)
    const { id } = await res.json()
    expect(await prisma.submission.findUniqueOrThrow({ where: { id }, select: { userId: true, source: true } })).toEqual({ userId: student.id, source: 'API' })
  })

  it('reads the cookie for GET requests whatever the origin (they change nothing)', async () => {
    const student = await createUser()
    const cookie = await sessionCookieFor(student.id)
    const created = await submitRoute(formPost({ Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' }, solutionPatch(SLUG)), slugParams)
    const { id } = await created.json()
    const read = await submissionRoute(
      new Request(`${APP_ORIGIN}/api/submissions/${id}`, { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' } }),
      idParams(id),
    )
    expect(read.status).toBe(200)
  })
})

describe('API tokens (L9)', () => {
  it('expire after 180 days unless another lifetime is chosen, and an expired token is refused', async () => {
    const student = await createUser()
    const before = Date.now()
    const { summary } = await createApiToken(student.id, 'default')
    expect(summary.scope).toBe('SUBMIT')
    expect(summary.expiresAt!.getTime() - before).toBeGreaterThanOrEqual(180 * 86400_000 - 1000)
    expect(summary.expiresAt!.getTime() - before).toBeLessThan(180 * 86400_000 + 60_000)
    const { summary: week } = await createApiToken(student.id, 'week', 7)
    expect(Math.round((week.expiresAt!.getTime() - before) / 86400_000)).toBe(7)
    await expect(createApiToken(student.id, 'forever', 0)).rejects.toThrow(/1 to 365 days/)

    const { token, summary: old } = await createApiToken(student.id, 'old', 30)
    await prisma.apiToken.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const res = await submitRoute(formPost({ Authorization: `Bearer ${token}` }, solutionPatch(SLUG)), slugParams)
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('invalid_token')
    expect(await prisma.submission.count()).toBe(0)
  })

  it('act with student rights: a staff member’s token reads only their own submissions', async () => {
    const ta = await createUser('TA')
    const student = await createUser()
    const studentCookie = await sessionCookieFor(student.id)
    const theirs = await (await submitRoute(formPost({ Cookie: studentCookie, 'Sec-Fetch-Site': 'same-origin' }, solutionPatch(SLUG)), slugParams)).json()

    const { token } = await createApiToken(ta.id, 'ta terminal')
    const byToken = await submissionRoute(
      new Request(`${APP_ORIGIN}/api/submissions/${theirs.id}`, { headers: { Authorization: `Bearer ${token}` } }),
      idParams(theirs.id),
    )
    expect(byToken.status).toBe(404)
    // the same TA in the browser may read it: the token, not the person, is limited
    const byCookie = await submissionRoute(
      new Request(`${APP_ORIGIN}/api/submissions/${theirs.id}`, { headers: { Cookie: await sessionCookieFor(ta.id) } }),
      idParams(theirs.id),
    )
    expect(byCookie.status).toBe(200)

    const own = await (await submitRoute(formPost({ Authorization: `Bearer ${token}` }, solutionPatch(SLUG)), slugParams)).json()
    const ownRead = await submissionRoute(
      new Request(`${APP_ORIGIN}/api/submissions/${own.id}`, { headers: { Authorization: `Bearer ${token}` } }),
      idParams(own.id),
    )
    expect(ownRead.status).toBe(200)
  })

  it('are refused by a route outside their scope, even one that accepts tokens', async () => {
    const instructor = await createUser('INSTRUCTOR')
    const { token } = await createApiToken(instructor.id, 'terminal')
    let ran = false
    const exportRoute = withAuth(
      async () => {
        ran = true
        return Response.json({ ok: true })
      },
      { apiTokens: true },
    )
    const res = await exportRoute(new Request(`${APP_ORIGIN}/api/instructor/exports/gradebook`, { headers: { Authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({}),
    })
    expect(res.status).toBe(403)
    expect((await res.json()).error).toMatchObject({ code: 'token_scope', message: expect.stringContaining('POST /api/assignments/<slug>/submissions') })
    expect(ran).toBe(false)
    // a staff-only route that accepted tokens would still see a student
    const staffOnly = withAuth(async () => Response.json({ ok: true }), { apiTokens: true, roles: ['INSTRUCTOR'] })
    const asStudent = await staffOnly(new Request(`${APP_ORIGIN}/api/submissions/x`, { headers: { Authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({}),
    })
    expect(asStudent.status).toBe(403)
  })

  it('of a student taken off the roster stop working', async () => {
    const student = await createUser()
    await prisma.rosterEntry.create({ data: { email: student.email } })
    const { token } = await createApiToken(student.id, 'laptop')
    const ok = await submitRoute(formPost({ Authorization: `Bearer ${token}` }, solutionPatch(SLUG)), slugParams)
    expect(ok.status).toBe(202)
    await prisma.rosterEntry.delete({ where: { email: student.email } })
    await prisma.rosterEntry.create({ data: { email: `someone-else-${Date.now()}@example.edu` } })
    const refused = await submitRoute(formPost({ Authorization: `Bearer ${token}` }, solutionPatch(SLUG)), slugParams)
    expect(refused.status).toBe(401)
    await prisma.rosterEntry.deleteMany()
  })
})
