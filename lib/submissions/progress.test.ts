import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  HIDDEN_TESTS_RUNNING_MESSAGE,
  STUDENT_ERROR_MESSAGE,
  STUDENT_RETRY_MESSAGE,
  progressForViewer,
  progressSequenceForViewer,
  type ProgressAudience,
  type ProgressEvent,
  type StampedEvent,
} from './progress'

// The order the grader publishes for a graded run of an assignment whose manifest lists
// pub_a, secret_one, pub_b, secret_two (a hidden test between two public ones).
function runEvents(runId = 'run1', firstSeq = 1): StampedEvent[] {
  const names = ['pub_a', 'secret_one', 'pub_b', 'secret_two']
  const events: ProgressEvent[] = [
    { type: 'phase', phase: 'starting' },
    { type: 'phase', phase: 'building' },
    { type: 'log', chunk: 'gcc -c Python/ceval.c\n' },
    { type: 'phase', phase: 'testing' },
  ]
  names.forEach((name, index) => {
    events.push({ type: 'test', index, total: 4, name, status: 'running' })
    events.push({ type: 'test', index, total: 4, name, status: index % 2 ? 'failed' : 'passed' })
  })
  events.push({ type: 'done', status: 'GRADED', score: 50, maxScore: 100 })
  return events.map((e, i) => ({ ...e, runId, seq: firstSeq + i, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }))
}

const student: ProgressAudience = { staff: false, publicTests: ['pub_a', 'pub_b'] }
const staff: ProgressAudience = { staff: true }

describe('progressForViewer', () => {
  it('gives staff every event unchanged, hidden tests included', () => {
    const events = runEvents()
    expect(progressSequenceForViewer(events, staff).events).toEqual(events)
  })

  it('never gives a student a hidden test name, verdict or time, and announces the hidden tests once', () => {
    const out = progressSequenceForViewer(runEvents(), student).events
    const bytes = JSON.stringify(out)
    expect(bytes).not.toContain('secret_one')
    expect(bytes).not.toContain('secret_two')
    const tests = out.filter((e) => e.type === 'test')
    // pub_b runs after a hidden test: its arrival would time secret_one, so it is held back too
    expect(tests.map((e) => (e.type === 'test' ? [e.name, e.index, e.total, e.status] : null))).toEqual([
      ['pub_a', 0, 2, 'running'],
      ['pub_a', 0, 2, 'passed'],
    ])
    const notices = out.filter((e) => e.type === 'phase' && e.message === HIDDEN_TESTS_RUNNING_MESSAGE)
    expect(notices).toHaveLength(1)
    expect(out.at(-1)).toMatchObject({ type: 'done', score: 50 })
    // build log and phases still reach the student
    expect(out.map((e) => e.type)).toEqual(['phase', 'phase', 'log', 'phase', 'test', 'test', 'phase', 'done'])
  })

  it('numbers public tests among public tests only, so the numbering does not show where hidden tests sit', () => {
    // manifest order: hidden first, then the two public tests
    const events: StampedEvent[] = [
      { type: 'test', index: 1, total: 3, name: 'pub_a', status: 'running', runId: 'r', seq: 1, at: 'x' },
      { type: 'test', index: 2, total: 3, name: 'pub_b', status: 'passed', runId: 'r', seq: 2, at: 'x' },
    ]
    expect(progressSequenceForViewer(events, student).events).toMatchObject([
      { name: 'pub_a', index: 0, total: 2 },
      { name: 'pub_b', index: 1, total: 2 },
    ])
  })

  it('treats a test missing from the public list as hidden (fails closed)', () => {
    const e: StampedEvent = { type: 'test', index: 0, total: 1, name: 'renamed_later', status: 'passed', runId: 'r', seq: 1, at: 'x' }
    const r = progressForViewer(e, student)
    expect(JSON.stringify(r.event)).not.toContain('renamed_later')
    expect(r.state.hiddenStarted).toBe(true)
  })

  it('starts over for a regrade run or a retried attempt, and stays silent about hidden tests within a run', () => {
    const first = runEvents('run1', 1)
    const second = runEvents('run2', 100)
    const out = progressSequenceForViewer([...first, ...second], student).events
    expect(out.filter((e) => e.type === 'test' && e.name === 'pub_a' && e.status === 'passed').map((e) => e.runId)).toEqual(['run1', 'run2'])
    expect(out.filter((e) => e.type === 'phase' && e.message === HIDDEN_TESTS_RUNNING_MESSAGE)).toHaveLength(2)
  })

  it('property: for any manifest order and any split of the events, a student sees no hidden name and no test after a hidden one', () => {
    const testSpec = fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z_]{3,12}$/), hidden: fc.boolean() }), {
      selector: (t) => t.name,
      minLength: 1,
      maxLength: 8,
    })
    fc.assert(
      fc.property(testSpec, fc.nat(), (tests, cut) => {
        const audience: ProgressAudience = { staff: false, publicTests: tests.filter((t) => !t.hidden).map((t) => t.name) }
        const events: StampedEvent[] = tests.flatMap((t, index) =>
          ['running', 'passed'].map((status) => ({ type: 'test' as const, index, total: tests.length, name: t.name, status, runId: 'r', seq: 0, at: 'x' })),
        )
        events.forEach((e, i) => (e.seq = i + 1))
        // a reconnect in the middle: the state carried over gives the same result as one pass
        const at = cut % (events.length + 1)
        const head = progressSequenceForViewer(events.slice(0, at), audience)
        const tail = progressSequenceForViewer(events.slice(at), audience, head.state)
        const out = [...head.events, ...tail.events]
        expect(out).toEqual(progressSequenceForViewer(events, audience).events)
        const firstHidden = tests.findIndex((t) => t.hidden)
        for (const t of tests) if (t.hidden) expect(out.some((e) => e.type === 'test' && e.name === t.name)).toBe(false)
        const shown = out.filter((e) => e.type === 'test').map((e) => (e.type === 'test' ? e.name : ''))
        const expected = (firstHidden < 0 ? tests : tests.slice(0, firstHidden)).flatMap((t) => [t.name, t.name])
        expect(shown).toEqual(expected)
        for (const e of out) if (e.type === 'test') expect(e.total).toBe(audience.publicTests.length)
      }),
    )
  })

  it('gives a student fixed sentences for a failed or retried attempt; staff get what the worker wrote', () => {
    const error: StampedEvent = {
      type: 'phase',
      phase: 'error',
      message: 'docker: Error response from daemon: No such image: grader:2.7.8',
      runId: 'r',
      seq: 1,
      at: 'x',
    }
    const retry: StampedEvent = { type: 'phase', phase: 'queued', message: 'retrying after: Cannot connect to the Docker daemon', runId: 'r', seq: 2, at: 'x' }
    expect(progressForViewer(error, student).event).toMatchObject({ type: 'phase', phase: 'error', message: STUDENT_ERROR_MESSAGE })
    expect(progressForViewer(retry, student).event).toMatchObject({ type: 'phase', phase: 'queued', message: STUDENT_RETRY_MESSAGE })
    expect(progressForViewer(error, staff).event).toEqual(error)
  })
})
