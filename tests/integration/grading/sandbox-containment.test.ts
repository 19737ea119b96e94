// Hostile test programs against the real sandbox: each must be contained and graded as a failure, the ordinary
// test after it in the same container must still pass, and the host must be left as it was (no container, no
// process, no disk used).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import fs from 'node:fs/promises'
import path from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { docker } from '@/lib/grading/docker'
import { gradePatch, type EngineResult } from '@/lib/grading/engine'
import { loadAssignment, type LoadedAssignment } from '@/lib/content/assignment-manifest'
import { listSandboxes, SANDBOX_OWNER_LABEL, sandboxOwner } from '@/lib/grading/sandbox'

import { testGraderImage, type TestImage } from './grader-image'

const fixtures = path.resolve(import.meta.dirname, '../../fixtures')

let image: TestImage
let escapes: LoadedAssignment
let correctPatch: string

beforeAll(async () => {
  image = await testGraderImage()
  escapes = await loadAssignment(path.join(fixtures, 'assignments/sandbox-escapes'))
  correctPatch = await fs.readFile(path.join(fixtures, 'patches/cube.patch'), 'utf8')
})

/** One job: the hostile test, then the ordinary one. */
async function gradeHostile(name: string): Promise<{ hostile: EngineResult['tests'][number]; after: EngineResult['tests'][number]; result: EngineResult }> {
  const hostile = escapes.tests.find((t) => t.name === name)!
  const after = escapes.tests.find((t) => t.name === 'cube_after')!
  const assignment: LoadedAssignment = { ...escapes, tests: [hostile, after], maxScore: hostile.points + after.points }
  const jobId = `containment-${name}-${Date.now()}`
  const result = await gradePatch({ assignment, patchText: correctPatch, image: image.tag, expectedVersion: image.version, jobId })
  expect(result.status).toBe('graded')
  expect(await listSandboxes(jobId)).toEqual([])
  return { hostile: result.tests[0], after: result.tests[1], result }
}

function freeDiskMb(directory: string): number {
  const out = execFileSync('df', ['-Pm', directory], { encoding: 'utf8' }).trim().split('\n').at(-1)!
  return Number(out.split(/\s+/)[3])
}

/**
 * Sandbox uids are random and ≥ 200000; no host process may be left with one. Processes inside another
 * deployment's live sandbox (another test run on this machine) are not this test's business.
 */
function hostProcessesOfSandboxUids(): string[] {
  const ours = sandboxOwner()
  const owners = new Map<string, string | null>()
  const ownerOf = (pid: string): string | null => {
    let cgroup = ''
    try {
      cgroup = readFileSync(`/proc/${pid}/cgroup`, 'utf8')
    } catch {
      return null
    }
    const id = cgroup.match(/[0-9a-f]{64}/)?.[0]
    if (!id) return null
    if (!owners.has(id)) {
      try {
        owners.set(id, execFileSync('docker', ['inspect', '--format', `{{index .Config.Labels "${SANDBOX_OWNER_LABEL}"}}`, id], { encoding: 'utf8' }).trim())
      } catch {
        owners.set(id, null)
      }
    }
    return owners.get(id)!
  }
  return execFileSync('ps', ['-eo', 'uid=,pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => Number(line.trim().split(/\s+/)[0]) >= 200_000)
    .filter((line) => {
      const owner = ownerOf(line.trim().split(/\s+/)[1])
      return owner === null || owner === ours
    })
}

async function expectHostHealthy(diskBeforeMb: number) {
  expect(await listSandboxes()).toEqual([])
  expect(hostProcessesOfSandboxUids()).toEqual([])
  const started = performance.now()
  const info = await docker(['info', '--format', '{{.ContainersRunning}}'], { timeoutMs: 10_000 })
  expect(info.exitCode).toBe(0)
  expect(performance.now() - started).toBeLessThan(5_000)
  // Everything a test writes goes to tmpfs: the host disk must not notice. (A write that reached the disk would be
  // gigabytes within the test's timeout; the margin is for whatever else the machine is doing.)
  expect(Math.abs(freeDiskMb('/var/lib/docker') - diskBeforeMb)).toBeLessThan(500)
}

describe('sandbox containment', () => {
  it('times out an infinite loop and still grades the next test', async () => {
    const disk = freeDiskMb('/var/lib/docker')
    const { hostile, after } = await gradeHostile('infinite_loop')
    expect(hostile).toMatchObject({ status: 'timeout', points: 0 })
    expect(hostile.durationMs).toBeGreaterThanOrEqual(2_000)
    expect(hostile.durationMs).toBeLessThan(6_000)
    expect(after).toMatchObject({ status: 'passed', points: 1 })
    await expectHostHealthy(disk)
  })

  it('contains a fork bomb within the pids limit and kills its whole process group', async () => {
    const disk = freeDiskMb('/var/lib/docker')
    const { hostile, after } = await gradeHostile('fork_bomb')
    expect(hostile.status).toMatch(/timeout|error/)
    expect(hostile.points).toBe(0)
    expect(after).toMatchObject({ status: 'passed', points: 1 })
    await expectHostHealthy(disk)
  })

  it('kills a child that escaped the process group (setsid) before the next test', async () => {
    const disk = freeDiskMb('/var/lib/docker')
    const { hostile, after } = await gradeHostile('escaped_daemon')
    expect(hostile).toMatchObject({ status: 'failed', points: 0 })
    expect(after).toMatchObject({ status: 'passed', points: 1 })
    await expectHostHealthy(disk)
  })

  it('stops unbounded allocation with MemoryError', async () => {
    const disk = freeDiskMb('/var/lib/docker')
    const { hostile, after } = await gradeHostile('unbounded_allocation')
    expect(hostile).toMatchObject({ status: 'failed', points: 0, exitCode: 1 })
    expect(hostile.stderr).toContain('MemoryError')
    expect(after).toMatchObject({ status: 'passed', points: 1 })
    await expectHostHealthy(disk)
  })

  it('cuts a stdout flood at the output cap, long before the timeout', async () => {
    const disk = freeDiskMb('/var/lib/docker')
    const { hostile, after } = await gradeHostile('stdout_flood')
    expect(hostile).toMatchObject({ status: 'failed', points: 0 })
    expect(hostile.stdout!.length).toBeLessThanOrEqual(256 * 1024)
    expect(hostile.durationMs).toBeLessThan(10_000)
    expect(after).toMatchObject({ status: 'passed', points: 1 })
    await expectHostHealthy(disk)
  })

  it('caps disk writes: per-file limit, a full scratch tmpfs, read-only tree and root', async () => {
    const disk = freeDiskMb('/var/lib/docker')
    const { hostile, after } = await gradeHostile('disk_fill')
    expect(hostile).toMatchObject({ status: 'failed', points: 0 })
    const lines = hostile.stdout!.trim().split('\n')
    const filledMb = Number(/\/tmp full after (\d+) MB/.exec(lines[0])?.[1])
    expect(filledMb).toBeGreaterThan(30)
    expect(filledMb).toBeLessThanOrEqual(64)
    expect(lines.slice(1)).toEqual([
      'cannot write /sandbox/cpython/fill: Permission denied',
      'cannot write /fill: Read-only file system',
      'cannot write /opt/cpython/fill: Read-only file system',
      'cannot write /sandbox/programs/fill: No space left on device',
    ])
    expect(after).toMatchObject({ status: 'passed', points: 1 })
    await expectHostHealthy(disk)
  })

  it('has no network: connecting to 127.0.0.1 and 10.0.0.1 fails at once', async () => {
    const disk = freeDiskMb('/var/lib/docker')
    const { hostile, after } = await gradeHostile('network')
    expect(hostile).toMatchObject({ status: 'failed', points: 0 })
    expect(hostile.stdout).toMatch(/failed 127\.0\.0\.1 after 0\.\d\d s: .*Connection refused/)
    expect(hostile.stdout).toMatch(/failed 10\.0\.0\.1 after 0\.\d\d s: .*Network is unreachable/)
    expect(hostile.durationMs).toBeLessThan(2_000)
    expect(after).toMatchObject({ status: 'passed', points: 1 })
    await expectHostHealthy(disk)
  })

  it('grades a whitespace flood of exactly the output cap as a failure, without holding the event loop', async () => {
    const disk = freeDiskMb('/var/lib/docker')
    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    const started = performance.now()
    const { hostile, after } = await gradeHostile('whitespace_flood')
    const flood = performance.now() - started
    delay.disable()
    expect(hostile).toMatchObject({ status: 'failed', points: 0 })
    expect(hostile.message).not.toMatch(/output limit/)
    expect(after).toMatchObject({ status: 'passed', points: 1 })
    // the comparison is a linear scan: the event loop never waits long (a backtracking /\s+$/ takes over a minute)
    expect(delay.max / 1e6).toBeLessThan(500)
    // and the job takes about as long as an ordinary one
    const ordinaryStarted = performance.now()
    await gradeHostile('network')
    expect(flood).toBeLessThan(3 * (performance.now() - ordinaryStarted) + 2_000)
    await expectHostHealthy(disk)
  })

  it('does not take printed "PASS" lines for a verdict', async () => {
    const disk = freeDiskMb('/var/lib/docker')
    const { hostile, after, result } = await gradeHostile('fake_pass')
    expect(hostile).toMatchObject({ status: 'failed', points: 0, visibility: 'hidden' })
    expect(result.score).toBe(1)
    expect(after).toMatchObject({ status: 'passed', points: 1 })
    await expectHostHealthy(disk)
  })

  it('grades all of them in one job, in order, with every ordinary test intact', async () => {
    const disk = freeDiskMb('/var/lib/docker')
    const after = escapes.tests.find((t) => t.name === 'cube_after')!
    // cube_after between every hostile test: each must find a clean sandbox.
    const tests = escapes.tests.filter((t) => t.name !== 'cube_after').flatMap((t, i) => [t, { ...after, name: `cube_after_${i}` }])
    const assignment: LoadedAssignment = { ...escapes, tests, maxScore: tests.length }
    const result = await gradePatch({ assignment, patchText: correctPatch, image: image.tag, expectedVersion: image.version })
    const ordinary = result.tests.filter((t) => t.name.startsWith('cube_after_'))
    expect(ordinary.map((t) => t.status)).toEqual(ordinary.map(() => 'passed'))
    expect(result.score).toBe(ordinary.length)
    await expectHostHealthy(disk)
  }, 180_000)
})
