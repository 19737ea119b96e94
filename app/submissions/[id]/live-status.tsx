'use client'

import { useRouter } from 'next/navigation'
import { useEffect, useRef } from 'react'

import { useGradingProgress } from '@/components/use-grading-progress'
import { phaseLabel, queueStandingLabel } from '@/lib/submissions/live-progress'

/**
 * Follows a submission's progress live (components/use-grading-progress.ts); when the run is over the page
 * reloads its data and shows the stored result.
 */
export function LiveStatus({
  submissionId,
  initialPhase,
  queuePosition,
  queueEtaMs,
}: {
  submissionId: string
  initialPhase: string
  queuePosition: number | null
  queueEtaMs: number | null
}) {
  const { progress, connected, paused } = useGradingProgress(submissionId, { phase: initialPhase, queuePosition, queueEtaMs })
  const { phase, message, test, log } = progress
  const router = useRouter()
  const logRef = useRef<HTMLPreElement>(null)

  useEffect(() => {
    if (progress.over) router.refresh()
  }, [progress.over, router])

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs each time the log grows, to keep its end in view
  useEffect(() => {
    if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight
  }, [log])

  return (
    <section aria-labelledby="live-title" className="card">
      <h2 id="live-title" style={{ marginTop: 0 }}>
        Grading
      </h2>
      <p role="status" aria-live="polite" data-testid="phase">
        <strong>{phaseLabel(phase)}</strong>
        {phase === 'queued' && progress.queuePosition !== null && (
          <span data-testid="queue-standing"> · {queueStandingLabel(progress.queuePosition, progress.queueEtaMs)}</span>
        )}
        {phase === 'testing' && test && ` · public test ${test.index + 1} of ${test.total} (${test.name})`}
        {message && ` · ${message}`}
      </p>
      {!connected && !paused && <p className="hint">Connecting for live updates…</p>}
      {paused && (
        <p className="hint" role="status">
          Live updates are paused: too many pages follow a submission at once, or the connection failed. Close other result tabs; this page tries again every 30
          seconds, and the result is kept either way.
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
