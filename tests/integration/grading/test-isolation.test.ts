// Nothing passes from one test to the next, or from the build to the tests: a directory a test made unreadable is
// gone before the next test starts, a process the build left running is dead before the first test, files the build
// left in the scratch directories are gone, and hidden tests run after every public one. Real engine and image.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { docker } from '@/lib/grading/docker'
import { gradePatch } from '@/lib/grading/engine'
import { loadAssignment, type LoadedAssignment } from '@/lib/content/assignment-manifest'
import { runInSandbox, type SandboxEvent } from '@/lib/grading/sandbox'

import { testGraderImage, type TestImage } from './grader-image'

const fixtures = path.resolve(import.meta.dirname, '../../fixtures')
let image: TestImage
let cubePatch: string
let cube: LoadedAssignment

beforeAll(async () => {
  image = await testGraderImage()
  cubePatch = await fs.readFile(path.join(fixtures, 'patches/cube.patch'), 'utf8')
  cube = await loadAssignment(path.join(fixtures, 'assignments/cube-builtin'))
}, 1_800_000)

// lists what is in the scratch directories and any process whose command line mentions the stash
const SURVEY = `
import os
left = []
for top in ('/tmp', '/dev/shm', '/sandbox/programs'):
    for name in os.listdir(top):
        if name != 'survey.py':
            left.append(top + '/' + name)
procs = []
for pid in os.listdir('/proc'):
    if pid.isdigit() and int(pid) != os.getpid():
        try:
            cmd = open('/proc/%s/cmdline' % pid).read().replace('\\0', ' ')
        except IOError:
            continue
        if 'stash' in cmd or 'sleep 600' in cmd:
            procs.append(cmd.strip())
print sorted(left)
print procs
`

describe('test isolation', () => {
  it('a directory a test made unreadable, and its /dev/shm files, are gone before the next test', async () => {
    const stash = [
      'import os, subprocess',
      "for top in ('/tmp', '/dev/shm'):",
      "    os.makedirs(top + '/stash/deep')",
      "    open(top + '/stash/deep/secret', 'w').write('hidden program text')",
      "    os.chmod(top + '/stash/deep', 0)",
      "    os.chmod(top + '/stash', 0)",
      // a process that tries to outlive the test, detached from its process group
      "subprocess.Popen(['sh', '-c', 'exec -a stash-keeper sleep 600'], preexec_fn=os.setsid)",
      "print 'stashed'",
    ].join('\n')
    const result = await runInSandbox({
      image: image.tag,
      patch: cubePatch,
      tests: [
        { name: 'stasher', program: stash, timeoutMs: 5_000 },
        { name: 'survey', program: SURVEY, timeoutMs: 5_000 },
      ],
    })
    expect(result.tests[0]).toMatchObject({ status: 'ok', exitCode: 0, stdout: 'stashed\n' })
    expect(result.tests[1]).toMatchObject({ status: 'ok', exitCode: 0, stdout: '[]\n[]\n' })
  })

  it('nothing the build started or left in the scratch directories reaches the tests', async () => {
    // a patch to the configured tree's Makefile: linking python also starts a daemon and stashes a file
    const makefile = (await docker(['run', '--rm', '--network', 'none', image.tag, 'cat', '/opt/cpython/Makefile'])).stdout.text
    const rule = '$(BUILDPYTHON):\tModules/python.o $(LIBRARY) $(LDLIBRARY)\n'
    expect(makefile).toContain(rule)
    const planted = makefile.replace(
      rule,
      `${rule}\t(exec -a stash-daemon sleep 600 &) ; mkdir -p /tmp/stash/deep && echo build-secret > /tmp/stash/deep/s && chmod 000 /tmp/stash/deep /tmp/stash\n`,
    )
    const work = await fs.mkdtemp(path.join(tmpdir(), 'isolation-'))
    await fs.mkdir(path.join(work, 'a'))
    await fs.mkdir(path.join(work, 'b'))
    await fs.writeFile(path.join(work, 'a', 'Makefile'), makefile)
    await fs.writeFile(path.join(work, 'b', 'Makefile'), planted)
    let makefilePatch = ''
    try {
      execFileSync('diff', ['-u', 'a/Makefile', 'b/Makefile'], { cwd: work, encoding: 'utf8' })
    } catch (error) {
      makefilePatch = (error as { stdout: string }).stdout
    }
    await fs.rm(work, { recursive: true, force: true })
    expect(makefilePatch).toMatch(/^--- a\/Makefile/)

    const log: string[] = []
    const result = await runInSandbox({
      image: image.tag,
      patch: `${cubePatch}${makefilePatch}`,
      tests: [{ name: 'survey', program: SURVEY, timeoutMs: 5_000 }],
      onEvent: (event: SandboxEvent) => event.type === 'log' && log.push(event.chunk),
    })
    expect(result.build.ok).toBe(true)
    // the planted recipe did run during the build
    expect(log.join('')).toContain('stash-daemon sleep 600')
    expect(result.tests[0]).toMatchObject({ status: 'ok', exitCode: 0, stdout: '[]\n[]\n' })
  })

  it('hidden tests run after the public ones, and results keep the manifest order', async () => {
    const hiddenFirst: LoadedAssignment = {
      ...cube,
      tests: [...cube.tests].sort((a, b) => Number(a.visibility === 'public') - Number(b.visibility === 'public')),
    }
    expect(hiddenFirst.tests[0].visibility).toBe('hidden')
    const ran: string[] = []
    const result = await gradePatch({
      assignment: hiddenFirst,
      patchText: cubePatch,
      image: image.tag,
      expectedVersion: image.version,
      onEvent: (event) => event.type === 'test' && event.status === 'running' && ran.push(event.name),
    })
    const visibilityOf = new Map(cube.tests.map((t) => [t.name, t.visibility]))
    const firstHidden = ran.findIndex((name) => visibilityOf.get(name) === 'hidden')
    expect(ran.slice(firstHidden).every((name) => visibilityOf.get(name) === 'hidden')).toBe(true)
    expect(result.tests.map((t) => t.name)).toEqual(hiddenFirst.tests.map((t) => t.name))
    expect(result.score).toBe(result.maxScore)
  })
})
