// The operations page's history: queue depth and median wait per time bucket, from the runs' own timestamps
// (no sampler process: a run was waiting from createdAt until it started, or finished without starting).

import { median } from '@/lib/queue/eta'

export type RunTimes = { createdAt: Date; startedAt: Date | null; finishedAt: Date | null }
export type HistoryBucket = {
  /** the bucket's start */
  at: Date
  /** runs waiting at the bucket's end */
  depth: number
  /** median wait (createdAt → startedAt, ms) of the runs that started in the bucket, null if none did */
  medianWaitMs: number | null
}

export const BUCKET_MS = 10 * 60_000

/** Buckets of `bucketMs` from `since` (rounded down to a bucket) up to `now`, oldest first. */
export function queueHistory(runs: RunTimes[], since: Date, now: Date, bucketMs = BUCKET_MS): HistoryBucket[] {
  const first = Math.floor(since.getTime() / bucketMs) * bucketMs
  const count = Math.max(1, Math.ceil((now.getTime() - first) / bucketMs))
  const buckets = Array.from({ length: count }, (_, i) => ({ start: first + i * bucketMs, depth: 0, waits: [] as number[] }))
  for (const run of runs) {
    const created = run.createdAt.getTime()
    const left = (run.startedAt ?? run.finishedAt)?.getTime() ?? Number.POSITIVE_INFINITY
    for (const b of buckets) {
      const end = Math.min(b.start + bucketMs, now.getTime())
      if (created <= end && left > end) b.depth++
    }
    if (run.startedAt) {
      const i = Math.floor((run.startedAt.getTime() - first) / bucketMs)
      if (i >= 0 && i < count) buckets[i]!.waits.push(run.startedAt.getTime() - created)
    }
  }
  return buckets.map((b) => ({ at: new Date(b.start), depth: b.depth, medianWaitMs: median(b.waits) }))
}
