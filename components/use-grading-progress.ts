'use client'

import { useEffect, useState } from 'react'

import { applyProgress, applySnapshot, initialProgress, type LiveProgress } from '@/lib/submissions/live-progress'
import type { ProgressSnapshot, StampedEvent } from '@/lib/submissions/progress'

export type GradingProgress = {
  progress: LiveProgress
  /** the stream is open */
  connected: boolean
  /** the stream was refused or failed for good (429: too many live streams open); it is retried every 30 s */
  paused: boolean
}

export const PAUSED_RETRY_MS = 30_000

/**
 * Follows a submission's grading over server-sent events (GET /api/submissions/:id/events, already filtered
 * for this viewer on the server). EventSource reconnects by itself with Last-Event-ID and the server replays what
 * was missed; after an HTTP error it gives up, so the stream is reopened every 30 s with `?after=` the last seq.
 * The stream closes once `progress.over`: the caller then reads the stored result.
 */
export function useGradingProgress(
  submissionId: string,
  initial: { phase?: string; queuePosition?: number | null; queueEtaMs?: number | null } = {},
): GradingProgress {
  const [live, setLive] = useState<GradingProgress>(() => ({
    progress: initialProgress(initial.phase, initial.queuePosition ?? null, initial.queueEtaMs ?? null),
    connected: false,
    paused: false,
  }))

  // biome-ignore lint/correctness/useExhaustiveDependencies: one stream per submission; the initial phase only seeds it, and a later prop change must not reopen it
  useEffect(() => {
    let state = initialProgress(initial.phase, initial.queuePosition ?? null, initial.queueEtaMs ?? null)
    let source: EventSource | null = null
    let stopped = false
    let retry: ReturnType<typeof setTimeout> | undefined
    const stop = () => {
      stopped = true
      clearTimeout(retry)
      source?.close()
    }
    const update = (next: LiveProgress) => {
      state = next
      setLive((l) => ({ ...l, progress: next }))
      if (next.over) stop()
    }
    const open = () => {
      const es = new EventSource(`/api/submissions/${encodeURIComponent(submissionId)}/events${state.lastSeq ? `?after=${state.lastSeq}` : ''}`)
      source = es
      es.onopen = () => setLive((l) => ({ ...l, connected: true, paused: false }))
      es.onerror = () => {
        setLive((l) => ({ ...l, connected: false }))
        // EventSource gives up for good on an HTTP error (429: too many live streams open); try again later
        if (es.readyState === EventSource.CLOSED && !stopped) {
          setLive((l) => ({ ...l, paused: true }))
          retry = setTimeout(open, PAUSED_RETRY_MS)
        }
      }
      es.addEventListener('snapshot', (e) => update(applySnapshot(state, JSON.parse((e as MessageEvent<string>).data) as ProgressSnapshot)))
      es.addEventListener('progress', (e) => update(applyProgress(state, JSON.parse((e as MessageEvent<string>).data) as StampedEvent)))
    }
    open()
    return stop
    // the initial phase and position only seed the state; a new submission id starts over
  }, [submissionId])

  return live
}
