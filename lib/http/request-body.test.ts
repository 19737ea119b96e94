import { describe, expect, it } from 'vitest'

import { AppError } from './errors'
import { readBodyBytes, readJsonBody } from './request-body'

const CHUNK = 64 * 1024

/**
 * A body of `total` bytes made on demand, one 64 KiB chunk per pull, like a chunked upload with no Content-Length.
 * `pulled` counts what the reader actually asked for; `cancelled` says whether it hung up.
 */
function endlessBody(total: number, fill = 0x61) {
  const state = { pulled: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled >= total) return controller.close()
        const n = Math.min(CHUNK, total - state.pulled)
        state.pulled += n
        controller.enqueue(new Uint8Array(n).fill(fill))
      },
      cancel() {
        state.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, state }
}

function chunkedRequest(stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  const req = new Request('http://localhost/x', { method: 'POST', body: stream, headers, duplex: 'half' } as RequestInit)
  expect(req.headers.get('content-length')).toBeNull()
  return req
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('readBodyBytes', () => {
  it('stops reading a chunked body without Content-Length soon after the cap: 413, and the rest is never pulled', async () => {
    const cap = 512 * 1024
    const { stream, state } = endlessBody(256 * 1024 * 1024)
    const error = await failure(readBodyBytes(chunkedRequest(stream), cap))
    expect([error.status, error.code]).toEqual([413, 'body_too_large'])
    expect(state.cancelled).toBe(true)
    // a 256 MiB body, of which at most the cap and a few chunks in flight were read
    expect(state.pulled).toBeGreaterThan(cap)
    expect(state.pulled).toBeLessThanOrEqual(cap + 4 * CHUNK)
  })

  it('returns a chunked body up to the cap byte for byte, and refuses one byte more', async () => {
    const exact = endlessBody(3 * CHUNK + 17, 0x62)
    const bytes = await readBodyBytes(chunkedRequest(exact.stream), 3 * CHUNK + 17)
    expect(bytes.length).toBe(3 * CHUNK + 17)
    expect(bytes.every((b) => b === 0x62)).toBe(true)
    const over = endlessBody(3 * CHUNK + 18)
    expect((await failure(readBodyBytes(chunkedRequest(over.stream), 3 * CHUNK + 17))).status).toBe(413)
  })

  it('refuses a declared Content-Length over the cap before reading anything, with the caller’s error', async () => {
    const req = new Request('http://localhost/x', { method: 'POST', body: 'x'.repeat(2000), headers: { 'content-length': '2000' } })
    const error = await failure(readBodyBytes(req, 1000, () => new AppError(413, 'patch_too_large', 'too big')))
    expect([error.status, error.code]).toEqual([413, 'patch_too_large'])
  })
})

describe('readJsonBody', () => {
  it('caps a chunked JSON body with no Content-Length the same way', async () => {
    const { stream, state } = endlessBody(64 * 1024 * 1024)
    const error = await failure(readJsonBody(chunkedRequest(stream, { 'content-type': 'application/json' }), 2 * 1024 * 1024))
    expect(error.status).toBe(413)
    expect(state.cancelled).toBe(true)
    expect(state.pulled).toBeLessThanOrEqual(2 * 1024 * 1024 + 4 * CHUNK)
  })

  it('still parses a small chunked body', async () => {
    const text = JSON.stringify({ kind: 'practice', pad: 'x'.repeat(3 * CHUNK) })
    const bytes = new TextEncoder().encode(text)
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes.length) return controller.close()
        controller.enqueue(bytes.slice(sent, sent + 1000))
        sent += 1000
      },
    })
    expect(await readJsonBody(chunkedRequest(stream, { 'content-type': 'application/json' }), 1024 * 1024)).toEqual(JSON.parse(text))
  })
})
