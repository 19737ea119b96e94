// The per-student build cache against the real Docker engine and the real CPython tree: a header-changing patch
// by student A, A's resubmission keeping the header change (ccache hits, same grade), student B's build of the same
// patch (a key of its own: no hits from A's cache) and a regrade (no cache at all).
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { treeDirectory } from '@/lib/cpython/source'
import { buildCachePath, buildCacheSlot } from '@/lib/grading/build-cache'
import { gradePatch } from '@/lib/grading/engine'
import { loadAssignment, type LoadedAssignment } from '@/lib/content/assignment-manifest'
import { imageInfo } from '@/lib/grading/image'
import { listSandboxes } from '@/lib/grading/sandbox'

import { testGraderImage, type TestImage } from './grader-image'

const fixtures = path.resolve(import.meta.dirname, '../../fixtures')

let image: TestImage
let root: string
let assignment: LoadedAssignment
let headerPatch: string

beforeAll(async () => {
  image = await testGraderImage()
  // by ID: another checkout's `npm run grader:image` may remove this content-hash tag while the test runs
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'build-cache-test-'))
  const base = await loadAssignment(path.join(fixtures, 'assignments/cube-builtin'))
  assignment = { ...base, allowedPaths: [...base.allowedPaths, 'Include/object.h'] }
  const info = await imageInfo(image.digest)
  const objectH = path.join(treeDirectory({ version: info.version, sha256: info.sha256 }), 'src/Include/object.h')
  const firstLines = (await fs.readFile(objectH, 'utf8')).split('\n').slice(0, 3)
  headerPatch = [
    await fs.readFile(path.join(fixtures, 'patches/cube.patch'), 'utf8'),
    [
      '--- a/Include/object.h',
      '+++ b/Include/object.h',
      '@@ -1,3 +1,4 @@',
      '+/* a header change every object sees */',
      ...firstLines.map((l) => ` ${l}`),
      '',
    ].join('\n'),
  ].join('')
}, 600_000)

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

const key = (userId: string) => ({ userId, assignmentId: 'cube-builtin', imageId: image.digest })
const grade = (userId?: string) =>
  gradePatch({
    assignment,
    patchText: headerPatch,
    image: image.tag,
    expectedVersion: image.version,
    buildCache: userId ? buildCacheSlot(key(userId), { root }) : undefined,
  })

describe('the per-student build cache', () => {
  it("serves A's resubmission from A's cache with the same grade, never B's build or a regrade", async () => {
    const first = await grade('student-a')
    expect(first.status, first.build.log.slice(-1500)).toBe('graded')
    expect(first.score).toBe(100)
    expect(first.cache?.hits).toBe(0)
    expect(first.cache?.misses).toBeGreaterThan(50)
    const archive = await fs.stat(buildCachePath(key('student-a'), root))
    expect(archive.size).toBeGreaterThan(0)

    const again = await grade('student-a')
    expect(again.status).toBe('graded')
    expect(again.score).toBe(first.score)
    expect(again.tests.map((t) => [t.name, t.status, t.points])).toEqual(first.tests.map((t) => [t.name, t.status, t.points]))
    expect(again.cache?.hits).toBeGreaterThan(50)
    // Modules/getbuildinfo.c embeds __DATE__/__TIME__: ccache rightly compiles it again
    expect(again.cache?.misses).toBeLessThanOrEqual(1)
    // the warm build is faster than the cold one (a ratio measured here, loose: the engine may be shared)
    expect(again.timings!.buildMs).toBeLessThan(first.timings!.buildMs)

    // B: the same patch, a cache of B's own: nothing of A's is read
    const other = await grade('student-b')
    expect(other.score).toBe(first.score)
    expect(other.cache?.hits).toBe(0)
    expect(buildCachePath(key('student-b'), root)).not.toBe(buildCachePath(key('student-a'), root))

    // a regrade builds without any cache: no counters, the same grade
    const regrade = await grade()
    expect(regrade.score).toBe(first.score)
    expect(regrade.cache).toBeUndefined()
    expect(await listSandboxes()).toEqual([])
  }, 600_000)
})
