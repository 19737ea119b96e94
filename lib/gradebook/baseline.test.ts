import { describe, expect, it } from 'vitest'

import { baselineProblems } from './baseline'

const beat = (over: object = {}) => ({ workerId: 'w1', at: '2026-10-01T00:00:00Z', running: 0, concurrency: 2, cpythonVersion: '2.7.8', ...over })

describe('baselineProblems', () => {
  it('is quiet when every worker and recent run uses the verified 2.7.8 baseline', () => {
    expect(baselineProblems([beat()], [{ version: '2.7.8', verified: true, runs: 40, lastAt: null }], null)).toEqual([])
  })
  it('says loudly when a worker or a run uses another version or an unverified tarball', () => {
    const problems = baselineProblems(
      [beat({ cpythonVersion: '2.7.18', baselineWarning: 'USING THE DEBIAN FALLBACK' })],
      [
        { version: '2.7.18', verified: true, runs: 3, lastAt: null },
        { version: '2.7.8', verified: false, runs: 1, lastAt: null },
      ],
      null,
    )
    expect(problems).toEqual([
      "Worker w1 grades with CPython 2.7.18, not the course's 2.7.8. Scores may differ from what students see on their own 2.7.8 build.",
      'Worker w1: USING THE DEBIAN FALLBACK',
      '3 recent grading runs were built against CPython 2.7.18, not 2.7.8.',
      '1 recent grading run used a CPython 2.7.8 tarball whose checksum was not verified.',
    ])
  })
  it('warns when no worker is running or Redis cannot be asked', () => {
    expect(baselineProblems([], [], null)[0]).toMatch(/No grading worker is running/)
    expect(baselineProblems([], [], 'ECONNREFUSED')[0]).toMatch(/Cannot reach Redis/)
  })
})
