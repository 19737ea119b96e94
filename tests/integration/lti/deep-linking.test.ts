// Deep linking end to end through the real route handlers: an instructor's deep-linking launch opens the picker, the
// picked assignment and lecture go back to the test platform as a signed LtiDeepLinkingResponse (which it verifies
// against the tool JWKS and turns into gradebook columns), and a student's score lands in that very column.
import { Worker } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { POST as deepLinkPOST } from '@/app/api/lti/deep-link/route'
import type { SessionUser } from '@/lib/auth/users'
import { queuePrefix } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { processPassbackJob, sweepPassbacks } from '@/lib/lti/passback'
import { closePassbackQueue, LTI_PASSBACK_QUEUE, passbackJobSchema, passbackQueue } from '@/lib/lti/passback-queue'
import { createRedis } from '@/lib/queue/redis'

import { syncRealContent } from '../../support/fixtures'
import { ROLE, type TestPlatform } from '../../support/lti-platform'
import { assignmentBySlug, gradedSubmission } from '../instructor-fixtures'

import { APP, configureToolEnv, fullLaunch, sessionUserId, startPlatformAndRegister } from './lti-helpers'

const session = vi.hoisted(() => ({ user: null as SessionUser | null }))
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: async () => session.user,
}))

configureToolEnv()
let platform: TestPlatform
let worker: Worker
const prof = { sub: 'dl-prof', name: 'Prof Picker', roles: [ROLE.instructor] }
const student = { sub: 'dl-student', name: 'Stu Placed', roles: [ROLE.learner] }

beforeAll(async () => {
  await syncRealContent()
  platform = (await startPlatformAndRegister({ contextId: 'dl-course' })).platform
  worker = new Worker(LTI_PASSBACK_QUEUE, async (job) => processPassbackJob(passbackJobSchema.parse(job.data)), {
    connection: createRedis('worker'),
    prefix: queuePrefix(),
  })
})
afterAll(async () => {
  await worker?.close()
  await passbackQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await closePassbackQueue()
  await platform?.close()
})

async function pick(ticket: string, resources: string[]) {
  const form = new URLSearchParams({ ticket })
  for (const r of resources) form.append('resource', r)
  return deepLinkPOST(new Request(`${APP}/api/lti/deep-link`, { method: 'POST', body: form }), { params: Promise.resolve({}) })
}

describe('deep linking', () => {
  it('places a picked assignment and lecture in the LMS course, and the student score arrives in that column', async () => {
    const launch = await fullLaunch(platform, { user: prof, messageType: 'LtiDeepLinkingRequest' })
    expect(launch.res.status).toBe(200)
    const ticket = decodeURIComponent(/\/instructor\/lti\/deep-link\?ticket=([^"]+)"/.exec(launch.html)![1]!)
    const profUser = await prisma.user.findUniqueOrThrow({ where: { id: (await sessionUserId(launch.res))! } })
    expect(profUser.role).toBe('INSTRUCTOR')
    session.user = { id: profUser.id, email: profUser.email, name: profUser.name, role: profUser.role }

    const lecture = await prisma.lecture.findFirstOrThrow({ where: { questions: { some: { retiredAt: null } } }, orderBy: { number: 'asc' } })
    const res = await pick(ticket, ['assignment:opcode-counter', `lecture:${lecture.slug}`])
    expect(res.status).toBe(200)
    const html = await res.text()
    const action = /action="([^"]+)"/.exec(html)![1]!
    const jwt = /name="JWT" value="([^"]+)"/.exec(html)![1]!
    expect(action).toBe(`${platform.issuer}/deep-link-return`)
    // the platform verifies the response against the tool JWKS and creates the columns
    const back = await fetch(action, { method: 'POST', body: new URLSearchParams({ JWT: jwt }) })
    expect(back.status).toBe(200)
    const items = platform.deepLinkResponses[0]!['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<string, unknown>[]
    expect(items.map((i) => (i.custom as Record<string, string>).resource)).toEqual(['assignment:opcode-counter', `lecture:${lecture.slug}`])
    expect(platform.deepLinkResponses[0]!['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe('opaque-platform-data')
    const column = platform.lineItemByResource('assignment:opcode-counter')!
    expect(column).toBeDefined()

    // the picker is single-use
    expect(await (await pick(ticket, ['assignment:opcode-counter'])).text()).toContain('expired or was already used')

    // a student opens the placed link and gets graded: the score goes to the column the LMS made, no second one
    const s = await fullLaunch(platform, { user: student, custom: { resource: 'assignment:opcode-counter' }, resourceLinkId: column.resourceLinkId })
    const studentId = (await sessionUserId(s.res))!
    const a = await assignmentBySlug('opcode-counter')
    await gradedSubmission({ userId: studentId, assignmentId: a.id, createdAt: new Date(a.dueAt.getTime() - 3600_000), score: 88 })
    const q = await prisma.question.findFirstOrThrow({ where: { lectureId: lecture.id, retiredAt: null } })
    await prisma.quizResponse.create({ data: { userId: studentId, questionId: q.id, attempt: 1, answer: {}, correct: true, pointsAwarded: q.points } })
    await sweepPassbacks(null)
    const deadline = Date.now() + 20_000
    while (platform.appliedScores(column.id, student.sub).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(platform.appliedScores(column.id, student.sub).map((x) => x.scoreGiven)).toEqual([88])
    const quizColumn = platform.lineItemByResource(`lecture:${lecture.slug}`)!
    while (platform.appliedScores(quizColumn.id, student.sub).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(platform.appliedScores(quizColumn.id, student.sub).map((x) => x.scoreGiven)).toEqual([q.points])
    expect([...platform.lineItems.values()].filter((li) => li.resourceId === 'assignment:opcode-counter')).toHaveLength(1)
  })

  it('refuses a deep-linking launch by a student', async () => {
    const { res, html } = await fullLaunch(platform, {
      user: { sub: 'dl-sneaky', name: 'Sneaky', roles: [ROLE.learner] },
      messageType: 'LtiDeepLinkingRequest',
    })
    expect(res.status).toBe(403)
    expect(html).toContain('Only instructors and TAs')
  })
})
