import { describe, expect, it } from 'vitest'

import type { LatePolicy } from '@/lib/policy/late'

import { publicTestNames, runForViewer, STUDENT_ERROR_MESSAGE, STUDENT_RETRY_MESSAGE, type RunRow } from './view'

const policy: LatePolicy = { mode: 'NONE', penaltyPerDay: 0, maxPenalty: 0, cutoffDays: null }

function test(position: number, name: string, visibility: 'PUBLIC' | 'HIDDEN', status: 'PASSED' | 'FAILED', points: number) {
  return {
    id: `t${position}`,
    runId: 'run1',
    position,
    name,
    visibility,
    status,
    points,
    maxPoints: 10,
    durationMs: 1234 + position,
    exitCode: 3,
    stdout: 'out',
    stderr: 'err',
    diff: 'diff',
  }
}

function run(overrides: Partial<RunRow> = {}): RunRow {
  return {
    id: 'run1',
    submissionId: 's1',
    reason: 'INITIAL',
    requestedById: null,
    status: 'DONE',
    phase: 'done',
    priority: 1,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    enqueuedAt: null,
    startedAt: new Date('2026-01-01T00:00:01Z'),
    finishedAt: new Date('2026-01-01T00:01:00Z'),
    leaseUntil: null,
    jobAttempts: 1,
    workerId: 'w1',
    score: 25,
    maxScore: 40,
    buildOk: true,
    patchApplied: true,
    buildLog: 'make: ok',
    buildErrors: [],
    annotationCounts: null,
    errorMessage: null,
    imageDigest: 'sha256:abc',
    cpythonVersion: '2.7.8',
    cpythonVerified: true,
    gradedOn: 'grader-2 (engine 6N3S:VFNU:JHG5, /var/lib/docker) / worker grader-2-41-a1b2c3',
    buildMs: 20_000,
    testsMs: 4_000,
    tests: [
      test(0, 'pub_a', 'PUBLIC', 'PASSED', 10),
      test(1, 'secret_one', 'HIDDEN', 'FAILED', 0),
      test(2, 'pub_b', 'PUBLIC', 'FAILED', 0),
      test(3, 'secret_two', 'HIDDEN', 'PASSED', 10),
    ],
    ...overrides,
  } as RunRow
}

describe('runForViewer', () => {
  it('gives a student public tests in full and hidden tests only as counts and points', () => {
    const v = runForViewer(run(), false, 0, policy)
    expect(v.tests.map((t) => t.name)).toEqual(['pub_a', 'pub_b'])
    expect(v.tests.every((t) => t.visibility === 'PUBLIC')).toBe(true)
    expect(v.hidden).toEqual({ total: 2, passed: 1, points: 10, maxPoints: 20 })
    const bytes = JSON.stringify(v)
    expect(bytes).not.toContain('secret_one')
    expect(bytes).not.toContain('secret_two')
    expect(v.cpython.imageDigest).toBeNull()
    // which host graded it is infrastructure detail: staff only
    expect(v.gradedOn).toBeNull()
  })

  it('gives staff every test with its verdict, time and exit code', () => {
    const v = runForViewer(run(), true, 0, policy)
    expect(v.tests.map((t) => [t.name, t.status, t.durationMs, t.exitCode])).toEqual([
      ['pub_a', 'PASSED', 1234, 3],
      ['secret_one', 'FAILED', 1235, 3],
      ['pub_b', 'FAILED', 1236, 3],
      ['secret_two', 'PASSED', 1237, 3],
    ])
    expect(v.cpython.imageDigest).toBe('sha256:abc')
    expect(v.gradedOn).toBe('grader-2 (engine 6N3S:VFNU:JHG5, /var/lib/docker) / worker grader-2-41-a1b2c3')
  })

  it('replaces infrastructure error text with a plain sentence for students; staff read the text', () => {
    const stderr = 'Grading failed on our side: docker: Error response from daemon: No such image: cpython-course-grader:2.7.8-abc'
    const failed = run({ status: 'ERROR', phase: 'error', errorMessage: stderr, tests: [] })
    expect(runForViewer(failed, false, 0, policy).errorMessage).toBe(STUDENT_ERROR_MESSAGE)
    expect(runForViewer(failed, true, 0, policy).errorMessage).toBe(stderr)
    const retrying = run({
      status: 'RUNNING',
      phase: 'retrying',
      errorMessage: 'retrying after: docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock',
      tests: [],
    })
    expect(runForViewer(retrying, false, 0, policy).errorMessage).toBe(STUDENT_RETRY_MESSAGE)
    expect(runForViewer(run(), false, 0, policy).errorMessage).toBeNull()
  })
})

describe('publicTestNames', () => {
  it('lists the public tests of a stored manifest in order and ignores anything malformed', () => {
    const manifest = {
      tests: [{ name: 'a', visibility: 'public' }, { name: 'h', visibility: 'hidden' }, { name: 'b', visibility: 'public' }, { visibility: 'public' }, null],
    }
    expect(publicTestNames(manifest)).toEqual(['a', 'b'])
    expect(publicTestNames(null)).toEqual([])
    expect(publicTestNames({ tests: 'x' })).toEqual([])
  })
})
