// A sandbox taken away from outside (removed, killed) in the middle of a build or a test is an infrastructure
// failure, never the student's result: the engine rejects with InfrastructureError, for the worker to retry. A job
// withdrawn by its caller rejects with SandboxAbortedError. Against the real Docker engine and grader image.
import fs from 'node:fs/promises'
import path from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { docker, InfrastructureError } from '@/lib/grading/docker'
import { gradePatch, type EngineEvent } from '@/lib/grading/engine'
import { loadAssignment, type LoadedAssignment } from '@/lib/content/assignment-manifest'
import { listSandboxes, runInSandbox, SandboxAbortedError, type SandboxEvent } from '@/lib/grading/sandbox'

import { testGraderImage, type TestImage } from './grader-image'

const fixtures = path.resolve(import.meta.dirname, '../../fixtures')
let image: TestImage
let cube: LoadedAssignment
let cubePatch: string

beforeAll(async () => {
  image = await testGraderImage()
  cube = await loadAssignment(path.join(fixtures, 'assignments/cube-builtin'))
  cubePatch = await fs.readFile(path.join(fixtures, 'patches/cube.patch'), 'utf8')
}, 1_800_000)

/** Runs `action` on the job's container once, the first time `when` matches an event. */
function onceWhen<E>(jobId: string, when: (event: E) => boolean, action: 'rm' | 'kill') {
  let done: Promise<unknown> | undefined
  return {
    onEvent: (event: E) => {
      if (done || !when(event)) return
      done = (async () => {
        const [container] = await listSandboxes(jobId)
        if (!container) throw new Error(`no sandbox for ${jobId}`)
        await docker(action === 'rm' ? ['rm', '-f', container] : ['kill', container])
      })()
    },
    fired: () => done,
  }
}

const slowTests = [
  { name: 'quick', program: 'print "fine"\n', timeoutMs: 5_000 },
  { name: 'slow', program: 'import time\ntime.sleep(20)\nprint "late"\n', timeoutMs: 30_000 },
]

describe('a sandbox interrupted from outside', () => {
  for (const action of ['rm', 'kill'] as const) {
    it(`mid-build (docker ${action}): InfrastructureError, not a failed build`, async () => {
      const jobId = `interrupt-build-${action}-${Date.now()}`
      const trigger = onceWhen<SandboxEvent>(jobId, (e) => e.type === 'log', action)
      const outcome = await runInSandbox({ image: image.tag, patch: cubePatch, jobId, tests: slowTests, onEvent: trigger.onEvent }).catch((e: unknown) => e)
      await trigger.fired()
      expect(outcome).toBeInstanceOf(InfrastructureError)
      expect((outcome as Error).message).toMatch(/build interrupted|interrupted during|could not run/)
      expect(await listSandboxes(jobId)).toEqual([])
    })

    it(`mid-test (docker ${action}): InfrastructureError, not a failed test`, async () => {
      const jobId = `interrupt-test-${action}-${Date.now()}`
      const trigger = onceWhen<SandboxEvent>(jobId, (e) => e.type === 'test' && e.name === 'slow', action)
      const started = Date.now()
      const outcome = await runInSandbox({ image: image.tag, patch: cubePatch, jobId, tests: slowTests, onEvent: trigger.onEvent }).catch((e: unknown) => e)
      await trigger.fired()
      expect(outcome).toBeInstanceOf(InfrastructureError)
      expect((outcome as Error).message).toMatch(/test slow interrupted/)
      // noticed at once, not when the test's own 30 s clock ran out
      expect(Date.now() - started).toBeLessThan(25_000)
      expect(await listSandboxes(jobId)).toEqual([])
    })
  }

  it('through the engine: the build removed from outside rejects; it is never graded as build-failed', async () => {
    const jobId = `interrupt-engine-${Date.now()}`
    const trigger = onceWhen<EngineEvent>(jobId, (e) => e.type === 'log', 'rm')
    const outcome = await gradePatch({
      assignment: cube,
      patchText: cubePatch,
      image: image.tag,
      expectedVersion: image.version,
      jobId,
      onEvent: trigger.onEvent,
    }).catch((e: unknown) => e)
    await trigger.fired()
    expect(outcome).toBeInstanceOf(InfrastructureError)
  })

  it('a test that fails on its own is still a result, and a test killed by its own clock is a timeout', async () => {
    const result = await runInSandbox({
      image: image.tag,
      patch: cubePatch,
      tests: [
        { name: 'fails', program: 'import sys\nsys.exit(1)\n', timeoutMs: 5_000 },
        { name: 'hangs', program: 'while True: pass\n', timeoutMs: 1_000 },
      ],
    })
    expect(result.tests.map((t) => [t.name, t.status, t.exitCode])).toEqual([
      ['fails', 'ok', 1],
      ['hangs', 'timeout', 124],
    ])
  })
})

describe('a sandbox withdrawn by its caller', () => {
  it('is removed at once and rejects with SandboxAbortedError', async () => {
    const jobId = `abort-${Date.now()}`
    const controller = new AbortController()
    const outcome = await runInSandbox({
      image: image.tag,
      patch: cubePatch,
      jobId,
      tests: slowTests,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'test' && e.name === 'slow') controller.abort()
      },
    }).catch((e: unknown) => e)
    expect(outcome).toBeInstanceOf(SandboxAbortedError)
    expect(await listSandboxes(jobId)).toEqual([])
  })
})
