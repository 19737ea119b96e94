import type { Redis } from 'ioredis'

import { queuePrefix } from '@/lib/config/env'
import type { SubmissionStatus } from '@/lib/db/prisma'

// Live progress of a grading run, from the worker to browsers: each event is published on a channel per
// submission and also appended to a short capped list, so a browser that (re)connects late replays what it missed.

// These types are the contract with the browser: components import them with `import type` (live-progress.ts
// holds the browser's reducer and the phase labels, without this module's Redis and config imports).

export type ProgressPhase = 'queued' | 'starting' | 'building' | 'testing' | 'done' | 'error'

export type ProgressEvent =
  | { type: 'phase'; phase: ProgressPhase; message?: string }
  | { type: 'log'; chunk: string }
  | { type: 'test'; index: number; total: number; name: string; status?: string }
  | { type: 'done'; status: string; score: number | null; maxScore: number | null }

/** What the SSE stream sends as `event: progress` (the `id:` line is `seq`, for Last-Event-ID). */
export type StampedEvent = ProgressEvent & { runId: string; seq: number; at: string }

/** What the SSE stream sends first as `event: snapshot`: the stored state, before any replayed or live event. */
export type ProgressSnapshot = {
  status: SubmissionStatus
  queuePosition: number | null
  /** while queued: milliseconds until the result (lib/submissions/queue-standing.ts), null without an estimate */
  queueEtaMs?: number | null
  phase: string | null
}

const channel = (submissionId: string) => `${queuePrefix()}:progress:${submissionId}`
const backlog = (submissionId: string) => `${queuePrefix()}:progress-log:${submissionId}`
const counter = (submissionId: string) => `${queuePrefix()}:progress-seq:${submissionId}`
const logBytes = (submissionId: string, runId: string) => `${queuePrefix()}:progress-bytes:${submissionId}:${runId}`
const BACKLOG_LENGTH = 400
const BACKLOG_TTL_SECONDS = 3600

/** Build-log bytes one run may push through Redis (live stream and backlog); the stored log is kept apart. */
export const LIVE_LOG_MAX_BYTES = 256 * 1024
export const LOG_TRUNCATED_CHUNK = '\n[log truncated: the live build log is limited to 256 KiB; the full log is shown with the result]\n'

export async function publishProgress(redis: Redis, submissionId: string, runId: string, event: ProgressEvent): Promise<void> {
  if (event.type === 'log') {
    const capped = await capLogChunk(redis, submissionId, runId, event.chunk)
    if (capped === null) return
    event = { type: 'log', chunk: capped }
  }
  const seq = await redis.incr(counter(submissionId))
  const stamped: StampedEvent = { ...event, runId, seq, at: new Date().toISOString() }
  const json = JSON.stringify(stamped)
  await redis
    .multi()
    .rpush(backlog(submissionId), json)
    .ltrim(backlog(submissionId), -BACKLOG_LENGTH, -1)
    .expire(backlog(submissionId), BACKLOG_TTL_SECONDS)
    .expire(counter(submissionId), BACKLOG_TTL_SECONDS)
    .publish(channel(submissionId), json)
    .exec()
}

/**
 * Counts a run's log bytes in Redis (atomically, so parallel publishers agree) and returns what of `chunk` may
 * still go out: all of it, the part that fits followed by the truncation notice (exactly once per run), or null.
 */
async function capLogChunk(redis: Redis, submissionId: string, runId: string, chunk: string): Promise<string | null> {
  const bytes = Buffer.from(chunk, 'utf8')
  const key = logBytes(submissionId, runId)
  const [[, total]] = (await redis.multi().incrby(key, bytes.length).expire(key, BACKLOG_TTL_SECONDS).exec()) as [[Error | null, number]]
  const before = total - bytes.length
  if (total <= LIVE_LOG_MAX_BYTES) return chunk
  if (before > LIVE_LOG_MAX_BYTES) return null
  // this chunk crosses the cap: keep what fits (a cut multi-byte character becomes U+FFFD), then say so
  return bytes.subarray(0, LIVE_LOG_MAX_BYTES - before).toString('utf8') + LOG_TRUNCATED_CHUNK
}

/** Events after `afterSeq` still in the backlog (for a reconnecting browser, via Last-Event-ID). */
export async function progressBacklog(redis: Redis, submissionId: string, afterSeq = 0): Promise<StampedEvent[]> {
  const items = await redis.lrange(backlog(submissionId), 0, -1)
  return items.map((i) => JSON.parse(i) as StampedEvent).filter((e) => e.seq > afterSeq)
}

export function progressChannel(submissionId: string): string {
  return channel(submissionId)
}

// ---- what each viewer may see of the stream ----

/**
 * Staff see every event. A student sees only the tests listed here (the assignment's public tests, in manifest
 * order), renumbered among themselves; any other test name counts as hidden, so a renamed or unknown test fails
 * closed.
 */
export type ProgressAudience = { staff: true } | { staff: false; publicTests: readonly string[] }

/** What the student filter remembers between events of one stream (pass the returned state to the next call). */
export type ProgressFilterState = { runId: string | null; hiddenStarted: boolean }
export const INITIAL_FILTER_STATE: ProgressFilterState = { runId: null, hiddenStarted: false }

/** What a student reads when a run failed on our side; staff read the stored error (docker stderr, image names). */
export const STUDENT_ERROR_MESSAGE = 'Grading failed on our side; staff have been told and your submission is kept.'
export const STUDENT_RETRY_MESSAGE = 'The grader hit a problem on our side and is trying again; your submission is kept.'

export const HIDDEN_TESTS_RUNNING_MESSAGE = 'running the hidden tests; their results appear with the final score'

/**
 * The one place that decides what of the live stream a viewer receives (SSE live and replay). Pure: the same
 * events and audience always give the same output.
 *
 * For students, a hidden test never appears as an event of its own: no name, verdict, position or time. The first
 * hidden test of a run turns into one phase message ("running the hidden tests") and from then on no test event is
 * sent at all, because the arrival of a later public test would tell how long the hidden ones before it took.
 * Public tests before that are sent with `index`/`total` counted among public tests only, so the numbering does
 * not show where hidden tests sit. Hidden results arrive only as counts in the stored result (lib/submissions/view.ts).
 * Error and retry phases carry a fixed sentence for students, never infrastructure text.
 */
export function progressForViewer(
  event: StampedEvent,
  audience: ProgressAudience,
  state: ProgressFilterState = INITIAL_FILTER_STATE,
): { event: StampedEvent | null; state: ProgressFilterState } {
  if (audience.staff) return { event, state }
  // a regrade shares the submission's stream, and a retried attempt starts over: both reset what was seen
  let current = state.runId === event.runId ? state : { runId: event.runId, hiddenStarted: false }
  if (event.type === 'phase' && (event.phase === 'starting' || event.phase === 'queued')) current = { ...current, hiddenStarted: false }
  // phase messages of a failed or retried attempt are fixed sentences, whatever the worker put there (L8)
  if (event.type === 'phase' && event.phase === 'error') return { event: { ...event, message: STUDENT_ERROR_MESSAGE }, state: current }
  if (event.type === 'phase' && event.phase === 'queued' && event.message !== undefined)
    return { event: { ...event, message: STUDENT_RETRY_MESSAGE }, state: current }
  if (event.type !== 'test') return { event, state: current }
  const index = audience.publicTests.indexOf(event.name)
  if (index >= 0 && !current.hiddenStarted) {
    const visible: StampedEvent = {
      type: 'test',
      index,
      total: audience.publicTests.length,
      name: event.name,
      ...(event.status !== undefined ? { status: event.status } : {}),
      runId: event.runId,
      seq: event.seq,
      at: event.at,
    }
    return { event: visible, state: current }
  }
  if (current.hiddenStarted) return { event: null, state: current }
  const notice: StampedEvent = { type: 'phase', phase: 'testing', message: HIDDEN_TESTS_RUNNING_MESSAGE, runId: event.runId, seq: event.seq, at: event.at }
  return { event: notice, state: { ...current, hiddenStarted: true } }
}

/** `progressForViewer` over a whole sequence (a replayed backlog), in order. */
export function progressSequenceForViewer(
  events: readonly StampedEvent[],
  audience: ProgressAudience,
  state: ProgressFilterState = INITIAL_FILTER_STATE,
): { events: StampedEvent[]; state: ProgressFilterState } {
  const out: StampedEvent[] = []
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const r = progressForViewer(e, audience, state)
    state = r.state
    if (r.event) out.push(r.event)
  }
  return { events: out, state }
}

// ---- concurrent SSE streams per user ----

/**
 * Limits of the live stream. A stream holds one Redis connection, so a user may have only `perUser` open at once,
 * and every stream ends after `maxStreamMs` (EventSource reconnects with Last-Event-ID and misses nothing). A slot
 * is a member of a per-user sorted set scored by its expiry; an open stream renews it every `renewMs`, and a
 * slot whose process died expires after `slotLeaseMs`. Tests shorten these.
 */
/** standingRefreshMs: how often a stream re-sends a queued submission's position and ETA (one small read each). */
export const SSE_LIMITS = { perUser: 6, maxStreamMs: 5 * 60_000, renewMs: 15_000, slotLeaseMs: 45_000, standingRefreshMs: 10_000 }

const streamSlots = (userId: string) => `${queuePrefix()}:sse-slots:${userId}`

// drop expired slots, then add this one only if fewer than the limit remain (atomic, so parallel opens cannot overshoot)
const ACQUIRE_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`

export async function acquireStreamSlot(redis: Redis, userId: string, slotId: string, now = Date.now()): Promise<boolean> {
  const lease = SSE_LIMITS.slotLeaseMs
  const ok = await redis.eval(ACQUIRE_SLOT, 1, streamSlots(userId), String(now), String(now + lease), String(SSE_LIMITS.perUser), slotId, String(lease * 2))
  return ok === 1
}

export async function renewStreamSlot(redis: Redis, userId: string, slotId: string, now = Date.now()): Promise<void> {
  await redis
    .multi()
    .zadd(streamSlots(userId), 'XX', now + SSE_LIMITS.slotLeaseMs, slotId)
    .pexpire(streamSlots(userId), SSE_LIMITS.slotLeaseMs * 2)
    .exec()
}

export async function releaseStreamSlot(redis: Redis, userId: string, slotId: string): Promise<void> {
  await redis.zrem(streamSlots(userId), slotId)
}
