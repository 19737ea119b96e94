// The image builder, orphan cleanup, and the line between infrastructure failures (thrown, retried) and student
// failures (results), against the real Docker engine.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { docker, InfrastructureError } from '@/lib/grading/docker'
import { gradePatch } from '@/lib/grading/engine'
import { buildGraderImage, imageInfo, LABELS } from '@/lib/grading/image'
import { loadAssignment, type LoadedAssignment } from '@/lib/content/assignment-manifest'
import {
  listSandboxes,
  probeSandbox,
  removeOrphanSandboxes,
  runInSandbox,
  SANDBOX_HOST_LABEL,
  SANDBOX_LABEL,
  SANDBOX_MAX_AGE_MS,
  SANDBOX_OWNER_LABEL,
  SANDBOX_PID_LABEL,
  sandboxOwner,
  type SandboxEvent,
} from '@/lib/grading/sandbox'

import { testGraderImage, type TestImage } from './grader-image'

const fixtures = path.resolve(import.meta.dirname, '../../fixtures')

let image: TestImage
let cube: LoadedAssignment
let cubePatch: string

beforeAll(async () => {
  image = await testGraderImage()
  cube = await loadAssignment(path.join(fixtures, 'assignments/cube-builtin'))
  cubePatch = await fs.readFile(path.join(fixtures, 'patches/cube.patch'), 'utf8')
})

afterEach(() => {
  delete process.env.DOCKER_HOST
})

describe('grader image', () => {
  it('is a no-op when nothing changed, and carries its baseline in labels', async () => {
    const logs: string[] = []
    const again = await buildGraderImage({ tagAliases: false, log: (line) => logs.push(line) })
    expect(again.built).toBe(false)
    expect(again.tag).toBe(image.tag)
    expect(logs.join('\n')).toMatch(/grader image up to date/)
    expect(again.tag).toMatch(new RegExp(`^cpython-course/grader:${image.version.replaceAll('.', '\\.')}-[0-9a-f]{12}$`))

    const info = await imageInfo(image.tag)
    expect(info).toMatchObject({ version: image.version, digest: image.digest, inputsHash: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(again.tag.endsWith(info.inputsHash!.slice(0, 12))).toBe(true)
    expect(info.sha256).toBe(again.source.sha256)
    const labels = await docker(['image', 'inspect', '--format', `{{index .Config.Labels "${LABELS.verified}"}}`, image.tag])
    expect(labels.stdout.text.trim()).toBe(String(again.source.verified))
  })

  it('runs as a non-root user with the pre-built interpreter and nothing to rebuild', async () => {
    const run = await docker([
      'run',
      '--rm',
      '--network',
      'none',
      image.tag,
      'sh',
      '-c',
      'id -u; cd /opt/cpython && ./python -c "import sys; print sys.version.split()[0]" && make -q python && echo up-to-date',
    ])
    expect(run.exitCode).toBe(0)
    expect(run.stdout.text.split('\n')).toEqual(['1000', image.version, 'up-to-date', ''])
  })
})

describe('sandbox probe (run by the worker before it takes jobs)', () => {
  it('reads the limits from inside a real sandbox, and they are the ones set', async () => {
    const probe = await probeSandbox(image.tag, { memoryMb: 700, pids: 77 })
    expect(probe.problems).toEqual([])
    expect(probe.readings).toMatchObject({ pids: '77', net: 'lo', rootwrite: 'no', nonewprivs: '1', capeff: '0000000000000000' })
    expect(Number(probe.readings.memory)).toBe(700 * 1024 * 1024)
    expect(Number(probe.readings.uid)).toBeGreaterThanOrEqual(200_000)
    expect(await listSandboxes()).toEqual([])
  })
})

describe('orphan sandboxes', () => {
  it("removes this deployment's sandboxes whose process is gone, and neither live ones, other containers nor another deployment's", async () => {
    // a process that has exited: its pid names nobody (pids are not reused within a test's few seconds)
    const gone = spawnSync('true')
    const labels = (pid: number) => [
      '--label',
      `${SANDBOX_LABEL}=1`,
      '--label',
      `${SANDBOX_OWNER_LABEL}=${sandboxOwner()}`,
      '--label',
      `${SANDBOX_HOST_LABEL}=${os.hostname()}`,
      '--label',
      `${SANDBOX_PID_LABEL}=${pid}`,
    ]
    const orphan = await docker(['run', '-d', ...labels(gone.pid!), '--network', 'none', image.tag, 'sleep', '300'])
    const live = await docker(['run', '-d', ...labels(process.pid), '--network', 'none', image.tag, 'sleep', '300'])
    // no host or pid: started by another host's process, kept until it is older than any job can be
    const elsewhere = await docker([
      'run',
      '-d',
      '--label',
      `${SANDBOX_LABEL}=1`,
      '--label',
      `${SANDBOX_OWNER_LABEL}=${sandboxOwner()}`,
      '--network',
      'none',
      image.tag,
      'sleep',
      '300',
    ])
    const bystander = await docker(['run', '-d', '--network', 'none', image.tag, 'sleep', '300'])
    const otherDeployment = await docker([
      'run',
      '-d',
      '--label',
      `${SANDBOX_LABEL}=1`,
      '--label',
      `${SANDBOX_OWNER_LABEL}=another-course`,
      '--network',
      'none',
      image.tag,
      'sleep',
      '300',
    ])
    const id = (r: { stdout: { text: string } }) => r.stdout.text.trim()
    try {
      expect(await listSandboxes()).toContain(id(orphan).slice(0, 12))
      expect(await removeOrphanSandboxes()).toBe(1)
      expect(await listSandboxes()).not.toContain(id(orphan).slice(0, 12))
      for (const kept of [live, elsewhere, bystander, otherDeployment]) {
        const still = await docker(['inspect', '--format', '{{.State.Running}}', id(kept)])
        expect(still.stdout.text.trim()).toBe('true')
      }
      // past the longest a job can take, a sandbox nobody can vouch for is removed too; a live process's stays
      expect(await removeOrphanSandboxes(undefined, new Date(Date.now() + SANDBOX_MAX_AGE_MS + 60_000))).toBe(1)
      expect(await listSandboxes()).toEqual([id(live).slice(0, 12)])
      // the caller's own knowledge wins: a sandbox it vouches for stays, one it says nobody owns goes
      expect(await removeOrphanSandboxes(() => true, new Date(Date.now() + SANDBOX_MAX_AGE_MS + 60_000))).toBe(0)
      expect(await removeOrphanSandboxes(() => false)).toBe(1)
      expect(await listSandboxes()).toEqual([])
    } finally {
      await docker(['rm', '-f', ...[orphan, live, elsewhere, bystander, otherDeployment].map(id)])
    }
  })
})

describe('infrastructure failures throw; student failures are results', () => {
  it('throws InfrastructureError when Docker cannot be reached', async () => {
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock'
    const error = await gradePatch({ assignment: cube, patchText: cubePatch, image: image.tag, expectedVersion: image.version }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InfrastructureError)
    expect((error as Error).message).toMatch(/Docker is not reachable/)
  })

  it('throws InfrastructureError for an image without the sandbox tools', async () => {
    const base = await docker(['image', 'inspect', '--format', '{{.Id}}', 'cpython-course/debian-base:bookworm'])
    const bare = base.exitCode === 0 ? 'cpython-course/debian-base:bookworm' : image.tag
    await expect(runInSandbox({ image: bare, patch: cubePatch, tests: [] })).rejects.toBeInstanceOf(InfrastructureError)
    expect(await listSandboxes()).toEqual([])
  })

  it('treats a build that exceeds its time limit as a failed build, and removes the container', async () => {
    const result = await gradePatch({
      assignment: cube,
      patchText: cubePatch,
      image: image.tag,
      expectedVersion: image.version,
      limits: { buildTimeoutMs: 150 },
    })
    expect(result).toMatchObject({ status: 'build-failed', score: 0, build: { ok: false, applied: true } })
    expect(result.build.log).toContain('[build stopped after 0.15 s]')
    expect(await listSandboxes()).toEqual([])
  })
})

describe('runInSandbox', () => {
  it('streams phases, the build log and tests; hands stdin and args over exactly; reports exit statuses and signals', async () => {
    const events: SandboxEvent[] = []
    const result = await runInSandbox({
      image: image.tag,
      patch: cubePatch,
      jobId: 'integration-run',
      tests: [
        {
          name: 'echo',
          program: 'import sys\nsys.stdout.write(repr(sys.argv[1:]) + "\\n" + sys.stdin.read())\nsys.stderr.write("to stderr\\n")\n',
          stdin: 'line one\nline two\n',
          args: ['plain', 'with space', '$(touch /tmp/x)', '--flag'],
          timeoutMs: 5000,
        },
        { name: 'exits_3', program: 'import sys\nsys.exit(3)\n', timeoutMs: 5000 },
        { name: 'segfault', program: 'import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n', timeoutMs: 5000 },
      ],
      onEvent: (event) => events.push(event),
    })
    expect(result.build).toMatchObject({ applied: true, ok: true, errors: [], timedOut: false })
    const [echo, exits3, segfault] = result.tests
    expect(echo).toMatchObject({ status: 'ok', exitCode: 0, truncated: false, stderr: 'to stderr\n' })
    expect(echo.stdout).toBe("['plain', 'with space', '$(touch /tmp/x)', '--flag']\nline one\nline two\n")
    expect(exits3).toMatchObject({ status: 'ok', exitCode: 3 })
    expect(segfault).toMatchObject({ status: 'crashed', exitCode: 128 + 11 })

    const kinds = events.map((e) => (e.type === 'phase' ? e.phase : e.type))
    expect(kinds[0]).toBe('starting')
    expect(kinds).toContain('log')
    expect(kinds.filter((k) => k === 'test')).toHaveLength(3)
    expect(kinds.filter((k) => k === 'test-result')).toHaveLength(3)
    expect(kinds.at(-1)).toBe('finished')
    expect(result.timings.totalMs).toBeGreaterThan(result.timings.buildMs)
    expect(await listSandboxes()).toEqual([])
  })

  it('never lets an expected output into the sandbox, even for the test that is running', async () => {
    const marker = `expected-output-marker-${Date.now()}`
    const walker = [
      'import os',
      '# The needle is built at run time so this program does not contain it.',
      `needle = ${JSON.stringify(marker.slice(0, 10))} + ${JSON.stringify(marker.slice(10))}`,
      'found = []',
      'for top in ["/sandbox", "/tmp", "/opt", "/home", "/root", "/etc", "/var", "/srv", "/usr/local", "/dev/shm"]:',
      '    for root, dirs, files in os.walk(top):',
      '        for name in files:',
      '            try:',
      '                if needle in open(os.path.join(root, name)).read():',
      '                    found.append(os.path.join(root, name))',
      '            except (IOError, OSError):',
      '                pass',
      'print found',
    ].join('\n')
    const test = {
      ...cube.tests[0],
      name: 'look_for_expected',
      programText: walker,
      expectedText: `${marker}\n`,
      timeoutSeconds: 60,
      stdinText: undefined,
      args: [],
    }
    const assignment: LoadedAssignment = { ...cube, tests: [test], maxScore: test.points }
    const result = await gradePatch({ assignment, patchText: cubePatch, image: image.tag, expectedVersion: image.version })
    expect(result.tests[0]).toMatchObject({ status: 'failed', stdout: '[]\n' })
  })
})
