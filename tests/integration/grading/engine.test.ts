// The grading engine end to end against the real Docker engine and a real CPython build: patches that pass, fail,
// do not compile, do not apply, or are rejected before anything runs.
import fs from 'node:fs/promises'
import path from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { loadAssignment } from '@/lib/content/assignment-manifest'
import { treeDirectory } from '@/lib/cpython/source'
import { gradePatch, type EngineEvent } from '@/lib/grading/engine'
import { imageInfo } from '@/lib/grading/image'
import { listSandboxes } from '@/lib/grading/sandbox'

import { testGraderImage, type TestImage } from './grader-image'

const fixtures = path.resolve(import.meta.dirname, '../../fixtures')
const assignmentDir = path.join(fixtures, 'assignments/cube-builtin')
const patch = (name: string) => fs.readFile(path.join(fixtures, 'patches', name), 'utf8')

let image: TestImage

beforeAll(async () => {
  image = await testGraderImage()
})

describe('gradePatch', () => {
  it('gives full marks to a correct patch, streaming phases, the build log and each test', async () => {
    const events: EngineEvent[] = []
    const result = await gradePatch({
      assignmentDir,
      patchText: await patch('cube.patch'),
      image: image.tag,
      expectedVersion: image.version,
      onEvent: (e) => events.push(e),
    })

    expect(result.status).toBe('graded')
    expect(result.score).toBe(100)
    expect(result.maxScore).toBe(100)
    expect(result.build).toMatchObject({ ok: true, applied: true, errors: [] })
    expect(result.build.log).toContain('patching file Python/bltinmodule.c')
    expect(result.build.log).toContain('Python/bltinmodule.c')
    expect(result.tests.map((t) => [t.name, t.status, t.points, t.maxPoints])).toEqual([
      ['cube_small', 'passed', 40, 40],
      ['cube_stdin_args', 'passed', 30, 30],
      ['cube_exit_code', 'passed', 30, 30],
    ])
    expect(result.image).toEqual({ digest: image.digest, version: image.version, verified: (await imageInfo(image.tag)).verified })

    const phases = events.filter((e) => e.type === 'phase').map((e) => (e.type === 'phase' ? e.phase : ''))
    expect(phases).toEqual(['starting', 'building', 'testing'])
    expect(events.some((e) => e.type === 'log' && e.chunk.includes('gcc'))).toBe(true)
    expect(events.filter((e) => e.type === 'test' && e.status === 'passed')).toHaveLength(3)
    expect(await listSandboxes()).toEqual([])
  })

  it('scores a wrong answer 0 with a diff for public tests and none for hidden ones', async () => {
    const result = await gradePatch({ assignmentDir, patchText: await patch('cube-wrong.patch'), image: image.tag, expectedVersion: image.version })
    expect(result.status).toBe('graded')
    expect(result.score).toBe(0)
    const [small, , hidden] = result.tests
    expect(small).toMatchObject({ status: 'failed', points: 0, visibility: 'public' })
    expect(small.diff).toContain('-27\n')
    expect(small.diff).toContain('+12\n')
    expect(hidden).toMatchObject({ name: 'cube_exit_code', status: 'failed', visibility: 'hidden', exitCode: 6 })
    expect(hidden.diff).toBeUndefined()
    expect(hidden.stdout).toBeUndefined()
  })

  it('scores a patch that does not compile 0, with the GCC error parsed to file and line', async () => {
    const result = await gradePatch({ assignmentDir, patchText: await patch('cube-compile-error.patch'), image: image.tag, expectedVersion: image.version })
    expect(result).toMatchObject({ status: 'build-failed', score: 0, maxScore: 100, tests: [] })
    expect(result.build.ok).toBe(false)
    expect(result.build.applied).toBe(true)
    expect(result.build.errors).toHaveLength(1)
    const [error] = result.build.errors
    expect(error.file).toBe('Python/bltinmodule.c')
    expect(error.message).toContain('squared')
    // The line is where the typo is in the patched file: hunk start + offset of the line inside the hunk.
    const pristine = await fs.readFile(path.join(fixtures, 'patches/cube-compile-error.patch'), 'utf8')
    expect(pristine).toContain('PyNumber_Multiply(squared, x)')
    expect(error.line).toBeGreaterThan(430)
    expect(error.line).toBeLessThan(470)
    expect(error.column).toBeGreaterThan(0)
  })

  it("reports a patch that does not apply with patch's own output, without building", async () => {
    const result = await gradePatch({ assignmentDir, patchText: await patch('cube-does-not-apply.patch'), image: image.tag, expectedVersion: image.version })
    expect(result).toMatchObject({ status: 'build-failed', score: 0, tests: [], build: { ok: false, applied: false, errors: [] } })
    expect(result.build.log).toMatch(/1 out of 2 hunks FAILED/)
  })

  it('rejects a patch outside the allowed paths before starting a container', async () => {
    const outside = (await patch('cube.patch')).replaceAll('Python/bltinmodule.c', 'Python/ceval.c')
    const events: EngineEvent[] = []
    const result = await gradePatch({ assignmentDir, patchText: outside, image: image.tag, expectedVersion: image.version, onEvent: (e) => events.push(e) })
    expect(result.status).toBe('rejected')
    expect(result.score).toBe(0)
    expect(result.rejection?.[0]).toMatchObject({ code: 'path-not-allowed', file: 'Python/ceval.c' })
    expect(events).toEqual([])
  })

  it('runs only the public tests for a practice run', async () => {
    const result = await gradePatch({ assignmentDir, patchText: await patch('cube.patch'), image: image.tag, expectedVersion: image.version, publicOnly: true })
    expect(result.tests.map((t) => t.name)).toEqual(['cube_small', 'cube_stdin_args'])
    expect(result).toMatchObject({ score: 70, maxScore: 70 })
  })

  it('refuses an image whose CPython is not the expected baseline', async () => {
    const other = image.version === '2.7.8' ? '2.7.18' : '2.7.8'
    await expect(gradePatch({ assignmentDir, patchText: await patch('cube.patch'), image: image.tag, expectedVersion: other })).rejects.toThrow(
      /BaselineMismatch|pinned to/,
    )
  })

  it('throws an infrastructure error for a missing image', async () => {
    await expect(gradePatch({ assignmentDir, patchText: await patch('cube.patch'), image: 'cpython-course/grader:does-not-exist' })).rejects.toMatchObject({
      name: 'InfrastructureError',
    })
  })

  it('rebuilds exactly the objects that include a patched header, and a file the patch did not touch sees the change', async () => {
    // Include/marshal.h is included by 4 core objects (marshal, import, pythonrun, zipimport), not through Python.h.
    // The patch changes only the header; Python/marshal.c, which publishes the constant, must be rebuilt from it.
    const base = await loadAssignment(assignmentDir)
    const assignment = {
      ...base,
      allowedPaths: ['Include/marshal.h'],
      tests: [
        {
          ...base.tests[0],
          name: 'marshal_version',
          programText: 'import marshal\nprint marshal.version\n',
          expectedText: '3\n',
          stdinText: undefined,
          args: [],
          exitCode: 0,
        },
      ],
      maxScore: base.tests[0].points,
    }
    const info = await imageInfo(image.digest)
    const header = await fs.readFile(path.join(treeDirectory({ version: info.version, sha256: info.sha256 }), 'src/Include/marshal.h'), 'utf8')
    const lines = header.split('\n')
    const at = lines.indexOf('#define Py_MARSHAL_VERSION 2')
    expect(at).toBeGreaterThan(2)
    const context = (from: number, to: number) => lines.slice(from, to).map((l) => ` ${l}`)
    const headerPatch = [
      '--- a/Include/marshal.h',
      '+++ b/Include/marshal.h',
      `@@ -${at - 2},7 +${at - 2},7 @@`,
      ...context(at - 3, at),
      '-#define Py_MARSHAL_VERSION 2',
      '+#define Py_MARSHAL_VERSION 3',
      ...context(at + 1, at + 4),
      '',
    ].join('\n')

    const result = await gradePatch({ assignment, patchText: headerPatch, image: image.tag, expectedVersion: image.version })
    expect(result.status).toBe('graded')
    expect(result.tests.map((t) => [t.name, t.status])).toEqual([['marshal_version', 'passed']])
    const compiled = result.build.log
      .replace(/\\\n/g, ' ') // make echoes a recipe's continued lines as written
      .split('\n')
      .filter((line) => line.includes(' -c '))
      .map((line) => / -o (\S+\.o)(\s|$)/.exec(line)?.[1])
      .sort()
    // getbuildinfo.o is rebuilt by every link (it embeds the build time)
    expect(compiled).toEqual(['Modules/getbuildinfo.o', 'Modules/zipimport.o', 'Python/import.o', 'Python/marshal.o', 'Python/pythonrun.o'])
  })
})
