// A patch is stored only if it applies to the pristine files exactly: a hunk whose context differs slightly (what
// GNU patch's default fuzz would paper over) or that sits a few lines from where its header says (an offset) gets a
// 422 naming the file, the hunk and the line, through the paste form's server action and through the API route, and
// nothing is stored or queued. The patches are made from this machine's own pristine tree (2.7.8 here, 2.7.18 on
// CI), so the same tests hold on both. The session is mocked; PostgreSQL and Redis are real.
import { Queue } from 'bullmq'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'

const auth = vi.hoisted(() => ({ user: null as SessionUser | null }))
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: async () => auth.user,
}))

import { POST as postSubmission } from '@/app/api/assignments/[slug]/submissions/route'
import { submitPatchAction } from '@/app/homework/[slug]/actions/submit-patch'
import { queuePrefix } from '@/lib/config/env'
import { pristineTree } from '@/lib/cpython/tree'
import { prisma } from '@/lib/db/prisma'
import { closeGradingQueue, gradingQueue, GRADING_QUEUE } from '@/lib/queue/grading-queue'
import { createRedis } from '@/lib/queue/redis'
import { pristineBaseline } from '@/lib/submissions/pristine-files'
import { createApiToken } from '@/lib/tokens/api-tokens'

import { createUser, syncRealContent } from '../../support/fixtures'

const SLUG = 'opcode-counter'
const FILE = 'Python/sysmodule.c'
let pristine: string[]

beforeAll(async () => {
  await syncRealContent()
  pristine = (await (await pristineTree()).readFile(FILE)).split('\n')
})
afterAll(async () => {
  await gradingQueue().obliterate({ force: true })
  await closeGradingQueue()
})
beforeEach(async () => {
  await prisma.gradingRun.deleteMany()
  await prisma.submission.deleteMany()
  await gradingQueue().obliterate({ force: true })
})

async function stored() {
  const q = new Queue(GRADING_QUEUE, { connection: createRedis('client'), prefix: queuePrefix() })
  const jobs = await q.getJobs(['waiting', 'prioritized', 'delayed', 'active'])
  await q.close()
  return { submissions: await prisma.submission.count(), runs: await prisma.gradingRun.count(), jobs: jobs.length }
}

/** 0-based index of the first line of the pristine file matching `pattern`. */
function lineOf(pattern: RegExp): number {
  const i = pristine.findIndex((l) => pattern.test(l))
  expect(i, `${FILE} has a line matching ${pattern}`).toBeGreaterThan(3)
  return i
}

type HunkSpec = { before: number; add: string; shift?: number; changeFirstContext?: boolean }

/**
 * A two-hunk git diff of FILE, each hunk inserting a comment before line `before` (0-based) with three lines of
 * context on each side. `shift` moves a hunk's header away from where its lines are; `changeFirstContext` alters its
 * first context line slightly (a trailing space), which patch's default fuzz would ignore.
 */
function makePatch(hunks: HunkSpec[]): { text: string; lines: string[] } {
  const out = [`diff --git a/${FILE} b/${FILE}`, `--- a/${FILE}`, `+++ b/${FILE}`]
  let added = 0
  for (const h of hunks) {
    const start = h.before - 3 + 1 + (h.shift ?? 0)
    out.push(`@@ -${start},6 +${start + added},7 @@`)
    const context = pristine.slice(h.before - 3, h.before + 3)
    if (h.changeFirstContext) context[0] = `${context[0]} `
    out.push(...context.slice(0, 3).map((l) => ` ${l}`), `+${h.add}`, ...context.slice(3).map((l) => ` ${l}`))
    added++
  }
  const text = `${out.join('\n')}\n`
  return { text, lines: out }
}

async function viaAction(patch: string) {
  return submitPatchAction({ slug: SLUG, patch, source: 'PASTE', fileName: 'hw3.diff' })
}

async function viaApi(patch: string, token: string) {
  const req = new Request(`http://localhost/api/assignments/${SLUG}/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: patch,
  })
  const res = await postSubmission(req, { params: Promise.resolve({ slug: SLUG }) })
  return { status: res.status, body: (await res.json()) as { number?: number; error?: { code: string; message: string; details?: unknown } } }
}

describe('a patch must apply exactly', () => {
  let token: string
  let first: number
  let second: number
  beforeEach(async () => {
    auth.user = await createUser()
    token = (await createApiToken(auth.user.id, 'terminal')).token
    first = lineOf(/^#include "/)
    second = lineOf(/^sys_getrecursionlimit\(/)
    expect(second - first).toBeGreaterThan(10)
  })

  it('a clean patch made against this tree is accepted through the form and the API', async () => {
    const clean = makePatch([
      { before: first, add: '/* one */' },
      { before: second, add: '/* two */' },
    ]).text
    const action = await viaAction(clean)
    expect(action).toMatchObject({ ok: true, data: { number: 1 } })
    expect(await viaApi(clean, token)).toMatchObject({ status: 202, body: { number: 2 } })
    expect(await stored()).toEqual({ submissions: 2, runs: 2, jobs: 2 })
  })

  it('a hunk whose context differs slightly (fuzz) gets 422 naming the file, hunk, header and patch line, and stores nothing', async () => {
    const { text, lines } = makePatch([
      { before: first, add: '/* one */' },
      { before: second, add: '/* two */', changeFirstContext: true },
    ])
    const header = lines[lines.findLastIndex((l) => l.startsWith('@@'))]!
    const changedLine = lines.findLastIndex((l) => l.startsWith('@@')) + 2 // 1-based: the line after the header
    const fileLine = second - 3 + 1

    const action = await viaAction(text)
    expect(action).toMatchObject({ ok: false, status: 422, error: { code: 'patch_does_not_apply' } })
    const message = action.ok ? '' : action.error.message
    expect(message).toContain(`hw3.diff line ${changedLine}: hunk 2 (${header}) does not apply to ${FILE}: line ${fileLine} of ${FILE} is `)
    expect(message).toContain(`Nothing was stored.`)
    expect(message).toContain(`regenerate it with \`git diff > hw.diff\` in an unmodified ${(await pristineBaseline()).version} checkout`)
    if (!action.ok) expect(action.error).toMatchObject({ details: { file: FILE, hunk: { index: 2, header }, patchLine: changedLine, fileLine } })

    const api = await viaApi(text, token)
    expect(api.status).toBe(422)
    expect(api.body.error?.code).toBe('patch_does_not_apply')
    expect(api.body.error?.message).toContain(`the patch line ${changedLine}: hunk 2 (${header}) does not apply to ${FILE}`)
    expect(await stored()).toEqual({ submissions: 0, runs: 0, jobs: 0 })
  })

  it('a hunk two lines from where its header says (an offset) gets 422 against the course baseline; elsewhere only its text must match', async () => {
    const { text, lines } = makePatch([
      { before: first, add: '/* one */' },
      { before: second, add: '/* two */', shift: 2 },
    ])
    const baseline = await pristineBaseline()
    const action = await viaAction(text)
    const api = await viaApi(text, token)
    if (baseline.authored) {
      // the tree students write their patches against: the lines must be exactly where the header says
      const header = lines[lines.findLastIndex((l) => l.startsWith('@@'))]!
      expect(action).toMatchObject({ ok: false, status: 422, error: { code: 'patch_does_not_apply' } })
      expect(action.ok ? '' : action.error.message).toMatch(
        new RegExp(`^hw3\\.diff line \\d+: hunk 2 \\(${header.replace(/[+]/g, '\\+')}\\) does not apply to ${FILE}: line \\d+ of ${FILE} is `),
      )
      expect(api).toMatchObject({ status: 422, body: { error: { code: 'patch_does_not_apply' } } })
      expect(await stored()).toEqual({ submissions: 0, runs: 0, jobs: 0 })
    } else {
      // another version's tree (CI's 2.7.18): a course patch's line numbers are off there, so offsets are allowed
      expect(action).toMatchObject({ ok: true })
      expect(api.status).toBe(202)
      expect(await stored()).toMatchObject({ submissions: 2 })
    }
  })
})
