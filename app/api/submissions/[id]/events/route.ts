import { randomUUID } from 'node:crypto'

import { withAuth } from '@/lib/auth/guards'
import { AppError } from '@/lib/http/errors'
import { createRedis, sharedRedis } from '@/lib/queue/redis'
import {
  acquireStreamSlot,
  INITIAL_FILTER_STATE,
  progressBacklog,
  progressChannel,
  progressForViewer,
  releaseStreamSlot,
  renewStreamSlot,
  SSE_LIMITS,
  type ProgressSnapshot,
  type StampedEvent,
} from '@/lib/submissions/progress'
import { getSubmissionStreamAccess, queuedStanding } from '@/lib/submissions/view'

export const dynamic = 'force-dynamic'

const HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' }

/**
 * Server-sent events with a submission's live progress. On (re)connect the client sends Last-Event-ID and gets
 * what it missed from the backlog, then live events; a `snapshot` event carries the stored state first, so a
 * browser that connects after the run finished still sees the final result. Every event goes through
 * `progressForViewer`, so students never receive hidden tests as events. A stream holds a Redis connection: a user
 * has at most SSE_LIMITS.perUser open, and each ends after SSE_LIMITS.maxStreamMs (the browser reconnects).
 * While the submission waits in the queue, a fresh `snapshot` with its position and ETA follows every
 * SSE_LIMITS.standingRefreshMs, until the run's first event past "queued" arrives.
 */
export const GET = withAuth<{ id: string }>(async (req, { user, params }) => {
  const { view, audience } = await getSubmissionStreamAccess(params.id, user) // 404 unless the caller may see it
  const lastSeq = Number(req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('after') ?? 0) || 0
  const encoder = new TextEncoder()
  const stored: ProgressSnapshot = { status: view.status, queuePosition: view.queuePosition, queueEtaMs: view.queueEtaMs, phase: view.current?.phase ?? null }
  const snapshot = `event: snapshot\ndata: ${JSON.stringify(stored)}\n\n`
  if (view.status !== 'QUEUED' && view.status !== 'RUNNING') {
    // over: the snapshot says so and the page loads the stored result; no Redis connection, no slot
    return new Response(encoder.encode(`retry: 2000\n\n${snapshot}`), { headers: HEADERS })
  }

  const slotId = randomUUID()
  if (!(await acquireStreamSlot(sharedRedis(), user.id, slotId))) {
    throw new AppError(
      429,
      'too_many_streams',
      `You already follow ${SSE_LIMITS.perUser} submissions live in other tabs or windows. Close some of them, then reload this page; the result is also kept on the submission page.`,
    )
  }
  const subscriber = createRedis('client', { enableOfflineQueue: true, maxRetriesPerRequest: null })
  let closed = false
  let timers: ReturnType<typeof setTimeout>[] = []
  const shutdown = () => {
    if (closed) return false
    closed = true
    for (const t of timers) clearTimeout(t)
    timers = []
    subscriber.disconnect()
    releaseStreamSlot(sharedRedis(), user.id, slotId).catch(() => {})
    return true
  }
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text))
      }
      const close = () => {
        if (!shutdown()) return
        try {
          controller.close()
        } catch {}
      }
      const sendEvent = (e: StampedEvent) => {
        send(`id: ${e.seq}\nevent: progress\ndata: ${JSON.stringify(e)}\n\n`)
        if (e.type === 'done' || (e.type === 'phase' && e.phase === 'error')) timers.push(setTimeout(close, 250))
      }
      timers.push(setInterval(() => send(': keep-alive\n\n'), 15_000))
      timers.push(setInterval(() => void renewStreamSlot(sharedRedis(), user.id, slotId).catch(() => {}), SSE_LIMITS.renewMs))
      // a waiting submission must not hold a connection forever: end the stream, EventSource comes back with Last-Event-ID
      timers.push(setTimeout(close, SSE_LIMITS.maxStreamMs))
      req.signal.addEventListener('abort', close)
      // the queue moves while the student waits: re-send the standing until the run starts
      let started = view.status !== 'QUEUED'
      let refreshing = false
      const refreshStanding = async () => {
        if (started || closed || refreshing) return
        refreshing = true
        try {
          const standing = await queuedStanding(params.id)
          // an event past "queued" that arrived meanwhile is newer than this read
          if (started || closed) return
          if (!standing) {
            started = true
            return
          }
          const fresh: ProgressSnapshot = { status: 'QUEUED', queuePosition: standing.position, queueEtaMs: standing.etaMs, phase: 'queued' }
          send(`event: snapshot\ndata: ${JSON.stringify(fresh)}\n\n`)
        } catch {
          // the next refresh tries again; the stream itself goes on
        } finally {
          refreshing = false
        }
      }
      if (!started) timers.push(setInterval(() => void refreshStanding(), SSE_LIMITS.standingRefreshMs))
      send(`retry: 2000\n\n`)
      send(snapshot)

      // The student filter remembers what it saw (a hidden test started), so it reads the whole backlog in seq
      // order, sending only what comes after Last-Event-ID; live messages wait until the replay is done.
      let state = INITIAL_FILTER_STATE
      let highest = 0
      // a regraded submission's backlog still holds the earlier run's events (its "done" would end this stream)
      const runId = view.current?.id
      const handle = (e: StampedEvent) => {
        if (e.seq <= highest || (runId && e.runId !== runId)) return
        highest = e.seq
        if (e.type !== 'phase' || e.phase !== 'queued') started = true
        const r = progressForViewer(e, audience, state)
        state = r.state
        if (r.event && e.seq > lastSeq) sendEvent(r.event)
      }
      let pending: StampedEvent[] | null = []
      subscriber.on('message', (_channel, message) => {
        const e = JSON.parse(message) as StampedEvent
        if (pending) pending.push(e)
        else handle(e)
      })
      try {
        await subscriber.subscribe(progressChannel(params.id))
        // subscribe first, then replay: an event published in between is seen once (deduplicated by seq)
        for (const e of (await progressBacklog(sharedRedis(), params.id, 0)).sort((a, b) => a.seq - b.seq)) handle(e)
      } catch (error) {
        // a tab closed while subscribing disconnects the subscriber itself: nothing to report then
        if (!closed) console.warn(`progress stream for ${params.id} failed: ${(error as Error).message}`)
        close()
        return
      }
      const waiting = pending.sort((a, b) => a.seq - b.seq)
      pending = null
      for (const e of waiting) handle(e)
    },
    cancel() {
      shutdown()
    },
  })
  return new Response(stream, { headers: HEADERS })
})
