// Hostile drafts against the real database and pristine tree, through the route handlers (session mocked, everything
// below real): the review's exploit (a 2 MiB paste of a million identical lines into Python/ceval.c) and drafts at the
// limits leave the server's event loop free. Each case measures the event loop's delay while the request runs.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'

const auth = vi.hoisted(() => ({ user: null as SessionUser | null }))
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: async () => auth.user,
}))

import { PUT as putDraft } from '@/app/api/workbench/[slug]/draft/route'
import { GET as getPatch } from '@/app/api/workbench/[slug]/patch/route'
import { prisma } from '@/lib/db/prisma'
import { MAX_PATCH_BYTES } from '@/lib/grading/patch-policy'
import { patchedFiles, validatePatch } from '@/lib/patch'
import { countLines, MAX_DRAFT_FILE_LINES, readPristineText, workbenchTree } from '@/lib/workbench/pristine'

import { measureBlocking } from '../support/event-loop'
import { createUser, syncRealContent } from '../support/fixtures'

const SLUG = 'opcode-counter'
const CEVAL = 'Python/ceval.c'
/** A synchronous stretch longer than this fails the test: "answering in under a second", with a wide margin. */
const MAX_BLOCK_MS = 300

let pristineCeval = ''

beforeAll(async () => {
  await syncRealContent()
  const text = await readPristineText(CEVAL)
  if (text.kind !== 'text') throw new Error(`${CEVAL} is not readable as text`)
  pristineCeval = text.text
})
beforeEach(async () => {
  await prisma.draftFile.deleteMany()
  auth.user = null
})

const params = Promise.resolve({ slug: SLUG })
const put = (body: unknown) =>
  putDraft(
    new Request(`http://localhost/api/workbench/${SLUG}/draft`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    { params },
  )
const patch = () => getPatch(new Request(`http://localhost/api/workbench/${SLUG}/patch`), { params })

describe('hostile workbench drafts', () => {
  it("refuses the review's exploit (a million identical lines) at save, fast, naming the file, its lines and the limit", async () => {
    auth.user = await createUser()
    const { result: res, maxDelayMs, elapsedMs } = await measureBlocking(() => put({ path: CEVAL, content: 'x\n'.repeat(1_000_000), base: null }))
    expect(res.status).toBe(413)
    const { error } = await res.json()
    expect(error.code).toBe('too_many_lines')
    expect(error.message).toBe(
      `${CEVAL}: the draft has 1 000 000 lines; the workbench accepts at most 60 000 lines per file (the longest file of the tree has about 28 000). Nothing was saved; remove what you pasted by mistake.`,
    )
    expect(await prisma.draftFile.count()).toBe(0)
    expect(maxDelayMs, `event loop blocked ${maxDelayMs.toFixed(0)} ms`).toBeLessThan(MAX_BLOCK_MS)
    expect(elapsedMs).toBeLessThan(1000)
  })

  it('diffs a draft at the line limit that shares nothing with the file (the quadratic case) without blocking, and the patch is exact', async () => {
    auth.user = await createUser()
    const content = 'x\n'.repeat(MAX_DRAFT_FILE_LINES)
    expect((await put({ path: CEVAL, content, base: null })).status).toBe(200)

    const { result: res, maxDelayMs, elapsedMs } = await measureBlocking(() => patch())
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(maxDelayMs, `event loop blocked ${maxDelayMs.toFixed(0)} ms`).toBeLessThan(MAX_BLOCK_MS)
    expect(elapsedMs).toBeLessThan(1000)

    // one replaced block, applying exactly (in memory here; the unit tests apply such patches with the real patch -p1)
    expect(text.startsWith(`--- a/${CEVAL}\n+++ b/${CEVAL}\n@@ -1,${countLines(pristineCeval)} +1,${MAX_DRAFT_FILE_LINES} @@\n`)).toBe(true)
    const tree = await workbenchTree()
    const [applied] = await patchedFiles(text, (p) => tree.readFile(p))
    expect(applied).toMatchObject({ path: CEVAL, error: null, modified: content })
    // and within the submission size limit it validates like any patch
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_PATCH_BYTES)
    expect(validatePatch(text, { allowedPaths: [CEVAL], allowCreate: [], pristineHas: (p) => p === CEVAL }).ok).toBe(true)
  })

  it('diffs a draft at the line limit with scattered edits everywhere, again without blocking', async () => {
    auth.user = await createUser()
    // every pristine line kept, with a new line after each one: an edit distance of thousands
    const lines = pristineCeval.split('\n')
    const content = lines.map((l, i) => (i % 2 === 0 ? `${l}\n/* ${i} */` : l)).join('\n')
    expect((await put({ path: CEVAL, content, base: null })).status).toBe(200)
    const { result: res, maxDelayMs } = await measureBlocking(() => patch())
    expect(res.status).toBe(200)
    expect(maxDelayMs, `event loop blocked ${maxDelayMs.toFixed(0)} ms`).toBeLessThan(MAX_BLOCK_MS)
    const tree = await workbenchTree()
    const [applied] = await patchedFiles(await res.text(), (p) => tree.readFile(p))
    expect(applied?.modified).toBe(content)
  })

  it('refuses to diff a draft saved before the line limit existed, with the way out, and fast', async () => {
    const student = await createUser()
    auth.user = student
    const assignment = await prisma.assignment.findFirstOrThrow({ where: { slug: SLUG } })
    await prisma.draftFile.create({ data: { userId: student.id, assignmentId: assignment.id, path: CEVAL, content: 'x\n'.repeat(1_000_000) } })
    const { result: res, maxDelayMs, elapsedMs } = await measureBlocking(() => patch())
    expect(res.status).toBe(413)
    const { error } = await res.json()
    expect(error).toMatchObject({
      code: 'too_many_lines',
      message: `${CEVAL}: the draft has 1 000 000 lines; the workbench accepts at most 60 000 lines per file. Reset ${CEVAL} or load a smaller version of it.`,
    })
    expect(maxDelayMs, `event loop blocked ${maxDelayMs.toFixed(0)} ms`).toBeLessThan(MAX_BLOCK_MS)
    expect(elapsedMs).toBeLessThan(1000)
  })
})
