import { describe, expect, it } from 'vitest'

import { assertImageBaseline, BaselineMismatchError, graderImageRef, graderInputsHash, type GraderImageInfo } from './image'
import { patchTouchesDirectory } from './sandbox'

const info = (version: string): GraderImageInfo => ({
  image: 'cpython-course/grader:test',
  digest: 'sha256:abc',
  version,
  sha256: 'f'.repeat(64),
  verified: true,
  inputsHash: null,
})

describe('assertImageBaseline', () => {
  it('accepts the pinned version (CPYTHON_VERSION, default 2.7.8)', () => {
    expect(() => assertImageBaseline(info('2.7.8'), { env: {} })).not.toThrow()
    // CI: only Debian's 2.7.18 exists, and CPYTHON_VERSION=2.7.18 makes that the baseline everywhere.
    expect(() => assertImageBaseline(info('2.7.18'), { env: { CPYTHON_VERSION: '2.7.18' } })).not.toThrow()
    expect(() => assertImageBaseline(info('2.7.18'), { env: {}, expectedVersion: '2.7.18' })).not.toThrow()
  })

  it('refuses another version unless GRADER_ALLOW_BASELINE_MISMATCH=1', () => {
    expect(() => assertImageBaseline(info('2.7.18'), { env: {} })).toThrow(BaselineMismatchError)
    expect(() => assertImageBaseline(info('2.7.18'), { env: {} })).toThrow(/built from CPython 2\.7\.18, but the course is pinned to 2\.7\.8/)
    expect(() => assertImageBaseline(info('2.7.8'), { env: { CPYTHON_VERSION: '2.7.18' } })).toThrow(BaselineMismatchError)
    expect(() => assertImageBaseline(info('2.7.18'), { env: { GRADER_ALLOW_BASELINE_MISMATCH: '1' } })).not.toThrow()
  })
})

describe('graderImageRef', () => {
  it('is GRADER_IMAGE or the current tag', () => {
    expect(graderImageRef({})).toBe('cpython-course/grader:current')
    expect(graderImageRef({ GRADER_IMAGE: 'my/grader:1' })).toBe('my/grader:1')
  })
})

describe('graderInputsHash', () => {
  it('depends on the tarball, the verified flag and the base image, and nothing random', async () => {
    const source = { path: '/x.tgz', version: '2.7.8', sha256: 'a'.repeat(64), verified: true, origin: 'local' as const }
    const hash = await graderInputsHash(source, 'sha256:base')
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(await graderInputsHash({ ...source, path: '/elsewhere.tgz' }, 'sha256:base')).toBe(hash)
    expect(await graderInputsHash({ ...source, sha256: 'b'.repeat(64) }, 'sha256:base')).not.toBe(hash)
    expect(await graderInputsHash({ ...source, verified: false }, 'sha256:base')).not.toBe(hash)
    expect(await graderInputsHash(source, 'sha256:other-base')).not.toBe(hash)
  })
})

describe('patchTouchesDirectory', () => {
  it('looks at the ---/+++ headers after stripping one component', () => {
    const patch = '--- a/Lib/dis.py\n+++ b/Lib/dis.py\n@@ -1 +1 @@\n-x\n+y\n'
    expect(patchTouchesDirectory(patch, 'Lib')).toBe(true)
    expect(patchTouchesDirectory(patch, 'build')).toBe(false)
    expect(patchTouchesDirectory('--- a/Python/ceval.c\n+++ b/Python/ceval.c\n', 'Lib')).toBe(false)
    expect(patchTouchesDirectory('--- /dev/null\n+++ b/Tools/new.py\n', 'Tools')).toBe(true)
  })
})
