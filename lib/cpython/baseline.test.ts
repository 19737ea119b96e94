import { describe, expect, it } from 'vitest'

import { baselineMismatchAllowed, baselineWarning, CANONICAL_CPYTHON, courseCpythonVersion, isCanonicalCpython, startBaselineDecision } from './baseline'

describe('the course baseline', () => {
  it('is 2.7.8 unless CPYTHON_VERSION says otherwise', () => {
    expect(CANONICAL_CPYTHON).toBe('2.7.8')
    expect(courseCpythonVersion({})).toBe('2.7.8')
    expect(courseCpythonVersion({ CPYTHON_VERSION: ' 2.7.18 ' })).toBe('2.7.18')
    expect(isCanonicalCpython('2.7.18')).toBe(false)
    expect(isCanonicalCpython(null)).toBe(false)
  })

  it('allows a mismatch only with GRADER_ALLOW_BASELINE_MISMATCH=1', () => {
    expect(baselineMismatchAllowed({ GRADER_ALLOW_BASELINE_MISMATCH: '1' })).toBe(true)
    expect(baselineMismatchAllowed({ GRADER_ALLOW_BASELINE_MISMATCH: '0' })).toBe(false)
    expect(baselineMismatchAllowed({})).toBe(false)
  })

  it('warns about another release or an unverified tarball, and says nothing for the verified 2.7.8', () => {
    expect(baselineWarning({ image: 'g:1', version: '2.7.8', verified: true })).toBeUndefined()
    expect(baselineWarning({ image: 'g:1', version: '2.7.18', verified: true })).toBe(
      "Grading uses CPython 2.7.18, not the course's 2.7.8 (the 2.7.8 tarball was not available).",
    )
    expect(baselineWarning({ image: 'g:1', version: '2.7.8', verified: false })).toBe(
      'The CPython tarball behind g:1 is not a verified release (CPYTHON_ALLOW_UNVERIFIED).',
    )
    expect(baselineWarning({ image: 'g:1', version: '2.7.18', verified: false })).toMatch(
      /^Grading uses CPython 2\.7\.18.*\. The CPython tarball behind g:1 is not/,
    )
  })
})

describe('startBaselineDecision (npm start)', () => {
  it('grades with a fallback image when the operator said nothing, with a banner naming the fix', () => {
    const d = startBaselineDecision('2.7.18', {})
    expect(d.allowMismatch).toBe(true)
    expect(d.banner).toContain("!!! GRADING WITH CPython 2.7.18, NOT THE COURSE'S 2.7.8: no 2.7.8 tarball was available.")
    expect(d.banner).toContain('!!! Set CPYTHON_TARBALL=/path/to/Python-2.7.8.tgz and restart to grade against 2.7.8.')
  })

  it('leaves a matching image, an unknown version and an explicit operator choice alone', () => {
    expect(startBaselineDecision('2.7.8', {})).toEqual({ allowMismatch: false, banner: [] })
    expect(startBaselineDecision('2.7.18', { CPYTHON_VERSION: '2.7.18' })).toEqual({ allowMismatch: false, banner: [] })
    expect(startBaselineDecision('', {})).toEqual({ allowMismatch: false, banner: [] })
    expect(startBaselineDecision('2.7.18', { GRADER_ALLOW_BASELINE_MISMATCH: '0' })).toEqual({ allowMismatch: false, banner: [] })
  })
})
