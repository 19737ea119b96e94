/** Pair scores in buckets of 0.05: bucket i holds scores in [i/20, (i+1)/20), the last one also holds 1. */
export const HISTOGRAM_BUCKETS = 20

export function scoreHistogram(scores: Iterable<number>): number[] {
  const counts = new Array<number>(HISTOGRAM_BUCKETS).fill(0)
  for (const s of scores) {
    if (!Number.isFinite(s)) continue
    const i = Math.min(HISTOGRAM_BUCKETS - 1, Math.max(0, Math.floor(s * HISTOGRAM_BUCKETS)))
    counts[i]!++
  }
  return counts
}

/** The label of bucket i, e.g. "0.35–0.40". */
export function bucketLabel(i: number): string {
  return `${(i / HISTOGRAM_BUCKETS).toFixed(2)}–${((i + 1) / HISTOGRAM_BUCKETS).toFixed(2)}`
}
