// Hidden tests are hidden end to end (security review M1, L8, L1, L2): a real grading job (the worker's
// processGradingJob with a grade function that emits exactly what lib/grading/engine.ts emits, so no Docker) publishes
// through publishProgress into the real Redis; the SSE route, GET /api/submissions/:id and the submission page are
// called as the handlers and server component they are, against the real PostgreSQL, with only the session mocked.
import { createElement, type ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime'
import { PathnameContext } from 'next/dist/shared/lib/hooks-client-context.shared-runtime'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { GET as getEvents } from '@/app/api/submissions/[id]/events/route'
import { GET as getSubmission } from '@/app/api/submissions/[id]/route'
import { queuePrefix } from '@/lib/config/env'
import type { SessionUser } from '@/lib/auth/users'
import { prisma } from '@/lib/db/prisma'
import { createRedis, sharedRedis } from '@/lib/queue/redis'
import { acquireStreamSlot, LIVE_LOG_MAX_BYTES, progressBacklog, publishProgress, SSE_LIMITS, type ProgressEvent } from '@/lib/submissions/progress'
import { STUDENT_ERROR_MESSAGE } from '@/lib/submissions/view'

import { processGradingJob, type EngineResult, type GradeFn } from '../../../worker/grade-run'
import { syncRealContent } from '../../support/fixtures'
import { asSessionUser, assignmentBySlug, gradedSubmission, student } from '../instructor-fixtures'

const session = vi.hoisted(() => ({ user: null as SessionUser | null }))
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: async () => session.user,
}))

const SLUG = 'opcode-counter'
type ManifestTest = { name: string; visibility: 'public' | 'hidden'; points: number }
let tests: ManifestTest[]
let hiddenNames: string[]
let publicNames: string[]
let assignmentId: string
let owner: SessionUser
let ta: SessionUser

beforeAll(async () => {
  await syncRealContent()
  const a = await assignmentBySlug(SLUG)
  assignmentId = a.id
  tests = (a.manifest as { tests: ManifestTest[] }).tests
  hiddenNames = tests.filter((t) => t.visibility === 'hidden').map((t) => t.name)
  publicNames = tests.filter((t) => t.visibility === 'public').map((t) => t.name)
  owner = asSessionUser(await student('Owen Owner'))
  ta = asSessionUser(await student('Tara Assistant', null, 'TA'))
})
afterAll(async () => {
  sharedRedis().disconnect()
})

const params = (id: string) => ({ params: Promise.resolve({ id }) })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function queuedSubmission(userId = owner.id) {
  return gradedSubmission({ userId, assignmentId, createdAt: new Date(), score: null, status: 'QUEUED' })
}

/** Calls the SSE route as `who`; the returned reader collects the bytes until the stream ends or `stop()`. */
async function openStream(who: SessionUser, submissionId: string, headers: Record<string, string> = {}) {
  session.user = who
  const abort = new AbortController()
  const res = await getEvents(new Request(`http://test/api/submissions/${submissionId}/events`, { headers, signal: abort.signal }), params(submissionId))
  let text = ''
  let ended = false
  const reading = (async () => {
    if (!res.body) return
    const reader = res.body.getReader()
    const decoder = new TextDecoder()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
    ended = true
  })()
  return {
    res,
    text: () => text,
    ended: () => ended,
    /** waits for the server to end the stream (or gives up after `ms`, then aborts like a closed tab) */
    async finished(ms = 15_000) {
      const timer = setTimeout(() => abort.abort(), ms)
      await reading.catch(() => {})
      clearTimeout(timer)
      return text
    },
    stop() {
      abort.abort()
      return reading.catch(() => {})
    },
  }
}

function progressEvents(text: string): Record<string, unknown>[] {
  return [...text.matchAll(/^event: progress\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>)
}

/** The grade function the worker calls, emitting in the engine's order (engine.ts: 'running', then the verdict). */
function fakeEngine(verdicts: Record<string, 'passed' | 'failed'>): GradeFn {
  return async ({ onEvent }) => {
    onEvent({ type: 'phase', phase: 'starting' })
    onEvent({ type: 'phase', phase: 'building' })
    onEvent({ type: 'log', chunk: 'gcc -pthread -c -O2 Python/ceval.c\n' })
    onEvent({ type: 'phase', phase: 'testing' })
    for (const [index, t] of tests.entries()) {
      onEvent({ type: 'test', index, total: tests.length, name: t.name, status: 'running' })
      await sleep(15)
      onEvent({ type: 'test', index, total: tests.length, name: t.name, status: verdicts[t.name] ?? 'passed' })
      await sleep(5)
    }
    const results = tests.map((t) => ({
      name: t.name,
      visibility: t.visibility,
      status: verdicts[t.name] ?? 'passed',
      points: verdicts[t.name] === 'failed' ? 0 : t.points,
      maxPoints: t.points,
      durationMs: 40,
      exitCode: 0,
    }))
    const score = results.reduce((n, r) => n + r.points, 0)
    const result: EngineResult = {
      score,
      maxScore: 100,
      status: 'graded',
      verdict: { kind: 'graded' },
      tests: results,
      build: { ok: true, applied: true, errors: [], log: 'make: ok' },
      image: { digest: 'sha256:test', version: '2.7.8', verified: true },
    }
    return result
  }
}

async function grade(submissionId: string, runId: string, engine: GradeFn) {
  const redis = createRedis('client', { enableOfflineQueue: true })
  try {
    await processGradingJob({ submissionId, runId }, { made: 0, max: 1 }, { prisma, redis, workerId: 'test', grade: engine })
  } finally {
    await redis.quit()
  }
}

const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} }
async function renderSubmissionPage(who: SessionUser, id: string): Promise<string> {
  session.user = who
  const Page = (await import('@/app/submissions/[id]/page')).default
  const element = (await Page({ params: Promise.resolve({ id }) })) as ReactElement
  return renderToString(
    createElement(AppRouterContext.Provider, { value: router as never }, createElement(PathnameContext.Provider, { value: `/submissions/${id}` }, element)),
  )
}

async function getJson(who: SessionUser, id: string): Promise<string> {
  session.user = who
  const res = await getSubmission(new Request(`http://test/api/submissions/${id}`), params(id))
  expect(res.status).toBe(200)
  return res.text()
}

describe('hidden tests over the live stream, the API and the page', () => {
  let graded: { id: string; runId: string }
  const verdicts = {} as Record<string, 'passed' | 'failed'>

  it('the SSE stream of a run with hidden tests gives the owner no hidden test name; staff see every one', async () => {
    expect(hiddenNames.length).toBeGreaterThan(0)
    hiddenNames.forEach((n, i) => (verdicts[n] = i % 2 ? 'failed' : 'passed'))
    graded = await queuedSubmission()
    const mine = await openStream(owner, graded.id)
    const staffs = await openStream(ta, graded.id)
    expect([mine.res.status, staffs.res.status]).toEqual([200, 200])
    await grade(graded.id, graded.runId, fakeEngine(verdicts))
    const [studentBytes, staffBytes] = await Promise.all([mine.finished(), staffs.finished()])
    expect(mine.ended() && staffs.ended()).toBe(true)

    for (const name of hiddenNames) {
      expect(studentBytes).not.toContain(name)
      expect(staffBytes).toContain(name)
    }
    const studentEvents = progressEvents(studentBytes)
    const studentTests = studentEvents.filter((e) => e.type === 'test')
    // the shipped manifest lists its public tests first: each is seen starting and finishing, numbered among public tests
    expect(studentTests.map((e) => [e.name, e.index, e.total, e.status])).toEqual(
      publicNames.flatMap((n, i) => [
        [n, i, publicNames.length, 'running'],
        [n, i, publicNames.length, 'passed'],
      ]),
    )
    expect(studentEvents.filter((e) => e.type === 'phase' && /hidden tests/.test(String(e.message)))).toHaveLength(1)
    expect(studentEvents.at(-1)).toMatchObject({ type: 'done', status: 'GRADED' })
    // staff get every test event as published, verdicts and all
    const staffTests = progressEvents(staffBytes).filter((e) => e.type === 'test')
    expect(staffTests).toHaveLength(tests.length * 2)
    expect(staffTests.filter((e) => e.status === 'failed').map((e) => e.name)).toEqual(hiddenNames.filter((n) => verdicts[n] === 'failed'))
  })

  it('a student reconnecting with Last-Event-ID replays from the backlog without hidden tests', async () => {
    const sub = await queuedSubmission()
    await prisma.submission.update({ where: { id: sub.id }, data: { status: 'RUNNING' } })
    const redis = sharedRedis()
    const publish = (e: ProgressEvent) => publishProgress(redis, sub.id, sub.runId, e)
    await publish({ type: 'phase', phase: 'starting' })
    await publish({ type: 'phase', phase: 'testing' })
    for (const [index, t] of tests.entries()) {
      await publish({ type: 'test', index, total: tests.length, name: t.name, status: 'running' })
      await publish({ type: 'test', index, total: tests.length, name: t.name, status: 'failed' })
    }
    const backlog = await progressBacklog(redis, sub.id)
    const firstPublicVerdict = backlog.find((e) => e.type === 'test' && e.name === publicNames[0] && e.status === 'failed')!

    const fresh = await openStream(owner, sub.id)
    const resumed = await openStream(owner, sub.id, { 'last-event-id': String(firstPublicVerdict.seq) })
    const staffs = await openStream(ta, sub.id, { 'last-event-id': String(firstPublicVerdict.seq) })
    await sleep(300)
    await publish({ type: 'done', status: 'GRADED', score: 0, maxScore: 100 })
    const [freshBytes, resumedBytes, staffBytes] = await Promise.all([fresh.finished(), resumed.finished(), staffs.finished()])
    for (const name of hiddenNames) {
      expect(freshBytes).not.toContain(name)
      expect(resumedBytes).not.toContain(name)
      expect(staffBytes).toContain(name)
    }
    const resumedEvents = progressEvents(resumedBytes)
    // nothing at or before Last-Event-ID is sent again
    expect(resumedEvents.every((e) => Number(e.seq) > firstPublicVerdict.seq)).toBe(true)
    expect(resumedEvents.filter((e) => e.type === 'test').map((e) => e.name)).toEqual(publicNames.slice(1).flatMap((n) => [n, n]))
    expect(resumedEvents.filter((e) => e.type === 'phase' && /hidden tests/.test(String(e.message)))).toHaveLength(1)
    expect(resumedEvents.at(-1)).toMatchObject({ type: 'done' })
    expect(progressEvents(freshBytes).filter((e) => e.type === 'test')).toHaveLength(publicNames.length * 2)
  })

  it('a regrade’s stream ignores the earlier run’s events still in the backlog', async () => {
    const sub = await queuedSubmission()
    const redis = sharedRedis()
    await publishProgress(redis, sub.id, 'earlier-run', { type: 'phase', phase: 'testing' })
    await publishProgress(redis, sub.id, 'earlier-run', { type: 'done', status: 'GRADED', score: 10, maxScore: 100 })
    const s = await openStream(owner, sub.id)
    await sleep(600)
    expect(s.ended()).toBe(false)
    expect(s.text()).not.toContain('earlier-run')
    await publishProgress(redis, sub.id, sub.runId, { type: 'done', status: 'GRADED', score: 90, maxScore: 100 })
    const text = await s.finished()
    expect(progressEvents(text)).toMatchObject([{ type: 'done', score: 90, runId: sub.runId }])
  })

  it('GET /api/submissions/:id gives the owner hidden tests as counts only; staff get every test', async () => {
    const studentJson = await getJson(owner, graded.id)
    const staffJson = await getJson(ta, graded.id)
    for (const name of hiddenNames) {
      expect(studentJson).not.toContain(name)
      expect(staffJson).toContain(name)
    }
    const body = JSON.parse(studentJson) as { current: { tests: { name: string }[]; hidden: { total: number; passed: number } } }
    expect(body.current.tests.map((t) => t.name)).toEqual(publicNames)
    expect(body.current.hidden).toMatchObject({ total: hiddenNames.length, passed: hiddenNames.filter((n) => verdicts[n] === 'passed').length })
    expect((JSON.parse(staffJson) as typeof body).current.tests.map((t) => t.name)).toEqual(tests.map((t) => t.name))
  })

  it('the submission page shows the owner a hidden count and no hidden name; staff see the names', async () => {
    const studentHtml = await renderSubmissionPage(owner, graded.id)
    const staffHtml = await renderSubmissionPage(ta, graded.id)
    for (const name of hiddenNames) {
      expect(studentHtml).not.toContain(name)
      expect(staffHtml).toContain(name)
    }
    for (const name of publicNames) expect(studentHtml).toContain(name)
    expect(studentHtml).toMatch(/Hidden tests: <!-- -->\d+<!-- --> of <!-- -->4<!-- --> passed/)
  })
})

describe('infrastructure errors (L8)', () => {
  it('the owner reads a plain sentence on the page and in the API; staff read the docker text', async () => {
    const sub = await queuedSubmission()
    const dockerText = 'docker: Error response from daemon: No such image: cpython-course-grader:2.7.8-0123abcd'
    const failing: GradeFn = async () => {
      throw new Error(dockerText)
    }
    await expect(grade(sub.id, sub.runId, failing)).rejects.toThrow(dockerText)
    const studentJson = await getJson(owner, sub.id)
    const studentHtml = await renderSubmissionPage(owner, sub.id)
    expect(studentJson).not.toContain('docker')
    expect(studentHtml).not.toContain('docker')
    expect(studentJson).not.toContain('cpython-course-grader')
    expect(studentHtml).not.toContain('cpython-course-grader')
    expect((JSON.parse(studentJson) as { current: { errorMessage: string } }).current.errorMessage).toBe(STUDENT_ERROR_MESSAGE)
    expect(studentHtml).toContain(STUDENT_ERROR_MESSAGE)
    expect(await getJson(ta, sub.id)).toContain(dockerText)
    expect(await renderSubmissionPage(ta, sub.id)).toContain(dockerText)
  })
})

describe('caps on what one run and one user can hold (L1, L2)', () => {
  it('a run floods at most 256 KiB of build log into Redis, then one truncation notice; later events still arrive', async () => {
    const sub = await queuedSubmission()
    const redis = sharedRedis()
    const chunk = 'Python/ceval.c:1:1: error: expected declaration\n'.repeat(1300) // ~62 KiB, the size docker.ts hands over
    for (let i = 0; i < 40; i++) await publishProgress(redis, sub.id, sub.runId, { type: 'log', chunk })
    await publishProgress(redis, sub.id, sub.runId, { type: 'done', status: 'GRADED', score: 0, maxScore: 100 })
    const events = await progressBacklog(redis, sub.id)
    const logs = events.filter((e) => e.type === 'log').map((e) => (e.type === 'log' ? e.chunk : ''))
    const bytes = logs.reduce((n, c) => n + Buffer.byteLength(c), 0)
    expect(bytes).toBeLessThan(LIVE_LOG_MAX_BYTES + 200)
    expect(bytes).toBeGreaterThanOrEqual(LIVE_LOG_MAX_BYTES)
    expect(logs.filter((c) => c.includes('[log truncated')).length).toBe(1)
    expect(logs.at(-1)).toContain('[log truncated')
    expect(events.at(-1)).toMatchObject({ type: 'done' })
    const memory = (await redis.call('MEMORY', 'USAGE', `${queuePrefix()}:progress-log:${sub.id}`)) as number
    console.log(`L1: 40 × ${Buffer.byteLength(chunk)} B published; ${logs.length} log events, ${bytes} B of log kept; backlog key uses ${memory} B of Redis`)
    expect(memory).toBeLessThan(400 * 1024)
    // another run of the same submission (a regrade) has a budget of its own
    await publishProgress(redis, sub.id, 'another-run', { type: 'log', chunk: 'fresh\n' })
    expect((await progressBacklog(redis, sub.id)).at(-1)).toMatchObject({ type: 'log', chunk: 'fresh\n', runId: 'another-run' })
  })

  it('a user holds at most 6 live streams: the 7th gets 429 with a message, and closing one frees its slot', async () => {
    const me = asSessionUser(await student('Many Tabs'))
    const sub = await queuedSubmission(me.id)
    const open = []
    for (let i = 0; i < SSE_LIMITS.perUser; i++) open.push(await openStream(me, sub.id))
    expect(open.map((s) => s.res.status)).toEqual(Array(SSE_LIMITS.perUser).fill(200))
    session.user = me
    const seventh = await getEvents(new Request(`http://test/api/submissions/${sub.id}/events`), params(sub.id))
    expect(seventh.status).toBe(429)
    const body = (await seventh.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('too_many_streams')
    expect(body.error.message).toMatch(/6 submissions live.*Close some of them/)
    // staff watching the same submission are not counted against the student
    const staffs = await openStream(ta, sub.id)
    expect(staffs.res.status).toBe(200)
    await staffs.stop()
    await open.pop()!.stop()
    await sleep(100)
    const again = await openStream(me, sub.id)
    expect(again.res.status).toBe(200)
    await Promise.all([again.stop(), ...open.map((s) => s.stop())])
    await sleep(100)
    expect(await sharedRedis().zcard(`${queuePrefix()}:sse-slots:${me.id}`)).toBe(0)
  })

  it('slots of streams whose process died expire after the lease', async () => {
    const me = asSessionUser(await student('Crashed Server'))
    const sub = await queuedSubmission(me.id)
    const longAgo = Date.now() - SSE_LIMITS.slotLeaseMs - 1_000
    for (let i = 0; i < SSE_LIMITS.perUser; i++) expect(await acquireStreamSlot(sharedRedis(), me.id, `dead-${i}`, longAgo)).toBe(true)
    // never renewed or released: a web process that crashed. They no longer count.
    const s = await openStream(me, sub.id)
    expect(s.res.status).toBe(200)
    await s.stop()
    // and live ones do count
    for (let i = 0; i < SSE_LIMITS.perUser; i++) expect(await acquireStreamSlot(sharedRedis(), me.id, `live-${i}`)).toBe(true)
    session.user = me
    expect((await getEvents(new Request(`http://test/api/submissions/${sub.id}/events`), params(sub.id))).status).toBe(429)
  })

  it('a queued submission’s stream ends by itself after the time bound and gives its slot back', async () => {
    const me = asSessionUser(await student('Patient Student'))
    const sub = await queuedSubmission(me.id)
    const saved = SSE_LIMITS.maxStreamMs
    SSE_LIMITS.maxStreamMs = 500
    try {
      const started = Date.now()
      const s = await openStream(me, sub.id)
      const text = await s.finished(10_000)
      expect(s.ended()).toBe(true)
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(text).toContain('retry: 2000')
      expect(text).toContain('"status":"QUEUED"')
      await sleep(100)
      expect(await sharedRedis().zcard(`${queuePrefix()}:sse-slots:${me.id}`)).toBe(0)
    } finally {
      SSE_LIMITS.maxStreamMs = saved
    }
  })
})

describe('the queue standing while a submission waits', () => {
  it('an open stream re-sends the position as the runs ahead leave the queue, and stops once the run starts', async () => {
    const me = asSessionUser(await student('Waiting Student'))
    const ahead = await queuedSubmission()
    const mine = await queuedSubmission(me.id)
    const myRun = await prisma.gradingRun.findFirstOrThrow({ where: { submissionId: mine.id } })
    // both at the same queue priority, as dispatch stores it: the older one is ahead
    await prisma.gradingRun.updateMany({ where: { submissionId: { in: [ahead.id, mine.id] } }, data: { queuePriority: 5000 } })
    const snapshots = (text: string) =>
      [...text.matchAll(/^event: snapshot\ndata: (.*)$/gm)].map(
        (m) => JSON.parse(m[1]!) as { status: string; queuePosition: number | null; phase: string | null },
      )
    const saved = SSE_LIMITS.standingRefreshMs
    SSE_LIMITS.standingRefreshMs = 200
    const s = await openStream(me, mine.id)
    try {
      await expect.poll(() => snapshots(s.text()).length, { timeout: 5_000 }).toBeGreaterThan(0)
      const first = snapshots(s.text())[0]!
      expect(first).toMatchObject({ status: 'QUEUED' })
      const before = first.queuePosition!
      expect(before).toBeGreaterThanOrEqual(2)
      // the run ahead is taken by a worker: the next refresh shows one place fewer, without a reconnect
      await prisma.gradingRun.updateMany({ where: { submissionId: ahead.id }, data: { status: 'RUNNING' } })
      await expect.poll(() => snapshots(s.text()).at(-1)?.queuePosition, { timeout: 5_000 }).toBe(before - 1)
      // the run starts: its first phase event ends the refreshes, so no stale "queued" snapshot follows it
      await prisma.gradingRun.update({ where: { id: myRun.id }, data: { status: 'RUNNING' } })
      const redis = createRedis('client', { enableOfflineQueue: true })
      await publishProgress(redis, mine.id, myRun.id, { type: 'phase', phase: 'starting' })
      await redis.quit()
      await expect.poll(() => progressEvents(s.text()).length, { timeout: 5_000 }).toBe(1)
      await sleep(700)
      const text = s.text()
      expect(text.slice(text.lastIndexOf('event: progress'))).not.toContain('event: snapshot')
    } finally {
      SSE_LIMITS.standingRefreshMs = saved
      await s.stop()
    }
  })
})
