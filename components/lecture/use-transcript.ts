'use client'

import { useEffect, useState } from 'react'

import type { Cue } from '@/lib/lectures/webvtt'

export type TranscriptState = { cues: Cue[]; hiddenAfter: number | null } | null

/**
 * The lecture's transcript as this student may read it, fetched again whenever `gateKey` changes (a required
 * question was answered, so more of it may be shown). null until loaded, or when the lecture has none.
 */
export function useTranscript(slug: string, enabled: boolean, gateKey: string): { transcript: TranscriptState; error: string | null } {
  const [transcript, setTranscript] = useState<TranscriptState>(null)
  const [error, setError] = useState<string | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: gateKey is the reason to fetch again (more of the transcript may now be shown)
  useEffect(() => {
    if (!enabled) return
    let cancelled = false
    fetch(`/api/lectures/${encodeURIComponent(slug)}/transcript`, { cache: 'no-store' })
      .then(async (res) => {
        if (!res.ok) throw new Error(`The transcript could not be loaded (HTTP ${res.status}). Reload the page to try again.`)
        return (await res.json()) as { cues: Cue[]; hiddenAfter: number | null }
      })
      .then(
        (data) => {
          if (cancelled) return
          setTranscript({ cues: data.cues, hiddenAfter: data.hiddenAfter })
          setError(null)
        },
        (e: Error) => !cancelled && setError(e.message),
      )
    return () => {
      cancelled = true
    }
  }, [slug, enabled, gateKey])
  return { transcript, error }
}
