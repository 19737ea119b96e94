// The terminal submission route reads its body as a stream with a byte cap: a chunked upload with no Content-Length
// far larger than the patch limit gets 413 once the cap is passed, the rest of it is never read (memory stays at the
// cap, not the body), and nothing is stored. The workbench runs route caps its JSON body the same way. API tokens,
// PostgreSQL and Redis are real; the session cookie is mocked.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'

const auth = vi.hoisted(() => ({ user: null as SessionUser | null }))
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: async () => auth.user,
}))

import { POST as postSubmission } from '@/app/api/assignments/[slug]/submissions/route'
import { POST as postRun } from '@/app/api/workbench/[slug]/runs/route'
import { prisma } from '@/lib/db/prisma'
import { closeGradingQueue, gradingQueue } from '@/lib/queue/grading-queue'
import { MAX_PATCH_BYTES } from '@/lib/grading/patch-policy'
import { createApiToken } from '@/lib/tokens/api-tokens'

import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'

const SLUG = 'opcode-counter'
const CHUNK = 64 * 1024
const params = { params: Promise.resolve({ slug: SLUG }) }

beforeAll(async () => {
  await syncRealContent()
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

/** `total` bytes of patch-looking text, made one 64 KiB chunk per pull; counts what the server pulled. */
function chunkedBody(total: number) {
  const state = { pulled: 0, cancelled: false }
  const line = new TextEncoder().encode('+/* padding padding padding padding padding padding padding padding */\n')
  const chunk = new Uint8Array(CHUNK)
  for (let i = 0; i < CHUNK; i++) chunk[i] = line[i % line.length]!
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled >= total) return controller.close()
        const n = Math.min(CHUNK, total - state.pulled)
        state.pulled += n
        controller.enqueue(chunk.slice(0, n))
      },
      cancel() {
        state.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, state }
}

function streamedRequest(url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  const req = new Request(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit)
  expect(req.headers.get('content-length')).toBeNull()
  return req
}

describe('request bodies are capped without a Content-Length', () => {
  let token: string
  beforeEach(async () => {
    auth.user = await createUser()
    token = (await createApiToken(auth.user.id, 'terminal')).token
  })

  it('a 256 MiB chunked upload to the submission route gets 413 after reading no more than the cap, and nothing is stored', async () => {
    const { stream, state } = chunkedBody(256 * 1024 * 1024)
    const before = process.memoryUsage().arrayBuffers
    const res = await postSubmission(
      streamedRequest(`http://localhost/api/assignments/${SLUG}/submissions`, stream, { authorization: `Bearer ${token}` }),
      params,
    )
    const grew = process.memoryUsage().arrayBuffers - before

    expect(res.status).toBe(413)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('patch_too_large')
    expect(body.error.message).toBe(`The patch is larger than the ${MAX_PATCH_BYTES / 1024} KiB limit. Did it include build output?`)
    expect(state.cancelled).toBe(true)
    expect(state.pulled).toBeGreaterThan(MAX_PATCH_BYTES)
    expect(state.pulled).toBeLessThanOrEqual(MAX_PATCH_BYTES + 4 * CHUNK)
    // what was held is bounded by the cap, not by the 256 MiB sent
    expect(grew).toBeLessThan(16 * 1024 * 1024)
    expect(await prisma.submission.count()).toBe(0)
  })

  it('a declared Content-Length over the limit gets 413 at once', async () => {
    const { stream, state } = chunkedBody(MAX_PATCH_BYTES + CHUNK)
    const req = new Request(`http://localhost/api/assignments/${SLUG}/submissions`, {
      method: 'POST',
      body: stream,
      headers: { authorization: `Bearer ${token}`, 'content-length': String(MAX_PATCH_BYTES + CHUNK) },
      duplex: 'half',
    } as RequestInit)
    const res = await postSubmission(req, params)
    expect(res.status).toBe(413)
    expect(state.pulled).toBeLessThanOrEqual(CHUNK)
    expect(await prisma.submission.count()).toBe(0)
  })

  it('a patch sent in small chunks without a Content-Length is read whole and accepted', async () => {
    const bytes = new TextEncoder().encode(solutionPatch(SLUG))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes.length) return controller.close()
        controller.enqueue(bytes.slice(sent, sent + 700))
        sent += 700
      },
    })
    const res = await postSubmission(
      streamedRequest(`http://localhost/api/assignments/${SLUG}/submissions`, stream, { authorization: `Bearer ${token}` }),
      params,
    )
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    expect((await prisma.submission.findUniqueOrThrow({ where: { id } })).patchBytes).toBe(bytes.length)
  })

  it('the workbench runs route refuses a chunked JSON body over its 2 MiB cap the same way', async () => {
    const { stream, state } = chunkedBody(64 * 1024 * 1024)
    const res = await postRun(streamedRequest(`http://localhost/api/workbench/${SLUG}/runs`, stream, { 'content-type': 'application/json' }), params)
    expect(res.status).toBe(413)
    expect(state.cancelled).toBe(true)
    expect(state.pulled).toBeLessThanOrEqual(2 * 1024 * 1024 + 4 * CHUNK)
    expect(await prisma.submission.count()).toBe(0)
  })
})
