// Every transition of a grading run against the real PostgreSQL: from each status, each guarded write either does
// what RUN_TRANSITIONS allows or nothing at all; a finished run never changes again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import type { EngineResult } from '@/lib/grading/engine'
import { closeGradingQueue } from '@/lib/queue/grading-queue'
import { claimRun, reclaimExpired, recordFailure, recordResult, RUN_TRANSITIONS, type Attempt } from '@/lib/runs/lifecycle'
import { createSubmission } from '@/lib/submissions/create'

import { createUser, solutionPatch, syncRealContent } from '../../support/fixtures'

const SLUG = 'opcode-counter'
type Status = keyof typeof RUN_TRANSITIONS
const STATUSES: Status[] = ['QUEUED', 'RUNNING', 'DONE', 'ERROR']

beforeAll(async () => {
  await syncRealContent()
  await prisma.assignment.updateMany({ where: { slug: SLUG }, data: { dueAt: new Date(Date.now() + 7 * 86400_000) } })
})
afterAll(() => closeGradingQueue())

const result: EngineResult = {
  score: 100,
  maxScore: 100,
  status: 'graded',
  verdict: { kind: 'graded' },
  tests: [{ name: 't', visibility: 'public', status: 'passed', points: 100, maxPoints: 100, durationMs: 1 }],
  build: { ok: true, applied: true, errors: [], log: '' },
  image: { digest: 'sha256:x', version: '2.7.8', verified: true },
}

/** A run put in `status`, held by attempt 1 with a lease that has passed (so every guard but the status is met). */
async function runIn(status: Status): Promise<Attempt> {
  const created = await createSubmission({ user: await createUser(), assignmentSlug: SLUG, patch: solutionPatch(SLUG), source: 'API' })
  const run = await prisma.gradingRun.findFirstOrThrow({ where: { submissionId: created.id } })
  await prisma.gradingRun.update({ where: { id: run.id }, data: { status, jobAttempts: 1, leaseUntil: new Date(Date.now() - 1_000) } })
  return { runId: run.id, submissionId: created.id, number: 1 }
}

const transitions: Record<string, (a: Attempt) => Promise<unknown>> = {
  claimRun: (a) => claimRun(prisma, a.runId, 'w', 30_000),
  reclaimExpired: (a) => reclaimExpired(prisma, a.runId),
  'recordFailure (retry)': (a) => recordFailure(prisma, a, { message: 'x', last: false }),
  'recordFailure (last)': (a) => recordFailure(prisma, a, { message: 'x', last: true }),
  recordResult: (a) => recordResult(prisma, a, result, 100),
}

const expected: Record<string, Partial<Record<Status, Status>>> = {
  claimRun: { QUEUED: 'RUNNING', RUNNING: 'RUNNING' },
  reclaimExpired: { RUNNING: 'QUEUED' },
  'recordFailure (retry)': { RUNNING: 'RUNNING' },
  'recordFailure (last)': { RUNNING: 'ERROR' },
  recordResult: { RUNNING: 'DONE' },
}

describe('grading-run transitions', () => {
  for (const [name, transition] of Object.entries(transitions)) {
    it(`${name}: only the transitions the table allows, from the statuses it names`, async () => {
      for (const from of STATUSES) {
        const attempt = await runIn(from)
        const before = await prisma.gradingRun.findUniqueOrThrow({ where: { id: attempt.runId } })
        await transition(attempt)
        const after = await prisma.gradingRun.findUniqueOrThrow({ where: { id: attempt.runId } })
        const to = expected[name][from]
        if (to === undefined) {
          // not allowed from here: nothing changed at all
          expect({ from, status: after.status, attempts: after.jobAttempts, phase: after.phase }).toEqual({
            from,
            status: before.status,
            attempts: before.jobAttempts,
            phase: before.phase,
          })
        } else {
          expect((RUN_TRANSITIONS[from] as readonly Status[]).includes(to)).toBe(true)
          expect({ from, status: after.status }).toEqual({ from, status: to })
        }
      }
    })
  }

  it('a claim counts the attempt; the old attempt can then write nothing', async () => {
    const old = await runIn('RUNNING')
    const claim = await claimRun(prisma, old.runId, 'w2', 30_000)
    expect(claim).toMatchObject({ ok: true, attempt: { number: 2 } })
    expect(await recordResult(prisma, old, result, 100)).toBe(false)
    expect(await recordFailure(prisma, old, { message: 'late', last: true })).toBe(false)
    expect(await prisma.gradingRun.findUniqueOrThrow({ where: { id: old.runId } })).toMatchObject({ status: 'RUNNING', jobAttempts: 2, workerId: 'w2' })
  })

  it('a lease that has not passed is not reclaimed', async () => {
    const attempt = await runIn('RUNNING')
    await prisma.gradingRun.update({ where: { id: attempt.runId }, data: { leaseUntil: new Date(Date.now() + 60_000) } })
    expect(await reclaimExpired(prisma, attempt.runId)).toBe(false)
  })
})

describe('what a student’s code printed is stored whatever bytes it holds', () => {
  it('a NUL character in the build log, a compiler message or a test’s output is kept as ␀ (PostgreSQL text cannot hold U+0000), and the result is recorded', async () => {
    const attempt = await runIn('RUNNING')
    const nul = 'before\u0000after'
    const printed: EngineResult = {
      ...result,
      score: 40,
      tests: [
        {
          name: `t${nul}`,
          visibility: 'public',
          status: 'failed',
          points: 40,
          maxPoints: 100,
          durationMs: 1,
          exitCode: 1,
          stdout: nul,
          stderr: nul,
          diff: `- x\n+ ${nul}`,
        },
      ],
      build: { ok: true, applied: true, errors: [{ file: 'Python/ceval.c', line: 3, message: `warning ${nul}` }], log: `make: ${nul}` },
    }
    expect(await recordResult(prisma, attempt, printed, 100)).toBe(true)
    const run = await prisma.gradingRun.findUniqueOrThrow({ where: { id: attempt.runId }, include: { tests: true } })
    expect(run).toMatchObject({
      status: 'DONE',
      score: 40,
      buildLog: 'make: before␀after',
      buildErrors: [{ file: 'Python/ceval.c', line: 3, message: 'warning before␀after' }],
    })
    expect(run.tests).toMatchObject([{ name: 'tbefore␀after', stdout: 'before␀after', stderr: 'before␀after', diff: '- x\n+ before␀after', points: 40 }])
    expect(await prisma.submission.findUniqueOrThrow({ where: { id: attempt.submissionId } })).toMatchObject({ status: 'GRADED', currentRunId: attempt.runId })
  })

  it('a failure message with a NUL character is stored the same way', async () => {
    const attempt = await runIn('RUNNING')
    expect(await recordFailure(prisma, attempt, { message: 'docker said \u0000', last: true })).toBe(true)
    expect(await prisma.gradingRun.findUniqueOrThrow({ where: { id: attempt.runId } })).toMatchObject({
      status: 'ERROR',
      errorMessage: 'Grading failed on our side: docker said ␀',
    })
  })
})
