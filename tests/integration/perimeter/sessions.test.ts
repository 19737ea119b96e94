// L10: a login session is checked against the database on every request. "Sign out everywhere" ends every
// session issued before it; a student taken off the roster loses access at the next request, not at the next
// sign-in. Real session cookies (next-auth's encrypted JWT) through a real route handler, against PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { GET as submissionRoute } from '@/app/api/submissions/[id]/route'
import { authOptions } from '@/lib/auth/options'
import { currentUser, signOutEverywhere } from '@/lib/auth/session'
import { prisma } from '@/lib/db/prisma'
import { closeGradingQueue, gradingQueue } from '@/lib/queue/grading-queue'
import { importRoster } from '@/lib/roster/roster'
import { createSubmission } from '@/lib/submissions/create'

import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'

import { APP_ORIGIN, configureApp, sessionCookieFor } from './session-cookie'

const SLUG = 'opcode-counter'

beforeAll(async () => {
  configureApp()
  await syncRealContent()
  await prisma.assignment.update({
    where: { slug: SLUG },
    data: { maxSubmissions: null, submissionsPerHour: null, dueAt: new Date(Date.now() + 7 * 86400_000) },
  })
})
afterAll(async () => {
  await gradingQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await closeGradingQueue()
})
beforeEach(async () => {
  await prisma.rosterEntry.deleteMany()
})

const withCookie = (cookie: string) => new Request(`${APP_ORIGIN}/api/anything`, { headers: { Cookie: cookie } })

async function readSubmission(id: string, cookie: string): Promise<number> {
  const res = await submissionRoute(new Request(`${APP_ORIGIN}/api/submissions/${id}`, { headers: { Cookie: cookie } }), { params: Promise.resolve({ id }) })
  return res.status
}

describe('login sessions (L10)', () => {
  it('the sign-in writes the user’s session epoch into the session, and the session exposes it', async () => {
    const user = await createUser()
    await prisma.user.update({ where: { id: user.id }, data: { sessionEpoch: 3 } })
    const { jwt, session } = authOptions().callbacks!
    const token = await jwt!({ token: {}, user: { id: user.id } } as never)
    expect(token).toMatchObject({ uid: user.id, epoch: 3 })
    // later requests carry the token as it is: the epoch is not re-read (that would undo the revocation)
    expect(await jwt!({ token } as never)).toMatchObject({ uid: user.id, epoch: 3 })
    const shown = await session!({ session: { user: {}, expires: '' }, token } as never)
    expect(shown).toMatchObject({ user: { id: user.id }, epoch: 3 })
  })

  it('“sign out everywhere” ends every earlier session at its next request; a new sign-in works', async () => {
    const student = await createUser()
    const sub = await createSubmission({ user: student, assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'UPLOAD' })
    const laptop = await sessionCookieFor(student.id)
    const phone = await sessionCookieFor(student.id)
    expect((await currentUser(withCookie(laptop)))?.id).toBe(student.id)
    expect(await readSubmission(sub.id, phone)).toBe(200)

    await signOutEverywhere(student.id)
    expect(await currentUser(withCookie(laptop))).toBeNull()
    expect(await readSubmission(sub.id, phone)).toBe(401)

    const again = await sessionCookieFor(student.id)
    expect(await readSubmission(sub.id, again)).toBe(200)
    // a session from before epochs existed carries none and counts as epoch 0: ended by this sign-out too
    expect(await currentUser(withCookie(await legacyCookie(student.id)))).toBeNull()
  })

  it('a student removed from the roster loses access at the next request', async () => {
    const student = await createUser()
    await importRoster([{ email: student.email, name: null, section: null }], { replace: false })
    const cookie = await sessionCookieFor(student.id)
    expect((await currentUser(withCookie(cookie)))?.id).toBe(student.id)

    await importRoster([{ email: `someone-else-${Date.now()}@example.edu`, name: null, section: null }], { replace: true })
    expect(await currentUser(withCookie(cookie))).toBeNull()

    // staff are never refused by the roster
    const ta = await createUser('TA')
    expect((await currentUser(withCookie(await sessionCookieFor(ta.id))))?.role).toBe('TA')
  })

  it('a tampered, foreign or missing cookie is no session', async () => {
    const student = await createUser()
    const cookie = await sessionCookieFor(student.id)
    expect(await currentUser(withCookie(`${cookie.slice(0, -4)}AAAA`))).toBeNull()
    expect(await currentUser(withCookie(cookie.replace('next-auth.session-token', 'other-cookie')))).toBeNull()
    expect(await currentUser(new Request(`${APP_ORIGIN}/`))).toBeNull()
    process.env.AUTH_SECRET = 'another-secret-another-secret-000000'
    try {
      expect(await currentUser(withCookie(cookie))).toBeNull()
    } finally {
      configureApp()
    }
  })
})

/** A cookie as written before this change: the user id, no epoch claim. */
async function legacyCookie(userId: string): Promise<string> {
  const { encode } = await import('next-auth/jwt')
  return `next-auth.session-token=${await encode({ token: { sub: userId, uid: userId }, secret: process.env.AUTH_SECRET! })}`
}
