import { withAuth } from '@/lib/auth/guards'
import { createRedis, sharedRedis } from '@/lib/queue/redis'
import { progressBacklog, progressChannel, type StampedEvent } from '@/lib/submissions/progress'
import { getSubmissionView } from '@/lib/submissions/view'

export const dynamic = 'force-dynamic'

/**
 * Server-sent events with a submission's live progress. On (re)connect the client sends Last-Event-ID and gets
 * what it missed from the backlog, then live events; a `snapshot` event carries the stored state first, so a
 * browser that connects after the run finished still sees the final result.
 */
export const GET = withAuth<{ id: string }>(async (req, { user, params }) => {
  const view = await getSubmissionView(params.id, user) // 404 unless the caller may see it
  const lastSeq = Number(req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('after') ?? 0) || 0
  const encoder = new TextEncoder()
  const subscriber = createRedis('client', { enableOfflineQueue: true, maxRetriesPerRequest: null })
  let closed = false
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text))
      }
      const close = () => {
        if (closed) return
        closed = true
        clearInterval(ping)
        subscriber.disconnect()
        try {
          controller.close()
        } catch {}
      }
      const sendEvent = (e: StampedEvent) => {
        send(`id: ${e.seq}\nevent: progress\ndata: ${JSON.stringify(e)}\n\n`)
        if (e.type === 'done' || (e.type === 'phase' && e.phase === 'error')) setTimeout(close, 250)
      }
      const ping = setInterval(() => send(': keep-alive\n\n'), 15_000)
      req.signal.addEventListener('abort', close)
      send(`retry: 2000\n\n`)
      send(`event: snapshot\ndata: ${JSON.stringify({ status: view.status, queuePosition: view.queuePosition, phase: view.current?.phase ?? null })}\n\n`)
      if (view.status !== 'QUEUED' && view.status !== 'RUNNING') {
        close()
        return
      }
      let highest = lastSeq
      subscriber.on('message', (_channel, message) => {
        const e = JSON.parse(message) as StampedEvent
        if (e.seq <= highest) return
        highest = e.seq
        sendEvent(e)
      })
      await subscriber.subscribe(progressChannel(params.id))
      // subscribe first, then replay: an event published in between is seen once (deduplicated by seq)
      for (const e of await progressBacklog(sharedRedis(), params.id, lastSeq)) {
        if (e.seq <= highest) continue
        highest = e.seq
        sendEvent(e)
      }
    },
    cancel() {
      closed = true
      subscriber.disconnect()
    },
  })
  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' } })
})
