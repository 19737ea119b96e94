import { afterEach, describe, expect, it, vi } from 'vitest'

import { ApiError, apiFetch, jsonRequest, NETWORK_ERROR_MESSAGE, SESSION_ENDED_MESSAGE } from '@/components/api-client'

const respond = (status: number, body: unknown) =>
  vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))

afterEach(() => {
  vi.unstubAllGlobals()
})

async function failure(call: Promise<unknown>): Promise<ApiError> {
  const e = await call.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ApiError)
  return e as ApiError
}

describe('apiFetch', () => {
  it('returns the JSON body and sends JSON requests with their content type', async () => {
    const fetch = respond(200, { ok: 1 })
    vi.stubGlobal('fetch', fetch)
    expect(await apiFetch('/api/x', jsonRequest('PUT', { a: 1 }))).toEqual({ ok: 1 })
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(init).toMatchObject({ method: 'PUT', body: '{"a":1}', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' } })
  })

  it("turns an error response into an ApiError with the server's code, message and details", async () => {
    vi.stubGlobal('fetch', respond(422, { error: { code: 'patch_rejected', message: 'hw.diff line 3: bad path', details: { errors: [1] } } }))
    const e = await failure(apiFetch('/api/x'))
    expect([e.status, e.code, e.message, e.details]).toEqual([422, 'patch_rejected', 'hw.diff line 3: bad path', { errors: [1] }])
  })

  it('says the session ended on 401, in the wording the page asks for', async () => {
    vi.stubGlobal('fetch', respond(401, { error: { code: 'unauthorized', message: 'Sign in first.' } }))
    expect((await failure(apiFetch('/api/x'))).message).toBe(SESSION_ENDED_MESSAGE)
    expect((await failure(apiFetch('/api/x', {}, { sessionEnded: 'Sign in again; your answers are kept.' }))).message).toBe(
      'Sign in again; your answers are kept.',
    )
  })

  it('names a network failure and an error without a JSON body', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    )
    expect(await failure(apiFetch('/api/x'))).toMatchObject({ status: 0, code: 'network', message: NETWORK_ERROR_MESSAGE })
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } })),
    )
    expect(await failure(apiFetch('/api/x'))).toMatchObject({ status: 502, code: 'http_error', message: 'The request failed (HTTP 502).' })
  })
})
