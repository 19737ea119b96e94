'use client'

import { useRouter } from 'next/navigation'
import { useEffect, useRef, useState } from 'react'

type Progress =
  | { type: 'phase'; phase: string; message?: string; seq: number }
  | { type: 'log'; chunk: string; seq: number }
  | { type: 'test'; index: number; total: number; name: string; seq: number }
  | { type: 'done'; status: string; seq: number }

const PHASES: Record<string, string> = {
  queued: 'Queued',
  starting: 'Starting the sandbox',
  applying: 'Applying your patch',
  building: 'Building the interpreter',
  testing: 'Running the tests',
  retrying: 'Retrying after a problem on our side',
  done: 'Done',
  error: 'Failed on our side',
}

/**
 * Follows a submission's progress over server-sent events. EventSource reconnects by itself after a dropped
 * connection and sends Last-Event-ID, so the server replays what was missed; when the run is over the page
 * reloads its data and shows the stored result.
 */
export function LiveStatus({ submissionId, initialPhase, queuePosition }: { submissionId: string; initialPhase: string; queuePosition: number | null }) {
  const [phase, setPhase] = useState(initialPhase)
  const [message, setMessage] = useState<string | null>(null)
  const [position, setPosition] = useState(queuePosition)
  const [test, setTest] = useState<{ index: number; total: number; name: string } | null>(null)
  const [log, setLog] = useState('')
  const [connected, setConnected] = useState(false)
  const [paused, setPaused] = useState(false)
  const router = useRouter()
  const logRef = useRef<HTMLPreElement>(null)

  useEffect(() => {
    let source: EventSource | null = null
    let lastSeq = 0
    let stopped = false
    let retry: ReturnType<typeof setTimeout> | undefined
    const stop = () => {
      stopped = true
      clearTimeout(retry)
      source?.close()
    }
    const open = () => {
      const es = new EventSource(`/api/submissions/${submissionId}/events${lastSeq ? `?after=${lastSeq}` : ''}`)
      source = es
      es.onopen = () => {
        setConnected(true)
        setPaused(false)
      }
      es.onerror = () => {
        setConnected(false)
        // EventSource gives up for good on an HTTP error (429: too many live streams open); try again later
        if (es.readyState === EventSource.CLOSED && !stopped) {
          setPaused(true)
          retry = setTimeout(open, 30_000)
        }
      }
      es.addEventListener('snapshot', (e) => {
        const s = JSON.parse((e as MessageEvent).data) as { status: string; queuePosition: number | null; phase: string | null }
        setPosition(s.queuePosition)
        if (s.phase) setPhase(s.phase)
        if (s.status !== 'QUEUED' && s.status !== 'RUNNING') {
          stop()
          router.refresh()
        }
      })
      es.addEventListener('progress', (e) => {
        const p = JSON.parse((e as MessageEvent).data) as Progress
        lastSeq = Math.max(lastSeq, p.seq)
        if (p.type === 'phase') {
          setPhase(p.phase)
          setMessage(p.message ?? null)
          setTest(null)
          if (p.phase !== 'queued') setPosition(null)
          if (p.phase === 'error') {
            stop()
            router.refresh()
          }
        } else if (p.type === 'log') setLog((l) => (l + p.chunk).slice(-6000))
        else if (p.type === 'test') {
          setPhase('testing')
          setTest({ index: p.index, total: p.total, name: p.name })
        } else if (p.type === 'done') {
          setPhase('done')
          stop()
          router.refresh()
        }
      })
    }
    open()
    return stop
  }, [submissionId, router])

  useEffect(() => {
    if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight
  }, [log])

  return (
    <section aria-labelledby="live-title" className="card">
      <h2 id="live-title" style={{ marginTop: 0 }}>
        Grading
      </h2>
      <p role="status" aria-live="polite" data-testid="phase">
        <strong>{PHASES[phase] ?? phase}</strong>
        {phase === 'queued' && position !== null && ` · position ${position} in the queue`}
        {phase === 'testing' && test && ` · public test ${test.index + 1} of ${test.total} (${test.name})`}
        {message && ` · ${message}`}
      </p>
      {!connected && !paused && <p className="hint">Connecting for live updates…</p>}
      {paused && (
        <p className="hint" role="status">
          Live updates are paused: too many pages follow a submission at once, or the connection failed. Close other result tabs; this page tries again every 30 seconds, and the result is kept either way.
        </p>
      )}
      {log && (
        <pre ref={logRef} aria-label="Build log (latest lines)" style={{ maxHeight: '16rem', overflow: 'auto', fontSize: '0.8rem' }}>
          {log}
        </pre>
      )}
    </section>
  )
}
