// What a browser shows of a run while it is graded, as a pure reducer over the SSE stream (lib/submissions/
// progress.ts types the events; the server has already filtered them for the viewer). Client-safe: type imports only.
import type { ProgressSnapshot, StampedEvent } from './progress'

/** One wording per phase for every live view (the stored `GradingRun.phase` and the phases of progress events). */
export const PHASE_LABELS: Readonly<Record<string, string>> = {
  queued: 'Waiting in the queue',
  starting: 'Starting the sandbox',
  building: 'Building the interpreter',
  testing: 'Running the tests',
  retrying: 'Retrying after a problem on our side',
  done: 'Done',
  error: 'Failed on our side',
}

export const phaseLabel = (phase: string): string => PHASE_LABELS[phase] ?? phase

/** The build log a live view keeps (its latest characters); the full log comes with the stored result. */
export const LIVE_LOG_TAIL_CHARS = 8000

export type LiveProgress = {
  phase: string
  message: string | null
  queuePosition: number | null
  /** while queued: milliseconds until the result, as last estimated by the server (on connect, then every SSE_LIMITS.standingRefreshMs) */
  queueEtaMs: number | null
  /** the public test running now, numbered among the tests this viewer may see */
  test: { index: number; total: number; name: string } | null
  log: string
  /** the highest event seq seen, for reconnecting with ?after= / Last-Event-ID */
  lastSeq: number
  /** the run is over (done, failed for good, or the stored state says so): read the stored result */
  over: boolean
}

export function initialProgress(phase = 'queued', queuePosition: number | null = null, queueEtaMs: number | null = null): LiveProgress {
  return { phase, message: null, queuePosition, queueEtaMs, test: null, log: '', lastSeq: 0, over: false }
}

const running = (status: string) => status === 'QUEUED' || status === 'RUNNING'

export function applySnapshot(state: LiveProgress, snapshot: ProgressSnapshot): LiveProgress {
  return {
    ...state,
    queuePosition: snapshot.queuePosition,
    queueEtaMs: snapshot.queueEtaMs ?? null,
    phase: snapshot.phase ?? state.phase,
    over: state.over || !running(snapshot.status),
  }
}

export function applyProgress(state: LiveProgress, event: StampedEvent): LiveProgress {
  const next = { ...state, lastSeq: Math.max(state.lastSeq, event.seq) }
  switch (event.type) {
    case 'phase':
      return {
        ...next,
        phase: event.phase,
        message: event.message ?? null,
        test: null,
        queuePosition: event.phase === 'queued' ? state.queuePosition : null,
        queueEtaMs: event.phase === 'queued' ? state.queueEtaMs : null,
        over: state.over || event.phase === 'error',
      }
    case 'log':
      return { ...next, log: (state.log + event.chunk).slice(-LIVE_LOG_TAIL_CHARS) }
    case 'test':
      return { ...next, phase: 'testing', test: { index: event.index, total: event.total, name: event.name } }
    case 'done':
      return { ...next, phase: 'done', over: true }
  }
}

/** "Position 3 in the queue · about 2 min" while queued (the ETA only when there is one). */
export function queueStandingLabel(position: number | null, etaMs: number | null): string | null {
  if (position === null) return null
  return `Position ${position} in the queue${etaMs !== null ? ` · about ${Math.max(1, Math.round(etaMs / 60_000))} min` : ''}`
}
