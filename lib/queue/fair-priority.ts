// Fair priorities for the grading queues (BullMQ: a lower number is taken first). Each kind of run has its band;
// within a band, a run is pushed back by the number of its student's runs already waiting ahead of it, so one
// student's twentieth queued submission sits behind every other student's first. The count is capped: beyond
// FAIR_SHARE_CAP a student is as far back as they go, and the bands never overlap.

/** The run kinds as stored in GradingRun.priority (lib/queue/grading-queue.ts PRIORITY). */
export type PriorityBand = 'submission' | 'practice' | 'regrade'

/** How many of a student's queued runs are counted (and how far back within its band a run can go). */
export const FAIR_SHARE_CAP = 50

/** Each band's first BullMQ priority; a band spans BAND_BASE[band] … BAND_BASE[band] + FAIR_SHARE_CAP. */
export const BAND_BASE: Record<PriorityBand, number> = { submission: 1, practice: 1_000, regrade: 2_000 }

/**
 * The BullMQ priority of a run: its band's base plus the student's runs already queued ahead of it (capped).
 * A negative or fractional count (never expected) is treated as 0 / rounded down.
 */
export function fairPriority(band: PriorityBand, queuedAheadForStudent: number): number {
  const ahead = Number.isFinite(queuedAheadForStudent) ? Math.max(0, Math.floor(queuedAheadForStudent)) : FAIR_SHARE_CAP
  return BAND_BASE[band] + Math.min(ahead, FAIR_SHARE_CAP)
}

/** The band a BullMQ priority belongs to (for positions: runs of a better band are always ahead). */
export function bandOfPriority(priority: number): PriorityBand {
  if (priority >= BAND_BASE.regrade) return 'regrade'
  if (priority >= BAND_BASE.practice) return 'practice'
  return 'submission'
}
