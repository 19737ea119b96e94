// A queued run's estimated wait, from the runs ahead of it, the measured grading time and the slots alive.

/** The median of a list of durations (ms), or null for none. */
export function median(values: number[]): number | null {
  const v = values.filter((x) => Number.isFinite(x) && x >= 0).sort((a, b) => a - b)
  if (v.length === 0) return null
  const mid = Math.floor(v.length / 2)
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2
}

/**
 * Milliseconds until the run's result: the runs ahead are graded `slots` at a time, then the run itself.
 * Null without a measured grading time (no run of the assignment finished yet) or with no worker alive.
 */
export function estimateWaitMs(ahead: number, medianGradingMs: number | null, slots: number): number | null {
  if (medianGradingMs === null || slots < 1) return null
  return (Math.floor(Math.max(0, ahead) / slots) + 1) * medianGradingMs
}

/** "about 3 min": whole minutes, at least 1. */
export function etaMinutes(ms: number): number {
  return Math.max(1, Math.round(ms / 60_000))
}
