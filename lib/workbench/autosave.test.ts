import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { DraftAutosaver, type SaveOutcome } from './autosave'

type Call = { path: string; content: string; base: string | null; resolve: (o: SaveOutcome) => void; reject: (e: Error) => void }

/** A server stand-in whose answers the test gives by hand. */
function fakeServer() {
  const calls: Call[] = []
  let version = 0
  const save = (path: string, content: string, base: string | null) =>
    new Promise<SaveOutcome>((resolve, reject) => {
      calls.push({ path, content, base, resolve, reject })
    })
  const ok = (call: Call, replaced?: { content: string; updatedAt: string }) =>
    call.resolve({ ok: true, updatedAt: `v${++version}`, replaced: replaced ?? null })
  return { calls, save, ok }
}

async function settle() {
  // let promise callbacks run (fake timers do not touch microtasks)
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function saver(server: ReturnType<typeof fakeServer>, extra: Partial<ConstructorParameters<typeof DraftAutosaver>[0]> = {}) {
  return new DraftAutosaver({ save: server.save, debounceMs: 500, maxWaitMs: 2000, retryDelaysMs: [1000, 4000], ...extra })
}

describe('DraftAutosaver', () => {
  it('saves after a pause in typing, with the version it last saw', async () => {
    const server = fakeServer()
    const s = saver(server)
    s.track('Python/ceval.c', 'pristine', null)
    s.edit('Python/ceval.c', 'p')
    s.edit('Python/ceval.c', 'pr')
    vi.advanceTimersByTime(499)
    expect(server.calls).toHaveLength(0)
    expect(s.snapshot().state).toBe('pending')
    vi.advanceTimersByTime(1)
    expect(server.calls.map((c) => [c.content, c.base])).toEqual([['pr', null]])
    expect(s.snapshot().state).toBe('saving')
    server.ok(server.calls[0]!)
    await settle()
    expect(s.snapshot()).toMatchObject({ state: 'saved', files: [{ state: 'saved', error: null }] })
    expect(s.base('Python/ceval.c')).toBe('v1')
    s.edit('Python/ceval.c', 'pri')
    vi.advanceTimersByTime(500)
    expect(server.calls[1]).toMatchObject({ content: 'pri', base: 'v1' })
  })

  it('saves at the latest maxWait after the first unsaved edit, even while the student keeps typing', () => {
    const server = fakeServer()
    const s = saver(server)
    s.track('a.c', '', null)
    for (let t = 0; t < 2000; t += 250) {
      s.edit('a.c', `x${t}`)
      vi.advanceTimersByTime(250)
    }
    expect(server.calls.map((c) => c.content)).toEqual(['x1750'])
  })

  it('sends one request per file at a time and saves an edit made meanwhile right after', async () => {
    const server = fakeServer()
    const s = saver(server)
    s.track('a.c', 'a', null)
    s.edit('a.c', 'ab')
    vi.advanceTimersByTime(500)
    s.edit('a.c', 'abc')
    vi.advanceTimersByTime(5000)
    expect(server.calls).toHaveLength(1)
    expect(s.isDirty('a.c')).toBe(true)
    server.ok(server.calls[0]!)
    await settle()
    vi.advanceTimersByTime(500)
    expect(server.calls.map((c) => [c.content, c.base])).toEqual([
      ['ab', null],
      ['abc', 'v1'],
    ])
  })

  it('does not save an edit that was undone before the pause', () => {
    const server = fakeServer()
    const s = saver(server)
    s.track('a.c', 'a', 'v0')
    s.edit('a.c', 'ab')
    s.edit('a.c', 'a')
    vi.advanceTimersByTime(5000)
    expect(server.calls).toHaveLength(0)
    expect(s.hasUnsaved()).toBe(false)
  })

  it('reports a failed save and retries it with backoff, keeping the edit', async () => {
    const server = fakeServer()
    const changes = vi.fn()
    const s = saver(server, { onChange: changes })
    s.track('a.c', 'a', null)
    s.edit('a.c', 'ab')
    vi.advanceTimersByTime(500)
    server.calls[0]!.reject(new Error('Failed to fetch'))
    await settle()
    expect(s.snapshot()).toMatchObject({ state: 'error', files: [{ state: 'error', error: 'Failed to fetch' }] })
    expect(s.snapshot().files[0]!.retryAt).toBe(Date.now() + 1000)
    expect(s.hasUnsaved()).toBe(true)
    // typing during the wait does not hammer the server
    s.edit('a.c', 'abc')
    vi.advanceTimersByTime(999)
    expect(server.calls).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(server.calls[1]!.content).toBe('abc')
    server.calls[1]!.resolve({ ok: false, retryable: true, message: 'HTTP 503' })
    await settle()
    vi.advanceTimersByTime(3999)
    expect(server.calls).toHaveLength(2)
    vi.advanceTimersByTime(1)
    server.ok(server.calls[2]!)
    await settle()
    expect(s.snapshot()).toMatchObject({ state: 'saved', files: [{ error: null }] })
    expect(changes).toHaveBeenCalled()
  })

  it('does not retry a save the server refused for good, until the next edit', async () => {
    const server = fakeServer()
    const s = saver(server)
    s.track('a.c', 'a', null)
    s.edit('a.c', 'huge')
    vi.advanceTimersByTime(500)
    server.calls[0]!.resolve({ ok: false, retryable: false, message: 'Python/a.c is over the 2 MiB limit' })
    await settle()
    vi.advanceTimersByTime(60_000)
    expect(server.calls).toHaveLength(1)
    expect(s.snapshot().files[0]).toMatchObject({ state: 'error', retryAt: null })
    s.edit('a.c', 'small')
    vi.advanceTimersByTime(500)
    expect(server.calls[1]!.content).toBe('small')
  })

  it('tells the UI when its save replaced a version saved elsewhere', async () => {
    const server = fakeServer()
    const replaced = vi.fn()
    const s = saver(server, { onReplaced: replaced })
    s.track('a.c', 'a', 'v0')
    s.edit('a.c', 'mine')
    vi.advanceTimersByTime(500)
    server.ok(server.calls[0]!, { content: 'from my laptop', updatedAt: '2030-01-01T10:00:00.000Z' })
    await settle()
    expect(replaced).toHaveBeenCalledWith('a.c', { content: 'from my laptop', updatedAt: '2030-01-01T10:00:00.000Z' })
    expect(s.snapshot().state).toBe('saved')
  })

  it('flush saves everything at once and waits, and says whether it worked', async () => {
    const server = fakeServer()
    const s = saver(server)
    s.track('a.c', 'a', null)
    s.track('b.c', 'b', null)
    s.edit('a.c', 'a2')
    s.edit('b.c', 'b2')
    const flushed = s.flush()
    expect(server.calls.map((c) => c.path)).toEqual(['a.c', 'b.c'])
    server.ok(server.calls[0]!)
    server.ok(server.calls[1]!)
    expect(await flushed).toBe(true)
    expect(s.hasUnsaved()).toBe(false)

    s.edit('a.c', 'a3')
    const failing = s.flush()
    server.calls[2]!.resolve({ ok: false, retryable: false, message: 'refused' })
    expect(await failing).toBe(false)
    expect(s.snapshot().state).toBe('error')
  })

  it('ignores the late answer to a save made before the file was reloaded from the server', async () => {
    const server = fakeServer()
    const s = saver(server)
    s.track('a.c', 'a', null)
    s.edit('a.c', 'a2')
    vi.advanceTimersByTime(500)
    s.track('a.c', 'loaded', 'v9')
    server.ok(server.calls[0]!)
    await settle()
    expect(s.base('a.c')).toBe('v9')
    expect(s.snapshot().files[0]!.state).toBe('saved')
  })
})
