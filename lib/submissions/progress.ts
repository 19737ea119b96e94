import type { Redis } from 'ioredis'

import { queuePrefix } from '@/lib/config/env'

// Live progress of a grading run, from the worker to browsers: each event is published on a channel per
// submission and also appended to a short capped list, so a browser that (re)connects late replays what it missed.

export type ProgressEvent =
  | { type: 'phase'; phase: 'queued' | 'starting' | 'building' | 'testing' | 'done' | 'error'; message?: string }
  | { type: 'log'; chunk: string }
  | { type: 'test'; index: number; total: number; name: string; status?: string }
  | { type: 'done'; status: string; score: number | null; maxScore: number | null }

export type StampedEvent = ProgressEvent & { runId: string; seq: number; at: string }

const channel = (submissionId: string) => `${queuePrefix()}:progress:${submissionId}`
const backlog = (submissionId: string) => `${queuePrefix()}:progress-log:${submissionId}`
const counter = (submissionId: string) => `${queuePrefix()}:progress-seq:${submissionId}`
const BACKLOG_LENGTH = 400
const BACKLOG_TTL_SECONDS = 3600

export async function publishProgress(redis: Redis, submissionId: string, runId: string, event: ProgressEvent): Promise<void> {
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

/** Events after `afterSeq` still in the backlog (for a reconnecting browser, via Last-Event-ID). */
export async function progressBacklog(redis: Redis, submissionId: string, afterSeq = 0): Promise<StampedEvent[]> {
  const items = await redis.lrange(backlog(submissionId), 0, -1)
  return items.map((i) => JSON.parse(i) as StampedEvent).filter((e) => e.seq > afterSeq)
}

export function progressChannel(submissionId: string): string {
  return channel(submissionId)
}
