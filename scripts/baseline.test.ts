// scripts/start.mjs asks scripts/baseline.ts what to do about the grader image's CPython; this runs it the same way.
import { spawnSync } from 'node:child_process'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { startBaselineDecision } from '@/lib/cpython/baseline'

const ROOT = path.resolve(import.meta.dirname, '..')
const ask = (version: string, env: Record<string, string> = {}) => {
  const { CPYTHON_VERSION: _v, GRADER_ALLOW_BASELINE_MISMATCH: _a, ...rest } = process.env
  const answer = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/baseline.ts', version], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...rest, ...env },
  })
  expect(answer.status, answer.stderr).toBe(0)
  return JSON.parse(answer.stdout)
}

describe('scripts/baseline.ts', () => {
  it('answers with the decision of lib/cpython/baseline.ts', () => {
    expect(ask('2.7.18')).toEqual({ course: '2.7.8', ...startBaselineDecision('2.7.18', {}) })
    expect(ask('2.7.18').allowMismatch).toBe(true)
    expect(ask('2.7.18', { CPYTHON_VERSION: '2.7.18' })).toEqual({ course: '2.7.18', allowMismatch: false, banner: [] })
  }, 30_000)
})
