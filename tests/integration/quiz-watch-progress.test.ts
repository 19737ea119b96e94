// Where each student is in each lecture, against a real PostgreSQL: the player's saves (fetch and
// sendBeacon), completion at 90 %, the growth cap on "furthest watched", and what the home page shows. The route
// handlers are called with a real session cookie (next-auth's encrypted JWT, checked against the database).
import path from 'node:path'

import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'

import { GET as getProgress, POST as postProgress } from '@/app/api/lectures/[slug]/progress/route'
import type { ContentProblem } from '@/lib/content/errors'
import { loadLectures } from '@/lib/content/lectures'
import { syncContent, type CourseContent } from '@/lib/content/sync'
import { courseOverview } from '@/lib/course/overview'
import { prisma } from '@/lib/db/prisma'
import { nextProgress, saveWatchProgress } from '@/lib/lectures/progress'

import { configureApp, sessionCookieFor } from './perimeter/session-cookie'

/** Who the requests below are signed in as (a real session cookie for this user), or nobody. */
const auth = { user: null as SessionUser | null }
const cookieHeader = async (): Promise<Record<string, string>> => (auth.user ? { cookie: await sessionCookieFor(auth.user.id) } : {})

const SLUG = 'e2e-player'

let seq = 0
async function student(): Promise<SessionUser> {
  const u = await prisma.user.create({ data: { email: `watch-${++seq}-${Date.now()}@example.edu` } })
  return { id: u.id, email: u.email, name: u.name, role: u.role }
}

async function save(body: unknown, init: { contentType?: string; raw?: string; slug?: string } = {}) {
  const slug = init.slug ?? SLUG
  const req = new Request(`http://localhost/api/lectures/${slug}/progress`, {
    method: 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json', ...(await cookieHeader()) },
    body: init.raw ?? JSON.stringify(body),
  })
  return postProgress(req, { params: Promise.resolve({ slug }) })
}

const read = async (slug = SLUG) =>
  (
    await getProgress(new Request(`http://localhost/api/lectures/${slug}/progress`, { headers: await cookieHeader() }), { params: Promise.resolve({ slug }) })
  ).json()

beforeAll(async () => {
  configureApp()
  const problems: ContentProblem[] = []
  const lectures = loadLectures(path.resolve('tests', 'e2e', 'fixtures'), problems)
  expect(problems).toEqual([])
  await syncContent(prisma, { course: {} as CourseContent['course'], lectures, assignments: [] })
})

beforeEach(() => {
  auth.user = null
})

describe('saving the position', () => {
  it('stores position, furthest, duration and rate, and reads them back', async () => {
    auth.user = await student()
    expect(await read()).toEqual({ progress: null })
    const res = await save({ position: 12.5, furthest: 12.5, duration: 90, rate: 1.5 })
    expect(res.status).toBe(200)
    expect((await res.json()).progress).toMatchObject({
      positionSeconds: 12.5,
      furthestSeconds: 12.5,
      durationSeconds: 90,
      playbackRate: 1.5,
      completed: false,
      percentWatched: 14,
    })
    // going back keeps the furthest point
    await save({ position: 3, furthest: 12.5, duration: 90, rate: 1 })
    expect((await read()).progress).toMatchObject({ positionSeconds: 3, furthestSeconds: 12.5, playbackRate: 1 })
  })

  it('accepts a sendBeacon body sent as text/plain', async () => {
    auth.user = await student()
    const res = await save(null, { contentType: 'text/plain;charset=UTF-8', raw: JSON.stringify({ position: 7, furthest: 7 }) })
    expect(res.status).toBe(200)
    expect((await read()).progress.positionSeconds).toBe(7)
  })

  it('refuses malformed saves with 400, unknown lectures with 404, and anonymous ones with 401', async () => {
    expect((await save({ position: 1 })).status).toBe(401)
    auth.user = await student()
    for (const bad of [{}, { position: -1 }, { position: 'ten' }, { position: 1, rate: 99 }, { position: 1, extra: true }, { position: 1e9 }]) {
      const res = await save(bad)
      expect(res.status, JSON.stringify(bad)).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_progress')
    }
    expect((await save(null, { raw: 'x'.repeat(10_000) })).status).toBe(413)
    expect((await save({ position: 1 }, { slug: 'no-such-lecture' })).status).toBe(404)
    expect(await prisma.watchProgress.count({ where: { userId: auth.user.id } })).toBe(0)
  })
})

describe('completion', () => {
  it('completes at 90 % of the duration and stays complete; the home page shows it', async () => {
    const s = (auth.user = await student())
    const lecture = await prisma.lecture.findUniqueOrThrow({ where: { slug: SLUG } })
    // watched in steps, as the player saves every few seconds
    for (let t = 10; t <= 80; t += 10) {
      await prisma.watchProgress.updateMany({ where: { userId: s.id }, data: { updatedAt: new Date(Date.now() - 60_000) } })
      await save({ position: t, furthest: t, duration: 90 })
    }
    expect((await read()).progress).toMatchObject({ furthestSeconds: 80, completed: false, percentWatched: 89 })
    await prisma.watchProgress.updateMany({ where: { userId: s.id }, data: { updatedAt: new Date(Date.now() - 60_000) } })
    await save({ position: 81.5, furthest: 81.5, duration: 90 })
    expect((await read()).progress).toMatchObject({ completed: true, percentWatched: 91 })
    await save({ position: 2, furthest: 2, duration: 90 })
    expect((await read()).progress).toMatchObject({ completed: true, furthestSeconds: 81.5 })

    const home = await courseOverview(s.id)
    expect(home.lectures.find((l) => l.slug === SLUG)?.progress).toMatchObject({ percentWatched: 91, completed: true })
    expect(lecture.id).toBeTruthy()
  })

  it('does not let "furthest" grow faster than the video could play', async () => {
    const s = await student()
    const first = await saveWatchProgress(s.id, SLUG, { position: 3000, furthest: 3000, duration: 3600 })
    expect(first.furthestSeconds).toBe(30)
    expect(first.positionSeconds).toBe(3000)
    const now = new Date()
    const later = nextProgress(
      { positionSeconds: 30, furthestSeconds: 30, durationSeconds: 3600, playbackRate: 1, completedAt: null, updatedAt: new Date(now.getTime() - 60_000) },
      { position: 3500, furthest: 3500 },
      now,
    )
    // 60 s at up to 2× plus 30 s of slack
    expect(later.furthestSeconds).toBe(30 + 120 + 30)
    expect(later.completedAt).toBeNull()
  })

  it('caps growth through the route by the time since the stored save (read back in epoch milliseconds, whatever the time zone)', async () => {
    const s = (auth.user = await student())
    expect((await save({ position: 30, furthest: 30, duration: 3600 })).status).toBe(200)
    await prisma.watchProgress.updateMany({ where: { userId: s.id }, data: { updatedAt: new Date(Date.now() - 60_000) } })
    const res = await save({ position: 3500, furthest: 3500, duration: 3600 })
    const furthest = (await res.json()).progress.furthestSeconds as number
    // 60 s (and the few milliseconds of this test) at up to 2x, plus 30 s of slack
    expect(furthest).toBeGreaterThanOrEqual(180)
    expect(furthest).toBeLessThan(182)
  })

  it('clamps positions to the duration', () => {
    const r = nextProgress(null, { position: 500, furthest: 20, duration: 90 }, new Date())
    expect(r).toMatchObject({ positionSeconds: 90, furthestSeconds: 20, durationSeconds: 90, playbackRate: 1, completedAt: null })
  })
})
