// The in-video quiz's sense of time: when to stop for a question, how far a seek may go, which chapter is
// playing and how far the student has really watched. Pure and framework-free, so it is unit-tested and shared
// by both player implementations (YouTube and HTML5).
//
// Rules:
// - The gate is the earliest unfinished blocking question. The position may never pass it: any observation
//   beyond it (playback, a seek through the player's own controls, a programmatic seek, a resume) stops there.
// - A non-blocking question stops playback when playback crosses its time (previous observation < at ≤ now),
//   whatever the rate: crossing is detected between observations, never by equality. A forward seek past a
//   non-blocking question does not stop (the student chose to skip it; it stays answerable from the list).
// - A question the student closed without finishing ("skip for now") does not stop playback again in this
//   visit.
// - An observation that moves further than playback at the current rate could have is a seek.

export type TimelineQuestion = { id: string; atSeconds: number; blocking: boolean }

export type Stop = { question: TimelineQuestion; seekTo: number; reason: 'reached' | 'clamped' }

export type Observation = {
  /** the player's current time, seconds */
  time: number
  /** a monotonic clock, milliseconds (performance.now()) */
  now: number
  rate: number
  playing: boolean
  /** the player says a seek is in progress (HTML5 `seeking`) */
  seeking?: boolean
}

/** How much further than rate × elapsed wall time the position may move before we call it a seek (seconds). */
export const SEEK_SLACK_SECONDS = 1.25
const EPS = 0.01

export class QuizTimeline {
  private questions: TimelineQuestion[]
  private finished = new Set<string>()
  private skipped = new Set<string>()
  private last: { time: number; now: number } | null = null

  constructor(questions: readonly TimelineQuestion[], finishedIds: Iterable<string> = []) {
    this.questions = [...questions].sort((a, b) => a.atSeconds - b.atSeconds)
    for (const id of finishedIds) this.finished.add(id)
  }

  markFinished(id: string): void {
    this.finished.add(id)
    this.skipped.delete(id)
  }

  markSkipped(id: string): void {
    if (!this.finished.has(id)) this.skipped.add(id)
  }

  isFinished(id: string): boolean {
    return this.finished.has(id)
  }

  /** The earliest unfinished blocking question, which the position may not pass. */
  gate(): TimelineQuestion | null {
    return this.questions.find((q) => q.blocking && !this.finished.has(q.id)) ?? null
  }

  /** Where a seek to `target` may land: the gate's time if the target is past it. */
  clampSeek(target: number): { time: number; stop: Stop | null } {
    const gate = this.gate()
    if (gate && target > gate.atSeconds + EPS) return { time: gate.atSeconds, stop: { question: gate, seekTo: gate.atSeconds, reason: 'clamped' } }
    return { time: Math.max(0, target), stop: null }
  }

  /** Forget the previous observation and start from `time` (after loading, or after the controller moved the playhead itself). */
  reset(time: number, now: number): void {
    this.last = { time, now }
  }

  /**
   * An unfinished, unskipped question within `tolerance` seconds of `time`: on resuming exactly where a question
   * stopped the video (the page was reloaded while it was open), it opens again.
   */
  questionAt(time: number, tolerance = 0.25): Stop | null {
    const q = this.questions.find((x) => Math.abs(x.atSeconds - time) <= tolerance && !this.finished.has(x.id) && !this.skipped.has(x.id))
    return q ? { question: q, seekTo: q.atSeconds, reason: 'reached' } : null
  }

  /** Classify a new observation and say whether (and where) to stop for a question. */
  observe(o: Observation): Stop | null {
    const prev = this.last
    this.last = { time: o.time, now: o.now }
    const gate = this.gate()
    if (gate && o.time > gate.atSeconds + EPS) {
      this.last = { time: gate.atSeconds, now: o.now }
      return { question: gate, seekTo: gate.atSeconds, reason: 'clamped' }
    }
    if (!prev) return null
    const from = prev.time
    if (o.time <= from) return null
    const seek = isSeek(prev, o)
    const crossed = this.questions.filter((q) => q.atSeconds > from && q.atSeconds <= o.time + EPS && !this.finished.has(q.id))
    // a seek landing exactly on the gate opens it; a seek never opens a non-blocking question
    const stopFor = crossed.find((q) => (q.blocking ? q === gate : !seek && !this.skipped.has(q.id)))
    if (!stopFor) return null
    this.last = { time: stopFor.atSeconds, now: o.now }
    return { question: stopFor, seekTo: stopFor.atSeconds, reason: 'reached' }
  }
}

/** Did the position move further than playback could have since the previous observation? */
export function isSeek(prev: { time: number; now: number }, o: Observation): boolean {
  if (o.seeking) return true
  const elapsed = Math.max(0, (o.now - prev.now) / 1000)
  const expected = o.playing ? elapsed * Math.max(o.rate, 0.1) : 0
  return o.time - prev.time > expected + SEEK_SLACK_SECONDS
}

/**
 * The furthest point reached by watching: it grows only with playback that starts at or before it (a
 * forward skip of up to `skipAllowance` seconds, like the ±10 s buttons, still counts).
 */
export function advanceFurthest(furthest: number, from: number, to: number, kind: 'play' | 'seek', skipAllowance = 15): number {
  if (kind !== 'play' || to <= from || from > furthest + skipAllowance) return furthest
  return Math.max(furthest, to)
}

/** Index of the chapter playing at `time` (the last one starting at or before it). */
export function chapterIndexAt(chapters: readonly { startSeconds: number }[], time: number): number {
  let index = 0
  for (let i = 0; i < chapters.length; i++) if (chapters[i].startSeconds <= time + EPS) index = i
  return index
}

/** The end of each chapter: the next chapter's start, or the video's duration (null while unknown). */
export function chapterEnds(chapters: readonly { startSeconds: number }[], duration: number | null): (number | null)[] {
  return chapters.map((_c, i) => (i + 1 < chapters.length ? chapters[i + 1].startSeconds : duration))
}

/** Where to resume: the saved position, unless it is at the very end (then the start). */
export function resumePosition(saved: number | null | undefined, duration: number | null | undefined): number {
  if (!saved || !Number.isFinite(saved) || saved < 1) return 0
  if (duration && saved >= duration - 3) return 0
  return saved
}

export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const
