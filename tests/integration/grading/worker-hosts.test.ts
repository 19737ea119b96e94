// Two grading hosts: a second Docker engine started on this machine (its own socket, data root and exec root)
// stands in for a second machine. One worker drives the default engine, the other the second one (DOCKER_HOST), and
// the second gets the grader image the way a fresh host does, from a `docker save` archive (GRADER_IMAGE_ARCHIVE).
// Both share PostgreSQL and a Redis of this file's own and drain one queue: every submission is graded exactly once,
// and its result names the host that graded it. A tag retagged on a host after its worker started changes nothing:
// the worker runs its sandboxes by the image ID it pinned at start. Hosts that share BUILD_CACHE_DIR give a student's
// resubmission the cache their first build left, whichever host grades it, and still only to that student.
import fs from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { docker } from '@/lib/grading/docker'
import { engineIdentity, ensureGraderImage, gradedOnLabel, type EngineIdentity } from '@/lib/grading/host-image'
import { listSandboxes } from '@/lib/grading/sandbox'
import { closeGradingQueue } from '@/lib/queue/grading-queue'
import { createSubmission } from '@/lib/submissions/create'

import { startSecondEngine, type SecondEngine } from '../../support/second-engine'
import { startPrivateRedis } from '../../support/private-redis'
import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'

import { testGraderImage, type TestImage } from './grader-image'
import { startWorker, stopAllWorkers, waitFor, type WorkerProcess } from './worker-process'

const ONE_FILE = 'opcode-counter'
// its solution changes Include/frameobject.h, which 9 objects include: a header build that is quick to grade
const HEADER = 'frame-depth-calls'
let image: TestImage
let redis: Awaited<ReturnType<typeof startPrivateRedis>>
let second: SecondEngine
let archive: string
const engines = {} as { first: EngineIdentity; second: EngineIdentity }

beforeAll(async () => {
  redis = await startPrivateRedis()
  process.env.REDIS_URL = redis.url
  image = await testGraderImage()
  await syncRealContent()
  await prisma.assignment.updateMany({ where: { slug: { in: [ONE_FILE, HEADER] } }, data: { dueAt: new Date(Date.now() + 7 * 86400_000) } })
  second = await startSecondEngine()
  archive = `${second.dir}/grader.tar`
  const saved = await docker(['save', '--output', archive, image.tag], { timeoutMs: 600_000 })
  if (saved.exitCode !== 0) throw new Error(`docker save ${image.tag} failed: ${saved.stderr.text}`)
  engines.first = await engineIdentity()
  const info = await second.docker(['info', '--format', '{{json .Name}} {{json .ID}} {{json .DockerRootDir}}'])
  const [name, id, rootDir] = info.stdout.text
    .trim()
    .split(' ')
    .map((p) => JSON.parse(p) as string)
  engines.second = { name, id, rootDir }
}, 1_800_000)

afterAll(async () => {
  await stopAllWorkers()
  await closeGradingQueue()
  await second?.stop()
  await redis?.stop()
}, 300_000)

async function submit(patch = solutionPatch(ONE_FILE)) {
  return createSubmission({ user: await createUser(), assignmentSlug: ONE_FILE, patch, source: 'API' })
}

function brokenPatch(): string {
  const patch = solutionPatch(ONE_FILE)
  const broken = patch.replace(/^\+Py_ssize_t _Py_OpcodeCounts\[256\];$/m, '+Py_ssize_t _Py_OpcodeCounts[256] = ;')
  if (broken === patch) throw new Error(`${ONE_FILE}'s solution no longer has the line this test breaks`)
  return broken
}

function graded(submissionId: string, debug: () => string) {
  return waitFor(
    `submission ${submissionId} to be graded`,
    async () => {
      const s = await prisma.submission.findUnique({ where: { id: submissionId }, include: { runs: { include: { tests: true } } } })
      return s && (s.status === 'GRADED' || s.status === 'ERROR') ? s : null
    },
    600_000,
    debug,
  )
}

const pidOf = (workerId: string | null) => Number(workerId?.split('-').at(-2))

describe('workers on two Docker engines', () => {
  let onFirst: WorkerProcess
  let onSecond: WorkerProcess
  const all = () => `--- worker on the first engine ---\n${onFirst?.output()}\n--- worker on the second engine ---\n${onSecond?.output()}`

  it('drain one queue: every submission graded exactly once, each result names the host that graded it', async () => {
    onFirst = startWorker(image)
    // an extra host as docs/deploy.md sets one up: grading only, the LTI and similarity work stays with the main worker
    onSecond = startWorker(image, { DOCKER_HOST: second.host, GRADER_IMAGE_ARCHIVE: archive, WORKER_GRADING_ONLY: '1' })
    await Promise.all([onFirst.ready, onSecond.ready])
    // the second engine had no grader image: its worker loaded the archive and pinned the same image ID
    expect(onSecond.output()).toContain(`loading ${archive}`)
    expect(onSecond.output()).toContain(`pinned as ${image.digest}`)
    expect(onFirst.output()).toContain(`(present) pinned as ${image.digest}`)
    expect(onSecond.output()).toContain('WORKER_GRADING_ONLY=1: grading only')
    expect(onFirst.output()).not.toContain('grading only')
    expect((await second.docker(['image', 'inspect', '--format', '{{.Id}}', image.tag])).stdout.text.trim()).toBe(image.digest)

    const jobs = [
      { created: await submit(), score: 100, buildOk: true },
      { created: await submit(), score: 100, buildOk: true },
      { created: await submit(brokenPatch()), score: 0, buildOk: false },
      { created: await submit(), score: 100, buildOk: true },
    ]
    const hostOf = new Map([
      [onFirst.child.pid, engines.first],
      [onSecond.child.pid, engines.second],
    ])
    const gradedBy = new Set<string>()
    for (const job of jobs) {
      const submission = await graded(job.created.id, all)
      expect(submission.status).toBe('GRADED')
      expect(submission.runs).toHaveLength(1)
      const [run] = submission.runs
      expect(run).toMatchObject({ status: 'DONE', score: job.score, buildOk: job.buildOk, jobAttempts: 1, imageDigest: image.digest })
      expect(submission.currentRunId).toBe(run.id)
      const engine = hostOf.get(pidOf(run.workerId))
      expect(engine, `run ${run.id} was taken by ${run.workerId}, neither test worker`).toBeDefined()
      expect(run.gradedOn).toBe(gradedOnLabel(engine!, run.workerId!))
      expect(run.buildMs).toBeGreaterThan(0)
      gradedBy.add(engine!.rootDir)
    }
    // both hosts took part
    expect(gradedBy).toEqual(new Set([engines.first.rootDir, engines.second.rootDir]))
    expect(engines.first.rootDir).not.toBe(engines.second.rootDir)
    // exactly one result per submission, and nothing left on either engine
    expect(await prisma.gradingRun.count({ where: { submissionId: { in: jobs.map((j) => j.created.id) } } })).toBe(jobs.length)
    await waitFor('no sandbox left on the first engine', async () => (await listSandboxes()).length === 0, 60_000)
    await waitFor(
      'no sandbox left on the second engine',
      async () => (await second.docker(['ps', '--all', '--quiet', '--filter', 'label=cpython-course.sandbox=1'])).stdout.text.trim() === '',
      60_000,
    )
    await onFirst.stop()
  }, 1_500_000)

  it('a tag retagged on the host after the worker started changes nothing: sandboxes run the pinned image ID', async () => {
    // another deployment moves the tag on the second engine to a different (empty) image
    const empty = await second.docker(['import', '-', 'cpython-course/retag-test:empty'])
    expect(empty.exitCode).toBe(0)
    expect((await second.docker(['tag', 'cpython-course/retag-test:empty', image.tag])).exitCode).toBe(0)
    const retagged = (await second.docker(['image', 'inspect', '--format', '{{.Id}}', image.tag])).stdout.text.trim()
    expect(retagged).not.toBe(image.digest)

    const created = await submit()
    const submission = await graded(created.id, all)
    expect(submission.status).toBe('GRADED')
    const [run] = submission.runs
    expect(run).toMatchObject({ status: 'DONE', score: 100, buildOk: true, imageDigest: image.digest })
    expect(pidOf(run.workerId)).toBe(onSecond.child.pid)
    expect(run.gradedOn).toBe(gradedOnLabel(engines.second, run.workerId!))
    await onSecond.stop()
  }, 900_000)

  it('a host whose tag names another image, or that has no way to get the image, refuses to start and says why', async () => {
    // after the test above the content-hash tag on the second engine names the empty image: a worker must not grade with it
    const refused = startWorker(image, { DOCKER_HOST: second.host })
    await expect(refused.ready).rejects.toThrow(
      new RegExp(`${image.tag} on the Docker engine at ${second.host} is image sha256:\\w+, which is not a grader image .*docker image rm ${image.tag}`),
    )

    const saved = { DOCKER_HOST: process.env.DOCKER_HOST, GRADER_IMAGE_ARCHIVE: process.env.GRADER_IMAGE_ARCHIVE, GRADER_REGISTRY: process.env.GRADER_REGISTRY }
    const quiet = () => {}
    try {
      process.env.DOCKER_HOST = second.host
      delete process.env.GRADER_REGISTRY
      delete process.env.GRADER_IMAGE_ARCHIVE
      // a deployment's own tag, not on this engine, nowhere to get it from
      await expect(ensureGraderImage('cpython-course/grader:fall-2026', quiet)).rejects.toThrow(
        /not on the Docker engine at unix:\/\/.*neither GRADER_IMAGE_ARCHIVE nor GRADER_REGISTRY/,
      )
      // an archive that does not hold the tag asked for
      process.env.GRADER_IMAGE_ARCHIVE = archive
      await expect(ensureGraderImage('cpython-course/grader:fall-2026', quiet)).rejects.toThrow(
        new RegExp(`GRADER_IMAGE_ARCHIVE ${archive} does not contain cpython-course/grader:fall-2026 \\(it loaded: .*Loaded image: ${image.tag}\\)`),
      )
      // loading it put the real image back under its tag: now the same call for that tag succeeds, pinned by ID
      const pinned = await ensureGraderImage(image.tag, quiet)
      expect(pinned).toMatchObject({ ref: image.tag, id: image.digest, source: 'present' })
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  }, 600_000)

  it("hosts sharing BUILD_CACHE_DIR: a resubmission graded on the other host hits its student's cache, another student's build does not", async () => {
    const shared = await fs.mkdtemp(path.join(second.dir, 'shared-build-cache-'))
    const student = await createUser()
    const submitHeader = async (user: Awaited<ReturnType<typeof createUser>>) =>
      createSubmission({ user, assignmentSlug: HEADER, patch: solutionPatch(HEADER), source: 'API' })

    // the first submission is graded on the first host, alone
    const onA = startWorker(image, { BUILD_CACHE_DIR: shared })
    await onA.ready
    const first = (await graded((await submitHeader(student)).id, onA.output)).runs[0]
    expect(first).toMatchObject({ status: 'DONE', buildOk: true, cacheHits: 0 })
    expect(first.score).toBe(first.maxScore)
    expect(first.cacheMisses).toBeGreaterThanOrEqual(9)
    expect(pidOf(first.workerId)).toBe(onA.child.pid)
    await onA.stop()
    // the archive is in the shared directory, one per (student, assignment, image)
    const kept = (await fs.readdir(shared, { recursive: true })).filter((f) => f.endsWith('.tar'))
    expect(kept).toHaveLength(1)

    // the resubmission goes to the second host (on the second engine, nothing of the first host's disk but the share)
    const onB = startWorker(image, { DOCKER_HOST: second.host, GRADER_IMAGE_ARCHIVE: archive, WORKER_GRADING_ONLY: '1', BUILD_CACHE_DIR: shared })
    await onB.ready
    const again = (await graded((await submitHeader(student)).id, onB.output)).runs[0]
    expect(again).toMatchObject({ status: 'DONE', buildOk: true, score: first.score })
    expect(pidOf(again.workerId)).toBe(onB.child.pid)
    expect(again.gradedOn).toBe(gradedOnLabel(engines.second, again.workerId!))
    // every object the first build compiled is a hit; Modules/getbuildinfo.c embeds __DATE__/__TIME__ and compiles again
    expect(again.cacheHits).toBeGreaterThanOrEqual(first.cacheMisses! - 1)
    expect(again.cacheMisses).toBeLessThanOrEqual(1)

    // the same patch from another student on that host: a cache of their own, empty
    const stranger = (await graded((await submitHeader(await createUser())).id, onB.output)).runs[0]
    expect(stranger).toMatchObject({ status: 'DONE', score: first.score, cacheHits: 0 })
    await onB.stop()
    expect((await fs.readdir(shared, { recursive: true })).filter((f) => f.endsWith('.tar'))).toHaveLength(2)
  }, 900_000)
})
