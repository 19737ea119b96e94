import { describe, expect, it } from 'vitest'

import { applyProgress, applySnapshot, initialProgress, LIVE_LOG_TAIL_CHARS, phaseLabel, queueStandingLabel, type LiveProgress } from './live-progress'
import type { ProgressEvent, StampedEvent } from './progress'

let seq = 0
const stamp = (e: ProgressEvent, at = ++seq): StampedEvent => ({ ...e, runId: 'run1', seq: at, at: '2026-01-01T00:00:00Z' })
const replay = (events: ProgressEvent[], from: LiveProgress = initialProgress()) => events.reduce((s, e) => applyProgress(s, stamp(e)), from)

describe('applyProgress', () => {
  it('follows a run through its phases to the end', () => {
    const queued = initialProgress('queued', 3)
    const building = replay(
      [
        { type: 'phase', phase: 'starting' },
        { type: 'phase', phase: 'building' },
      ],
      queued,
    )
    expect(building).toMatchObject({ phase: 'building', queuePosition: null, over: false })
    const testing = applyProgress(building, stamp({ type: 'test', index: 0, total: 2, name: 'pub_a', status: 'PASSED' }))
    expect(testing).toMatchObject({ phase: 'testing', test: { index: 0, total: 2, name: 'pub_a' } })
    const done = applyProgress(testing, stamp({ type: 'done', status: 'GRADED', score: 10, maxScore: 10 }))
    expect(done).toMatchObject({ phase: 'done', over: true })
  })

  it('keeps the queue position while queued (a retry) and drops it once the run starts', () => {
    const retry = applyProgress(initialProgress('queued', 2), stamp({ type: 'phase', phase: 'queued', message: 'trying again' }))
    expect(retry).toMatchObject({ queuePosition: 2, message: 'trying again' })
    expect(applyProgress(retry, stamp({ type: 'phase', phase: 'starting' }))).toMatchObject({ queuePosition: null, message: null })
  })

  it('a phase clears the running test; an error phase ends the run', () => {
    const testing = replay([{ type: 'test', index: 1, total: 3, name: 'pub_b' }])
    const error = applyProgress(testing, stamp({ type: 'phase', phase: 'error', message: 'failed on our side' }))
    expect(error).toMatchObject({ phase: 'error', test: null, over: true, message: 'failed on our side' })
  })

  it('keeps only the tail of the build log', () => {
    const long = 'x'.repeat(LIVE_LOG_TAIL_CHARS)
    const state = replay([
      { type: 'log', chunk: long },
      { type: 'log', chunk: 'END' },
    ])
    expect(state.log).toHaveLength(LIVE_LOG_TAIL_CHARS)
    expect(state.log.endsWith('xEND')).toBe(true)
  })

  it('remembers the highest seq, whatever order replayed and live events arrive in', () => {
    const s1 = applyProgress(initialProgress(), stamp({ type: 'log', chunk: 'a' }, 7))
    const s2 = applyProgress(s1, stamp({ type: 'log', chunk: 'b' }, 5))
    expect(s2.lastSeq).toBe(7)
  })

  it('does not change the state it is given', () => {
    const before = initialProgress('queued', 1)
    const copy = structuredClone(before)
    applyProgress(before, stamp({ type: 'phase', phase: 'building' }))
    expect(before).toEqual(copy)
  })
})

describe('applySnapshot', () => {
  it('takes the stored phase and position, and ends the run when the stored state is final', () => {
    const live = applySnapshot(initialProgress(), { status: 'RUNNING', queuePosition: null, phase: 'building' })
    expect(live).toMatchObject({ phase: 'building', over: false })
    expect(applySnapshot(initialProgress('queued', 4), { status: 'QUEUED', queuePosition: 2, phase: null })).toMatchObject({
      phase: 'queued',
      queuePosition: 2,
      over: false,
    })
    expect(applySnapshot(live, { status: 'GRADED', queuePosition: null, phase: 'done' }).over).toBe(true)
  })
})

describe('phaseLabel', () => {
  it('labels known phases and shows an unknown one as it is', () => {
    expect(phaseLabel('building')).toBe('Building the interpreter')
    expect(phaseLabel('queued')).toBe('Waiting in the queue')
    expect(phaseLabel('something-new')).toBe('something-new')
  })
})

describe('queueStandingLabel', () => {
  it('says the position, and the ETA in whole minutes when there is one', () => {
    expect(queueStandingLabel(3, 150_000)).toBe('Position 3 in the queue · about 3 min')
    expect(queueStandingLabel(1, 4_000)).toBe('Position 1 in the queue · about 1 min')
    expect(queueStandingLabel(2, null)).toBe('Position 2 in the queue')
    expect(queueStandingLabel(null, 60_000)).toBeNull()
  })
})
