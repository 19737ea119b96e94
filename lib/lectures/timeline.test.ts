import { describe, expect, it } from 'vitest'

import { formatVideoTime, parseVideoTime } from '@/lib/content/time'

import { advanceFurthest, chapterEnds, chapterIndexAt, isSeek, QuizTimeline, resumePosition, type TimelineQuestion } from './timeline'

const q10: TimelineQuestion = { id: 'q10', atSeconds: 10, blocking: false }
const q20b: TimelineQuestion = { id: 'q20b', atSeconds: 20, blocking: true }
const q30: TimelineQuestion = { id: 'q30', atSeconds: 30, blocking: false }
const q40b: TimelineQuestion = { id: 'q40b', atSeconds: 40, blocking: true }
const all = [q30, q10, q40b, q20b]

/** Simulate playback at `rate` from `from` to `to`, observing every `stepMs` of wall time. */
function play(t: QuizTimeline, from: number, to: number, rate: number, stepMs: number, start = 0) {
  let now = start
  t.reset(from, now)
  for (let time = from; time <= to; ) {
    now += stepMs
    time = Math.min(to, time + (stepMs / 1000) * rate)
    const stop = t.observe({ time, now, rate, playing: true })
    if (stop) return { stop, time, now }
    if (time === to) break
  }
  return { stop: null, time: to, now }
}

describe('QuizTimeline: stopping for questions during playback', () => {
  it.each([
    ['1×, 60 fps', 1, 16],
    ['2×, 60 fps', 2, 16],
    ['2×, timeupdate every 250 ms', 2, 250],
    ['2×, a background tab ticking once a second', 2, 1000],
    ['1.75×, irregular 333 ms', 1.75, 333],
  ])('stops at the first question at %s', (_label, rate, step) => {
    const t = new QuizTimeline(all)
    const r = play(t, 0, 60, rate, step)
    expect(r.stop).toMatchObject({ question: q10, seekTo: 10, reason: 'reached' })
    // crossing, not equality: the observation is at or after the question's time
    expect(r.time).toBeGreaterThanOrEqual(10)
  })

  it('stops at every question in order as they are finished or skipped', () => {
    const t = new QuizTimeline(all)
    const seen: string[] = []
    let from = 0
    let now = 0
    for (let i = 0; i < 10; i++) {
      const r = play(t, from, 60, 2, 250, now)
      if (!r.stop) break
      seen.push(r.stop.question.id)
      if (r.stop.question.blocking) t.markFinished(r.stop.question.id)
      else t.markSkipped(r.stop.question.id)
      from = r.stop.seekTo
      now = r.now
    }
    expect(seen).toEqual(['q10', 'q20b', 'q30', 'q40b'])
  })

  it('does not stop again for a question right after resuming from it', () => {
    const t = new QuizTimeline([q10])
    t.reset(10, 0)
    expect(t.observe({ time: 10.3, now: 300, rate: 1, playing: true })).toBeNull()
  })

  it('does not stop again for a skipped question after rewinding, but does for an unskipped one', () => {
    const t = new QuizTimeline([q10, q30])
    t.markSkipped('q10')
    const r = play(t, 0, 60, 1, 100)
    expect(r.stop?.question.id).toBe('q30')
  })

  it('never stops for a finished question', () => {
    const t = new QuizTimeline(all, ['q10', 'q20b', 'q30', 'q40b'])
    expect(play(t, 0, 60, 2, 16).stop).toBeNull()
  })

  it('finds the question exactly at a resume position, unless it is finished or skipped', () => {
    const t = new QuizTimeline([q10, q20b])
    expect(t.questionAt(10.1)?.question.id).toBe('q10')
    expect(t.questionAt(19.8)?.question.id).toBe('q20b')
    expect(t.questionAt(15)).toBeNull()
    t.markSkipped('q10')
    expect(t.questionAt(10)).toBeNull()
    t.markFinished('q20b')
    expect(t.questionAt(20)).toBeNull()
  })
})

describe('QuizTimeline: seeking', () => {
  it('clamps a forward seek past an unfinished blocking question to its time', () => {
    const t = new QuizTimeline(all)
    t.reset(5, 0)
    const stop = t.observe({ time: 50, now: 100, rate: 1, playing: true, seeking: true })
    expect(stop).toMatchObject({ question: q20b, seekTo: 20, reason: 'clamped' })
  })

  it('clamps a jump even when the player did not report a seek', () => {
    const t = new QuizTimeline(all)
    t.reset(5, 0)
    expect(t.observe({ time: 50, now: 250, rate: 2, playing: true })).toMatchObject({ question: q20b, reason: 'clamped' })
  })

  it('clamps to the earliest unfinished blocking question, even one before the current position', () => {
    const t = new QuizTimeline(all, ['q20b'])
    t.reset(45, 0)
    expect(t.clampSeek(55)).toMatchObject({ time: 40, stop: { question: q40b } })
    const t2 = new QuizTimeline([q20b])
    t2.reset(30, 0) // e.g. resumed past a question added later
    expect(t2.observe({ time: 30.2, now: 200, rate: 1, playing: true })).toMatchObject({ question: q20b, seekTo: 20 })
  })

  it('lets a seek skip a non-blocking question, and stops at a blocking one it lands on exactly', () => {
    const t = new QuizTimeline(all)
    t.reset(0, 0)
    expect(t.observe({ time: 15, now: 50, rate: 1, playing: false, seeking: true })).toBeNull()
    expect(t.observe({ time: 20, now: 100, rate: 1, playing: false, seeking: true })).toMatchObject({ question: q20b, reason: 'reached' })
  })

  it('lets any seek through once the blocking questions are finished', () => {
    const t = new QuizTimeline(all, ['q20b', 'q40b'])
    t.reset(0, 0)
    expect(t.observe({ time: 55, now: 10, rate: 1, playing: true, seeking: true })).toBeNull()
    expect(t.clampSeek(55)).toEqual({ time: 55, stop: null })
  })

  it('allows seeking backwards freely and stops again when playback crosses an unfinished question', () => {
    const t = new QuizTimeline([q10, q20b])
    t.reset(19, 0)
    expect(t.observe({ time: 2, now: 10, rate: 1, playing: true, seeking: true })).toBeNull()
    expect(play(t, 2, 30, 1, 100).stop?.question.id).toBe('q10')
  })

  it('clampSeek leaves targets before the gate alone and never goes below 0', () => {
    const t = new QuizTimeline(all)
    expect(t.clampSeek(19.5)).toEqual({ time: 19.5, stop: null })
    expect(t.clampSeek(-3).time).toBe(0)
  })

  it('isSeek tells playback from jumps', () => {
    expect(isSeek({ time: 10, now: 0 }, { time: 10.5, now: 500, rate: 1, playing: true })).toBe(false)
    expect(isSeek({ time: 10, now: 0 }, { time: 12, now: 1000, rate: 2, playing: true })).toBe(false)
    expect(isSeek({ time: 10, now: 0 }, { time: 13, now: 250, rate: 2, playing: true })).toBe(true)
    expect(isSeek({ time: 10, now: 0 }, { time: 11.5, now: 100, rate: 1, playing: false })).toBe(true)
    expect(isSeek({ time: 10, now: 0 }, { time: 10.1, now: 100, rate: 1, playing: true, seeking: true })).toBe(true)
  })
})

describe('progress helpers', () => {
  it('advanceFurthest grows only with playback from at or near the furthest point', () => {
    expect(advanceFurthest(30, 29, 31, 'play')).toBe(31)
    expect(advanceFurthest(30, 10, 12, 'play')).toBe(30)
    expect(advanceFurthest(30, 40, 41, 'play')).toBe(41) // a 10 s skip still counts
    expect(advanceFurthest(30, 50, 51, 'play')).toBe(30) // a long skip does not
    expect(advanceFurthest(30, 29, 300, 'seek')).toBe(30)
    expect(advanceFurthest(30, 31, 29, 'play')).toBe(30)
  })

  it('chapterIndexAt and chapterEnds', () => {
    const chapters = [{ startSeconds: 0 }, { startSeconds: 300 }, { startSeconds: 900 }]
    expect(chapterIndexAt(chapters, 0)).toBe(0)
    expect(chapterIndexAt(chapters, 299.9)).toBe(0)
    expect(chapterIndexAt(chapters, 300)).toBe(1)
    expect(chapterIndexAt(chapters, 5000)).toBe(2)
    expect(chapterEnds(chapters, 1200)).toEqual([300, 900, 1200])
    expect(chapterEnds(chapters, null)).toEqual([300, 900, null])
  })

  it('resumePosition restarts at the end and ignores nonsense', () => {
    expect(resumePosition(125.5, 3600)).toBe(125.5)
    expect(resumePosition(3599, 3600)).toBe(0)
    expect(resumePosition(null, 3600)).toBe(0)
    expect(resumePosition(Number.NaN, null)).toBe(0)
    expect(resumePosition(0.4, null)).toBe(0)
  })
})

describe('video times (lib/content/time)', () => {
  it('parses seconds, m:ss and h:mm:ss', () => {
    expect(parseVideoTime(90)).toBe(90)
    expect(parseVideoTime('90')).toBe(90)
    expect(parseVideoTime('1:30')).toBe(90)
    expect(parseVideoTime('14:20')).toBe(860)
    expect(parseVideoTime('1:02:03')).toBe(3723)
    expect(parseVideoTime(' 0:05 ')).toBe(5)
    expect(parseVideoTime('1:30.5')).toBe(90.5)
    expect(parseVideoTime('75:00')).toBe(4500)
  })
  it('refuses malformed times', () => {
    for (const bad of ['1:60', '1:2', 'abc', '-5', '1:00:60', '1:75:00', '']) expect(parseVideoTime(bad)).toBeNull()
    expect(parseVideoTime(-1)).toBeNull()
    expect(parseVideoTime(Number.POSITIVE_INFINITY)).toBeNull()
  })
  it('formats as m:ss or h:mm:ss, flooring fractions', () => {
    expect(formatVideoTime(0)).toBe('0:00')
    expect(formatVideoTime(75.9)).toBe('1:15')
    expect(formatVideoTime(860)).toBe('14:20')
    expect(formatVideoTime(3725)).toBe('1:02:05')
    expect(formatVideoTime(-4)).toBe('0:00')
  })
  it('round-trips', () => {
    for (const s of [0, 59, 60, 599, 3599, 3600, 7322]) expect(parseVideoTime(formatVideoTime(s))).toBe(s)
  })
})
