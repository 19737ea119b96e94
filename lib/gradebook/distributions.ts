// Numbers behind the assignment page's charts: how counted scores spread, and when submissions came in relative
// to the deadline. Pure.

export type Bin = { label: string; count: number }

/** Counted scores in `bins` equal ranges of 0..max (the last range includes max). */
export function scoreDistribution(scores: readonly number[], max: number, bins = 10): Bin[] {
  const width = max / bins
  const out: Bin[] = Array.from({ length: bins }, (_, i) => {
    const from = Math.round(i * width)
    const to = i === bins - 1 ? max : Math.round((i + 1) * width) - 1
    return { label: from === to ? `${from}` : `${from}–${to}`, count: 0 }
  })
  for (const s of scores) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(s / width)))
    out[i].count++
  }
  return out
}

const DAY = 86_400_000

/**
 * Graded submissions per day around the deadline: `before` days before it, the day ending at it, and up to `after`
 * days after; earlier and later ones are counted in the first and last bars.
 */
export function submissionTimeline(times: readonly Date[], deadline: Date, before = 7, after = 3): Bin[] {
  const out: Bin[] = []
  for (let d = -before; d <= after; d++) out.push({ label: d === 0 ? 'last day' : d < 0 ? `${-d + 1}d before` : `${d}d late`, count: 0 })
  // day 0 is the 24 hours ending at the deadline; day -1 the 24 hours before that; day 1 the first day late
  for (const t of times) {
    const diff = t.getTime() - deadline.getTime()
    let day = diff <= 0 ? -Math.floor(-diff / DAY) : Math.ceil(diff / DAY)
    day = Math.max(-before, Math.min(after, day))
    out[day + before].count++
  }
  return out
}

/**
 * Where students stopped watching: how many got no further than each tenth of the lecture (by the furthest point
 * each reached). A student who reached the end counts in the last bar.
 */
export function watchDropOff(furthest: readonly number[], durationSeconds: number, bins = 10): Bin[] {
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({ label: `${Math.round((i * 100) / bins)}–${Math.round(((i + 1) * 100) / bins)}%`, count: 0 }))
  if (durationSeconds <= 0) return out
  for (const f of furthest) {
    const share = Math.max(0, Math.min(1, f / durationSeconds))
    out[Math.min(bins - 1, Math.floor(share * bins))].count++
  }
  return out
}
