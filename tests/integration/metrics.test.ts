// /api/metrics: Prometheus text computed from PostgreSQL and Redis (a Redis of this file's own), behind the
// METRICS_TOKEN bearer token. Runs with known timestamps and durations go in; the histogram buckets, outcomes,
// backlog and live workers come out, and the same again on the next scrape (nothing is counted in memory).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { closeGradingQueue, gradingQueue, regradeQueue } from '@/lib/queue/grading-queue'
import { beat } from '@/lib/queue/heartbeat'

import { startPrivateRedis } from '../support/private-redis'
import { syncRealContent } from '../support/fixtures'

import { assignmentBySlug, gradedSubmission, student } from './instructor-fixtures'

let redis: Awaited<ReturnType<typeof startPrivateRedis>>
const TOKEN = 'metrics-test-token-0123456789'
type GET = (request: Request) => Promise<Response>
let GET: GET

beforeAll(async () => {
  redis = await startPrivateRedis()
  process.env.REDIS_URL = redis.url
  process.env.METRICS_TOKEN = TOKEN
  GET = (await import('@/app/api/metrics/route')).GET
  await syncRealContent()
  const assignment = await assignmentBySlug('opcode-counter')
  const user = await student('Metrics Student')
  const t0 = new Date(Date.now() - 3600_000)
  const at = (s: number) => new Date(t0.getTime() + s * 1000)
  // full marks: waited 3 s, built 20 s, tested 4 s, result 40 s after submitting
  const full = await gradedSubmission({ userId: user.id, assignmentId: assignment.id, createdAt: t0, score: 100 })
  await prisma.gradingRun.update({
    where: { id: full.runId },
    data: {
      enqueuedAt: t0,
      startedAt: at(3),
      finishedAt: at(40),
      buildMs: 20_000,
      testsMs: 4_000,
      cacheHits: 120,
      cacheMisses: 1,
      gradedOn: 'host-a (engine X) / worker w1',
    },
  })
  // a build failure: waited 50 s, built 90 s, result after 150 s
  const failed = await gradedSubmission({ userId: user.id, assignmentId: assignment.id, createdAt: t0, score: 0 })
  await prisma.gradingRun.update({
    where: { id: failed.runId },
    data: { enqueuedAt: t0, startedAt: at(50), finishedAt: at(150), buildOk: false, buildMs: 90_000, cacheHits: 0, cacheMisses: 30 },
  })
  // infrastructure failed on every attempt
  const errored = await gradedSubmission({ userId: user.id, assignmentId: assignment.id, createdAt: t0, score: null, status: 'QUEUED' })
  await prisma.gradingRun.update({ where: { id: errored.runId }, data: { status: 'ERROR', enqueuedAt: null, startedAt: at(1), finishedAt: at(700) } })
  // still waiting, submitted two minutes ago
  await gradedSubmission({ userId: user.id, assignmentId: assignment.id, createdAt: new Date(Date.now() - 120_000), score: null, status: 'QUEUED' })
  await gradingQueue().add('grade', { submissionId: 'metrics-test', runId: 'metrics-test' }, { jobId: 'metrics-test' })
  // two regrades waiting in their own lane, at a priority (BullMQ keeps those apart from the wait list)
  for (const id of ['metrics-regrade-1', 'metrics-regrade-2']) await regradeQueue().add('grade', { submissionId: id, runId: id }, { jobId: id, priority: 2001 })
  await beat((await import('@/lib/queue/redis')).sharedRedis(), {
    workerId: 'metrics-worker',
    at: new Date().toISOString(),
    running: 1,
    concurrency: 2,
    image: 'sha256:0123',
  })
})

afterAll(async () => {
  delete process.env.METRICS_TOKEN
  await closeGradingQueue().catch(() => {})
  const { sharedRedis } = await import('@/lib/queue/redis')
  sharedRedis().disconnect()
  await redis.stop()
})

const scrape = (get: GET, authorization?: string) => get(new Request('http://localhost/api/metrics', { headers: authorization ? { authorization } : {} }))

/** `name{labels} value` lines as a map. */
function samples(text: string): Map<string, number> {
  const map = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    map.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return map
}

describe('/api/metrics', () => {
  it('refuses a missing or wrong token, and is off without METRICS_TOKEN', async () => {
    const none = await scrape(GET)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/)
    expect((await scrape(GET, `Bearer ${TOKEN}x`)).status).toBe(401)
    expect((await scrape(GET, TOKEN)).status).toBe(401)
    process.env.METRICS_TOKEN = ''
    try {
      const off = await scrape(GET, `Bearer ${TOKEN}`)
      expect(off.status).toBe(404)
      expect(await off.text()).toMatch(/set METRICS_TOKEN/)
    } finally {
      process.env.METRICS_TOKEN = TOKEN
    }
  })

  it('reports queue wait, phase durations, outcomes, backlog, live workers and build cache hits from PostgreSQL and Redis', async () => {
    const res = await scrape(GET, `Bearer ${TOKEN}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    expect(text).toContain('# TYPE cpython_course_grading_phase_duration_seconds histogram')
    const m = samples(text)
    const h = (phase: string, le: string) => m.get(`cpython_course_grading_phase_duration_seconds_bucket{phase="${phase}",le="${le}"}`)
    // queue wait: 3 s and 50 s (the errored run never reached the queue: no enqueuedAt)
    expect([h('queue_wait', '1'), h('queue_wait', '5'), h('queue_wait', '30'), h('queue_wait', '60'), h('queue_wait', '+Inf')]).toEqual([0, 1, 1, 2, 2])
    expect(m.get('cpython_course_grading_phase_duration_seconds_sum{phase="queue_wait"}')).toBe(53)
    expect([h('build', '10'), h('build', '30'), h('build', '120'), h('build', '+Inf')]).toEqual([0, 1, 2, 2])
    expect([h('tests', '1'), h('tests', '5'), h('tests', '+Inf')]).toEqual([0, 1, 1])
    // submitted to stored result: 40 s, 150 s, 700 s (the ERROR run counts too)
    expect([
      h('time_to_result', '60'),
      h('time_to_result', '300'),
      h('time_to_result', '600'),
      h('time_to_result', '1200'),
      h('time_to_result', '+Inf'),
    ]).toEqual([1, 2, 2, 3, 3])
    expect(m.get('cpython_course_grading_phase_duration_seconds_count{phase="time_to_result"}')).toBe(3)

    expect(m.get('cpython_course_grading_outcomes_total{outcome="full_marks"}')).toBe(1)
    expect(m.get('cpython_course_grading_outcomes_total{outcome="build_failed"}')).toBe(1)
    expect(m.get('cpython_course_grading_outcomes_total{outcome="error"}')).toBe(1)
    expect(m.get('cpython_course_grading_outcomes_total{outcome="partial"}')).toBe(0)
    expect(m.get('cpython_course_grading_runs{status="QUEUED"}')).toBe(1)
    expect(m.get('cpython_course_grading_runs{status="DONE"}')).toBe(2)
    expect(m.get('cpython_course_grading_oldest_queued_seconds')).toBeGreaterThanOrEqual(120)
    expect(m.get('cpython_course_grading_oldest_queued_seconds')).toBeLessThan(600)
    expect(m.get('cpython_course_grading_queue_jobs{state="waiting"}')).toBe(1)
    expect(m.get('cpython_course_grading_queue_jobs{state="prioritized"}')).toBe(0)
    // the regrade lane is reported on its own: its backlog is not the live lane's
    expect(m.get('cpython_course_grading_regrade_queue_jobs{state="prioritized"}')).toBe(2)
    expect(m.get('cpython_course_grading_regrade_queue_jobs{state="waiting"}')).toBe(0)
    expect(m.get('cpython_course_workers_live')).toBe(1)
    expect(m.get('cpython_course_worker_slots{state="total"}')).toBe(2)
    expect(m.get('cpython_course_worker_slots{state="busy"}')).toBe(1)
    expect(m.get('cpython_course_worker_image_ids')).toBe(1)
    // no build cache exists yet: always 0, present so dashboards and alerts can be written now
    expect(m.get('cpython_course_build_cache_lookups_total{result="hit"}')).toBe(120)
    expect(m.get('cpython_course_build_cache_lookups_total{result="miss"}')).toBe(31)

    // nothing accumulates in the process: a second scrape (or another web instance) reads the same numbers
    const again = samples(await (await scrape(GET, `Bearer ${TOKEN}`)).text())
    for (const [name, value] of m) if (name !== 'cpython_course_grading_oldest_queued_seconds') expect([name, again.get(name)]).toEqual([name, value])
  })
})
