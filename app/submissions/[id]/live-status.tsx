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
  const router = useRouter()
  const logRef = useRef<HTMLPreElement>(null)

  useEffect(() => {
    const source = new EventSource(`/api/submissions/${submissionId}/events`)
    source.onopen = () => setConnected(true)
    source.onerror = () => setConnected(false)
    source.addEventListener('snapshot', (e) => {
      const s = JSON.parse((e as MessageEvent).data) as { status: string; queuePosition: number | null; phase: string | null }
      setPosition(s.queuePosition)
      if (s.phase) setPhase(s.phase)
      if (s.status !== 'QUEUED' && s.status !== 'RUNNING') {
        source.close()
        router.refresh()
      }
    })
    source.addEventListener('progress', (e) => {
      const p = JSON.parse((e as MessageEvent).data) as Progress
      if (p.type === 'phase') {
        setPhase(p.phase)
        setMessage(p.message ?? null)
        if (p.phase !== 'queued') setPosition(null)
        if (p.phase === 'error') {
          source.close()
          router.refresh()
        }
      } else if (p.type === 'log') setLog((l) => (l + p.chunk).slice(-6000))
      else if (p.type === 'test') {
        setPhase('testing')
        setTest({ index: p.index, total: p.total, name: p.name })
      } else if (p.type === 'done') {
        setPhase('done')
        source.close()
        router.refresh()
      }
    })
    return () => source.close()
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
        {phase === 'testing' && test && ` · test ${test.index + 1} of ${test.total} (${test.name})`}
        {message && ` · ${message}`}
      </p>
      {!connected && <p className="hint">Connecting for live updates…</p>}
      {log && (
        <pre ref={logRef} aria-label="Build log (latest lines)" style={{ maxHeight: '16rem', overflow: 'auto', fontSize: '0.8rem' }}>
          {log}
        </pre>
      )}
    </section>
  )
}
