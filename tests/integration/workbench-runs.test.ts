// "Run public tests" and "Submit" from the workbench: the saved draft goes through the same intake as an upload.
import { Queue } from 'bullmq'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { queuePrefix } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'
import { closeGradingQueue, gradingQueue, GRADING_QUEUE, PRIORITY } from '@/lib/queue/grading-queue'
import { createRedis } from '@/lib/queue/redis'
import { PRACTICE_RUNS_PER_HOUR } from '@/lib/submissions/create'
import { loadPatchIntoDraft } from '@/lib/workbench/load-patch'
import { submitDraft } from '@/lib/workbench/submit-draft'
import { draftPatch, saveWorkbenchFile, workbenchFile } from '@/lib/workbench/workbench'

import { createUser, solutionPatch, syncRealContent } from '../support/fixtures'

const SLUG = 'opcode-counter'

beforeAll(async () => {
  await syncRealContent()
})
afterAll(async () => {
  await gradingQueue().obliterate({ force: true })
  await closeGradingQueue()
})
beforeEach(async () => {
  await prisma.testResult.deleteMany()
  await prisma.gradingRun.deleteMany()
  await prisma.submission.deleteMany()
  await prisma.draftFile.deleteMany()
  await gradingQueue().obliterate({ force: true })
})

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

async function queuedJobIds() {
  const q = new Queue(GRADING_QUEUE, { connection: createRedis('client'), prefix: queuePrefix() })
  const jobs = await q.getJobs(['waiting', 'prioritized', 'delayed', 'active'])
  await q.close()
  return jobs.map((j) => j.id)
}

describe('running the draft', () => {
  it('a practice run stores a PRACTICE submission of exactly the draft diff, from the workbench, queued at practice priority', async () => {
    const student = await createUser()
    await loadPatchIntoDraft(student, SLUG, solutionPatch(SLUG), 'solution.diff')
    const { patch } = await draftPatch(student, SLUG)

    const created = await submitDraft(student, SLUG, { kind: 'practice', expectedPatch: patch })
    expect(created).toMatchObject({ practice: true, number: null, enqueued: true })
    const submission = await prisma.submission.findUniqueOrThrow({ where: { id: created.id }, include: { runs: true } })
    expect(submission).toMatchObject({ kind: 'PRACTICE', source: 'WORKBENCH', number: null, patch, lateSeconds: 0 })
    expect(submission.runs).toHaveLength(1)
    expect(submission.runs[0]).toMatchObject({ status: 'QUEUED', reason: 'INITIAL', priority: PRIORITY.practice })
    expect(await queuedJobIds()).toEqual([submission.runs[0]!.id])
    // not a graded submission: the count of submissions is untouched
    expect(await prisma.submission.count({ where: { userId: student.id, kind: 'GRADED' } })).toBe(0)
  })

  it('a submission is a graded one, numbered like an upload', async () => {
    const student = await createUser()
    await loadPatchIntoDraft(student, SLUG, solutionPatch(SLUG), 'solution.diff')
    const first = await submitDraft(student, SLUG, { kind: 'submission' })
    const second = await submitDraft(student, SLUG, { kind: 'submission' })
    expect([first.number, second.number]).toEqual([1, 2])
    expect(await prisma.submission.findMany({ where: { userId: student.id }, select: { kind: true, source: true } })).toEqual([
      { kind: 'GRADED', source: 'WORKBENCH' },
      { kind: 'GRADED', source: 'WORKBENCH' },
    ])
  })

  it('refuses an empty draft, and a draft that is not the diff the page showed, storing nothing', async () => {
    const student = await createUser()
    expect(await appError(submitDraft(student, SLUG, { kind: 'practice' }))).toMatchObject({ status: 400, code: 'empty_draft' })

    const ceval = await workbenchFile(student, SLUG, 'Python/ceval.c')
    await saveWorkbenchFile(student, SLUG, { path: 'Python/ceval.c', content: `/* saved elsewhere */\n${ceval.original}`, base: null })
    const stale = await appError(submitDraft(student, SLUG, { kind: 'submission', expectedPatch: '--- a/Python/ceval.c\n+++ b/Python/ceval.c\n' }))
    expect(stale).toMatchObject({ status: 409, code: 'draft_changed' })
    expect(await prisma.submission.count()).toBe(0)
    expect(await queuedJobIds()).toEqual([])
  })

  it('a draft that does not compile is still accepted (the build reports the errors); one the intake rejects is named by line', async () => {
    const student = await createUser()
    const ceval = await workbenchFile(student, SLUG, 'Python/ceval.c')
    await saveWorkbenchFile(student, SLUG, {
      path: 'Python/ceval.c',
      content: ceval.original.replace('#include <ctype.h>\n', '#include <ctype.h>\nthis is not C;\n'),
      base: null,
    })
    const run = await submitDraft(student, SLUG, { kind: 'practice' })
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: run.id } })).kind).toBe('PRACTICE')

    // a line too long for the intake (4096 characters): the error names the line of the draft diff
    const other = await createUser()
    await saveWorkbenchFile(other, SLUG, { path: 'Python/ceval.c', content: `/* ${'x'.repeat(5000)} */\n${ceval.original}`, base: null })
    const rejected = await appError(submitDraft(other, SLUG, { kind: 'practice' }))
    expect(rejected).toMatchObject({ status: 422, code: 'patch_rejected' })
    expect(rejected.message).toMatch(new RegExp(`^${SLUG}\\.diff line 4: `))
  })

  it('practice runs are rate-limited on their own', async () => {
    const student = await createUser()
    await loadPatchIntoDraft(student, SLUG, solutionPatch(SLUG), 'solution.diff')
    for (let i = 0; i < PRACTICE_RUNS_PER_HOUR; i++) await submitDraft(student, SLUG, { kind: 'practice' })
    const limited = await appError(submitDraft(student, SLUG, { kind: 'practice' }))
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited' })
    // a real submission is still possible
    expect((await submitDraft(student, SLUG, { kind: 'submission' })).number).toBe(1)
  })
})
