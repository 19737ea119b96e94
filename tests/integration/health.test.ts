// /api/health (security review L7): anyone may learn whether the platform is up; only signed-in staff read the
// details (worker hostnames and pids, queue depths, raw PostgreSQL/Redis errors). Real PostgreSQL and a Redis of the
// test's own, stopped to see the "down" answer; only the session is mocked.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'
import { closeGradingQueue, regradeQueue } from '@/lib/queue/grading-queue'

import { createUser } from '../support/fixtures'
import { startPrivateRedis } from '../support/private-redis'

const session = vi.hoisted(() => ({ user: null as SessionUser | null }))
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: async () => session.user,
}))

let redis: Awaited<ReturnType<typeof startPrivateRedis>>
let GET: () => Promise<Response>
const users = {} as Record<'student' | 'ta' | 'instructor', SessionUser>

beforeAll(async () => {
  redis = await startPrivateRedis()
  process.env.REDIS_URL = redis.url
  GET = (await import('@/app/api/health/route')).GET
  users.student = await createUser('STUDENT')
  users.ta = await createUser('TA')
  users.instructor = await createUser('INSTRUCTOR')
})
afterAll(async () => {
  await closeGradingQueue().catch(() => {})
  const { sharedRedis } = await import('@/lib/queue/redis')
  sharedRedis().disconnect()
  await redis.stop()
})

async function health(who: keyof typeof users | 'anonymous') {
  session.user = who === 'anonymous' ? null : users[who]
  const res = await GET()
  return { status: res.status, text: await res.text() }
}

describe('/api/health', () => {
  it('tells anonymous visitors and students only that the platform is up', async () => {
    for (const who of ['anonymous', 'student'] as const) {
      const r = await health(who)
      expect(r.status).toBe(200)
      expect(JSON.parse(r.text)).toEqual({ status: 'up' })
    }
  })

  it('gives TAs and instructors the database, Redis, worker and queue details, the regrade lane apart from the live one', async () => {
    // one regrade waiting in its own lane, at a priority (BullMQ keeps those apart from the wait list)
    await regradeQueue().add('grade', { submissionId: 'health-regrade', runId: 'health-regrade' }, { jobId: 'health-regrade', priority: 2001 })
    for (const who of ['ta', 'instructor'] as const) {
      const r = await health(who)
      expect(r.status).toBe(200)
      const body = JSON.parse(r.text) as {
        status: string
        database: { ok: boolean }
        redis: { ok: boolean }
        workers: { count: number }
        queue: { waiting: number; prioritized: number }
        regrades: { ok: boolean; waiting: number; prioritized: number }
      }
      expect(body.database.ok).toBe(true)
      expect(body.redis.ok).toBe(true)
      expect(typeof body.workers.count).toBe('number')
      expect(typeof body.queue.waiting).toBe('number')
      expect(body.queue.prioritized).toBe(0)
      expect(body.regrades).toMatchObject({ ok: true, waiting: 0, prioritized: 1 })
      expect(['ok', 'degraded']).toContain(body.status)
    }
  })

  it('answers 503 "down" without the error text when Redis is gone; staff read the error', async () => {
    await redis.stop()
    try {
      const anon = await health('anonymous')
      expect(anon.status).toBe(503)
      expect(JSON.parse(anon.text)).toEqual({ status: 'down' })
      const staff = await health('ta')
      expect(staff.status).toBe(503)
      const body = JSON.parse(staff.text) as { redis: { ok: boolean; error?: string } }
      expect(body.redis.ok).toBe(false)
      expect(body.redis.error).toBeTruthy()
    } finally {
      await redis.restart()
    }
  })
})
