// The similarity check end to end on real PostgreSQL and Redis: planted submissions to the real opcode-counter and
// annotate-int-add assignments, a run requested like an instructor does, taken from the queue by the real worker.
import { createHash } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { closeSimilarityQueue, similarityQueue } from '@/lib/queue/similarity-queue'
import { dolosVersion } from '@/lib/similarity/compare'
import { FLAG_THRESHOLD, runParametersSchema } from '@/lib/similarity/parameters'
import { queueDeadlineRuns, reconcileSimilarityRuns, requestSimilarityRun } from '@/lib/similarity/runs'
import { startSimilarityWorker } from '@/worker/similarity'

import { syncRealContent } from '../support/fixtures'
import * as planted from '../support/similarity-planted'

import { assignmentBySlug, student } from './instructor-fixtures'

type Pair = {
  leftUserId: string
  rightUserId: string
  leftSubmissionId: string
  rightSubmissionId: string
  similarity: number
  longest: number
  fragments: unknown
}

async function submit(userId: string, assignmentId: string, patch: string, score: number | null, createdAt: Date) {
  const last = await prisma.submission.aggregate({ where: { userId, assignmentId }, _max: { number: true } })
  const status = score === null ? 'NEEDS_MANUAL' : 'GRADED'
  const sub = await prisma.submission.create({
    data: {
      userId,
      assignmentId,
      number: (last._max.number ?? 0) + 1,
      kind: 'GRADED',
      source: 'PASTE',
      patch,
      patchSha256: createHash('sha256').update(patch).digest('hex'),
      patchBytes: Buffer.byteLength(patch),
      patchFiles: [],
      status,
      createdAt,
    },
  })
  const run = await prisma.gradingRun.create({ data: { submissionId: sub.id, status: 'DONE', createdAt, finishedAt: createdAt, score, maxScore: 100 } })
  await prisma.submission.update({ where: { id: sub.id }, data: { currentRunId: run.id } })
  return sub
}

async function waitForRun(runId: string) {
  for (let i = 0; i < 600; i++) {
    const run = await prisma.similarityRun.findUniqueOrThrow({ where: { id: runId } })
    if (run.status === 'DONE' || run.status === 'ERROR') return run
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`similarity run ${runId} did not finish in 60 s: is the similarity worker consuming the queue?`)
}

const between = (pairs: Pair[], a: string, b: string) =>
  pairs.find((p) => (p.leftUserId === a && p.rightUserId === b) || (p.leftUserId === b && p.rightUserId === a))

let worker: { close(): Promise<void> } | undefined
const people: Record<string, string> = {}
let instructorId = ''

beforeAll(async () => {
  await syncRealContent()
  worker = startSimilarityWorker(prisma, () => {})
  instructorId = (await student('Irene Instructor', null, 'INSTRUCTOR')).id
  for (const name of ['alice', 'bob', 'carol', 'dave', 'refstudent', 'refstudent2', 'erin', 'frank', 'greta', 'hugo', 'ines', 'refannotator'])
    people[name] = (await student(name)).id
})

afterAll(async () => {
  await worker?.close()
  await closeSimilarityQueue()
})

describe('a similarity check of a patch assignment', () => {
  let pairs: Pair[] = []
  let run: Awaited<ReturnType<typeof waitForRun>>
  let aliceBest = ''

  beforeAll(async () => {
    const a = await assignmentBySlug('opcode-counter')
    expect(a.scoreSelection).toBe('BEST')
    const pristine = await planted.loadPristine(planted.OPCODE_FILES)
    const before = (h: number) => new Date(a.dueAt.getTime() - h * 3600_000)
    aliceBest = (await submit(people.alice!, a.id, planted.alicePatch(pristine), 95, before(10))).id
    // Alice's later, worse attempt does not count under BEST: the check compares her best submission
    await submit(people.alice!, a.id, planted.carolPatch(pristine), 20, before(5))
    await submit(people.bob!, a.id, planted.bobPatch(pristine), 90, before(4))
    await submit(people.carol!, a.id, planted.carolPatch(pristine).replace('_Py_ExecCount[opcode] += 1;', '_Py_ExecCount[opcode]++;'), 88, before(4))
    await submit(people.dave!, a.id, planted.davePatch(pristine), 80, before(4))
    await submit(people.refstudent!, a.id, planted.referenceSolution('opcode-counter'), 100, before(3))
    await submit(people.refstudent2!, a.id, planted.referenceSolution('opcode-counter'), 100, before(3))
    await submit(people.erin!, a.id, planted.baseOnlyPatch(pristine), 0, before(3))
    await submit(people.frank!, a.id, planted.baseOnlyPatch(pristine), 0, before(2))
    // an instructor trying the assignment out with Bob's patch is not a student of the class
    await submit(instructorId, a.id, planted.bobPatch(pristine), 90, before(2))

    const requested = await requestSimilarityRun('opcode-counter', instructorId)
    run = await waitForRun(requested.runId)
    pairs = await prisma.similarityPair.findMany({ where: { runId: run.id }, orderBy: [{ similarity: 'desc' }, { longest: 'desc' }] })
  })

  it('ranks the copy with renamed variables and reordered functions as the top pair, above the threshold, with its shared fragments', async () => {
    expect(run.status).toBe('DONE')
    const top = pairs[0]!
    expect(new Set([top.leftUserId, top.rightUserId])).toEqual(new Set([people.alice, people.bob]))
    expect(top.similarity).toBeGreaterThanOrEqual(FLAG_THRESHOLD)
    // the longest shared fragment ranks them first too
    const byLongest = [...pairs].sort((x, y) => y.longest - x.longest)[0]!
    expect(new Set([byLongest.leftUserId, byLongest.rightUserId])).toEqual(new Set([people.alice, people.bob]))
    const fragments = top.fragments as { left: { path: string; startLine: number }; right: { path: string; startLine: number } }[]
    expect(fragments.length).toBeGreaterThan(0)
    expect(fragments.map((f) => f.left.path)).toContain('Python/sysmodule.c')
    for (const f of fragments) expect(f.left.startLine).toBeGreaterThan(0)
  })

  it('compares students’ counted submissions under the assignment’s policy (best score, not the latest), staff left out', () => {
    const top = pairs[0]!
    expect([top.leftSubmissionId, top.rightSubmissionId]).toContain(aliceBest)
    expect(run.submissions).toBe(8)
    expect(pairs.filter((p) => p.leftUserId === instructorId || p.rightUserId === instructorId)).toEqual([])
  })

  it('keeps independent correct solutions of the same assignment below the threshold', () => {
    for (const [a, b] of [
      ['alice', 'carol'],
      ['alice', 'dave'],
      ['bob', 'carol'],
      ['bob', 'dave'],
      ['carol', 'dave'],
    ] as const) {
      const p = between(pairs, people[a]!, people[b]!)
      expect(p?.similarity ?? 0, `${a}–${b}`).toBeLessThan(FLAG_THRESHOLD)
    }
  })

  it('excludes the reference solution: two students who hand it in share nothing, with each other or anyone', () => {
    const refs = [people.refstudent, people.refstudent2]
    expect(pairs.filter((p) => refs.includes(p.leftUserId) || refs.includes(p.rightUserId))).toEqual([])
  })

  it('scores base-code-only patches zero, even two identical ones', () => {
    expect(between(pairs, people.erin!, people.frank!)).toBeUndefined()
    expect(pairs.filter((p) => [p.leftUserId, p.rightUserId].some((u) => u === people.erin || u === people.frank))).toEqual([])
  })

  it('stores the library version, the parameters and a histogram of every pair compared', () => {
    expect(run.library).toBe(dolosVersion())
    expect(run.library).toMatch(/^@dodona\/dolos-lib \d+\.\d+\.\d+$/)
    const parameters = runParametersSchema.parse(run.parameters)
    expect(parameters).toMatchObject({ kind: 'code', threshold: FLAG_THRESHOLD, selection: 'BEST' })
    expect(parameters.template).toEqual(['pristine:Python/ceval.c', 'pristine:Python/sysmodule.c', 'reference-solution'])
    expect(run.pairsCompared).toBe((8 * 7) / 2)
    const histogram = run.histogram as number[]
    expect(histogram).toHaveLength(20)
    expect(histogram.reduce((n, c) => n + c, 0)).toBe(28)
  })

  it('refuses a second check while one is waiting or running', async () => {
    const first = await requestSimilarityRun('opcode-counter', instructorId)
    await expect(requestSimilarityRun('opcode-counter', instructorId)).rejects.toMatchObject({ status: 409, code: 'similarity_busy' })
    expect((await waitForRun(first.runId)).status).toBe('DONE')
  })
})

describe('a similarity check of an annotation assignment', () => {
  it('compares the comments students added: a reworded copy in other places is the top pair, an own explanation is not flagged', async () => {
    const a = await assignmentBySlug('annotate-int-add')
    const pristine = await planted.loadPristine(planted.ANNOTATION_FILES)
    const at = new Date(a.dueAt.getTime() - 3600_000)
    await submit(people.greta!, a.id, planted.gretaPatch(pristine), null, at)
    await submit(people.hugo!, a.id, planted.hugoPatch(pristine), null, at)
    await submit(people.ines!, a.id, planted.inesPatch(pristine), null, at)
    await submit(people.refannotator!, a.id, planted.referenceSolution('annotate-int-add'), null, at)

    const run = await waitForRun((await requestSimilarityRun('annotate-int-add', instructorId)).runId)
    expect(run.status).toBe('DONE')
    expect(runParametersSchema.parse(run.parameters).kind).toBe('comments')
    const pairs = await prisma.similarityPair.findMany({ where: { runId: run.id }, orderBy: { similarity: 'desc' } })
    expect(new Set([pairs[0]!.leftUserId, pairs[0]!.rightUserId])).toEqual(new Set([people.greta, people.hugo]))
    expect(pairs[0]!.similarity).toBeGreaterThanOrEqual(FLAG_THRESHOLD)
    expect(between(pairs, people.greta!, people.ines!)?.similarity ?? 0).toBeLessThan(FLAG_THRESHOLD)
    expect(pairs.filter((p) => p.leftUserId === people.refannotator || p.rightUserId === people.refannotator)).toEqual([])
  })

  it('queues one run per assignment once its deadline has passed with no run since, and only once', async () => {
    const a = await assignmentBySlug('annotate-int-add')
    // the run above was asked for before this assignment's deadline (in the content files), so the deadline wants its own
    const afterDeadline = new Date(Math.max(Date.now(), a.dueAt.getTime()) + 3600_000)
    const created = await queueDeadlineRuns(prisma, afterDeadline)
    const again = await queueDeadlineRuns(prisma, afterDeadline)
    const deadlineRuns = await prisma.similarityRun.findMany({ where: { assignmentId: a.id, trigger: 'DEADLINE' } })
    expect(deadlineRuns).toHaveLength(1)
    expect(created).toContain(deadlineRuns[0]!.id)
    expect(again).toEqual([])
    // opcode-counter had instructor runs after its deadline: nothing to add there
    const opcode = await assignmentBySlug('opcode-counter')
    expect(await prisma.similarityRun.count({ where: { assignmentId: opcode.id, trigger: 'DEADLINE' } })).toBe(opcode.dueAt < new Date() ? 0 : 1)
    // the reconciler hands the new run to the queue and the worker finishes it
    await reconcileSimilarityRuns(prisma, similarityQueue(), afterDeadline)
    expect((await waitForRun(deadlineRuns[0]!.id)).status).toBe('DONE')
  })
})
