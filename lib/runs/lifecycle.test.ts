import { describe, expect, it } from 'vitest'

import type { EngineResult } from '@/lib/grading/engine'

import { resultOutcome, testResultRows } from './lifecycle'

const base: EngineResult = {
  score: 70,
  maxScore: 100,
  status: 'graded',
  verdict: { kind: 'graded' },
  tests: [
    { name: 'first', visibility: 'public', status: 'passed', points: 70, maxPoints: 70, durationMs: 12.6, exitCode: 0, stdout: 'ok\n', stderr: '' },
    { name: 'second', visibility: 'hidden', status: 'timeout', points: 0, maxPoints: 30, durationMs: 10_000.2 },
  ],
  build: { ok: true, applied: true, errors: [], log: 'make' },
  image: { digest: 'sha256:x', version: '2.7.8', verified: true },
}

describe('resultOutcome', () => {
  it('a graded verdict keeps the engine score and marks the submission graded', () => {
    expect(resultOutcome(base, 50)).toEqual({ submissionStatus: 'GRADED', score: 70, maxScore: 100, annotationCounts: undefined })
  })

  it('a manual verdict stores no score, the manual maximum and the comment counts, and waits for an instructor', () => {
    const manual: EngineResult = { ...base, verdict: { kind: 'manual', annotationCounts: { 'Objects/intobject.c': 7 } } }
    expect(resultOutcome(manual, 50)).toEqual({ submissionStatus: 'NEEDS_MANUAL', score: null, maxScore: 50, annotationCounts: { 'Objects/intobject.c': 7 } })
  })
})

describe('testResultRows', () => {
  it('maps every engine status and visibility to its stored name, in order, with whole milliseconds', () => {
    expect(testResultRows('run1', base.tests)).toEqual([
      {
        runId: 'run1',
        position: 0,
        name: 'first',
        visibility: 'PUBLIC',
        status: 'PASSED',
        points: 70,
        maxPoints: 70,
        durationMs: 13,
        exitCode: 0,
        stdout: 'ok\n',
        stderr: '',
        diff: null,
      },
      {
        runId: 'run1',
        position: 1,
        name: 'second',
        visibility: 'HIDDEN',
        status: 'TIMEOUT',
        points: 0,
        maxPoints: 30,
        durationMs: 10_000,
        exitCode: null,
        stdout: null,
        stderr: null,
        diff: null,
      },
    ])
    const statuses = (['passed', 'failed', 'timeout', 'error'] as const).map((status) => testResultRows('r', [{ ...base.tests[0], status }])[0].status)
    expect(statuses).toEqual(['PASSED', 'FAILED', 'TIMEOUT', 'ERROR'])
  })
})
