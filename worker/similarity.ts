// The similarity check's processor and its worker. One job = one SimilarityRun: every student's counted submission
// (best or latest, as the gradebook counts it) of one assignment, compared pairwise with Dolos, with the pristine
// CPython files the class touched, the reference solution and any starter code excluded as template.
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { Worker, type Job } from 'bullmq'

import { courseDir, queuePrefix, similarityReconcileMs } from '@/lib/config/env'
import { pristineTree } from '@/lib/cpython/tree'
import type { PrismaClient } from '@/lib/db/prisma'
import { createRedis } from '@/lib/queue/redis'
import {
  closeSimilarityQueue,
  SIMILARITY_QUEUE,
  similarityJobOptions,
  similarityJobSchema,
  similarityQueue,
  type SimilarityJob,
} from '@/lib/queue/similarity-queue'
import { countedSubmissionIds } from '@/lib/regrade/regrade'
import { compareContributions, dolosVersion, type Document } from '@/lib/similarity/compare'
import { DEFAULT_CONTEXT_LINES, extractContribution, type ContributionKind } from '@/lib/similarity/extract'
import { scoreHistogram } from '@/lib/similarity/histogram'
import { DEFAULT_PARAMETERS, FLAG_THRESHOLD, MAX_STORED_PAIRS, MAX_TEMPLATE_FILES, type RunParameters } from '@/lib/similarity/parameters'
import { reconcileSimilarityRuns } from '@/lib/similarity/runs'
import { buildTemplate } from '@/lib/similarity/template'

export type SimilarityDeps = {
  prisma: PrismaClient
  /** the pristine file's text, or null when the tree does not have it */
  readPristine?: (relPath: string) => Promise<string | null>
  /** an optional file of the assignment's folder (homework/<slug>/<name>), or null */
  readHomeworkFile?: (slug: string, name: string) => Promise<string | null>
}

export type SimilarityOutcome = { status: 'DONE' | 'ERROR'; submissions: number; pairs: number }

async function defaultReadPristine(relPath: string): Promise<string | null> {
  const tree = await pristineTree({ warn: () => {} })
  return (await tree.hasFile(relPath)) ? tree.readFile(relPath) : null
}

async function defaultReadHomeworkFile(slug: string, name: string): Promise<string | null> {
  // slugs come from content sync (lower-case words and dashes); refuse anything else rather than join it
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) return null
  return readFile(path.join(courseDir(), 'homework', slug, name), 'utf8').catch(() => null)
}

/** Run one similarity check. Re-running a run replaces its pairs. */
export async function processSimilarityJob(data: SimilarityJob, attempt: { made: number; max: number }, deps: SimilarityDeps): Promise<SimilarityOutcome> {
  const { prisma } = deps
  const { runId } = similarityJobSchema.parse(data)
  const run = await prisma.similarityRun.findUnique({
    where: { id: runId },
    include: { assignment: { select: { id: true, slug: true, kind: true, scoreSelection: true } } },
  })
  if (!run || run.status === 'DONE' || run.status === 'ERROR')
    return { status: run?.status === 'ERROR' ? 'ERROR' : 'DONE', submissions: run?.submissions ?? 0, pairs: run?.pairsCompared ?? 0 }
  await prisma.similarityRun.update({ where: { id: runId }, data: { status: 'RUNNING', startedAt: new Date() } })
  try {
    const outcome = await compareAssignment(run.id, run.assignment, deps)
    return outcome
  } catch (error) {
    const message = (error as Error).message
    if (attempt.made + 1 >= attempt.max) {
      await prisma.similarityRun.update({
        where: { id: runId },
        data: {
          status: 'ERROR',
          finishedAt: new Date(),
          errorMessage: `The similarity check failed: ${message}. Run it again from this page; if it fails again, the worker's log has the details.`,
        },
      })
      return { status: 'ERROR', submissions: 0, pairs: 0 }
    }
    throw error
  }
}

async function compareAssignment(
  runId: string,
  assignment: { id: string; slug: string; kind: 'PATCH' | 'ANNOTATION'; scoreSelection: 'BEST' | 'LATEST' },
  deps: SimilarityDeps,
): Promise<SimilarityOutcome> {
  const { prisma } = deps
  const readPristine = deps.readPristine ?? defaultReadPristine
  const readHomeworkFile = deps.readHomeworkFile ?? defaultReadHomeworkFile
  const kind: ContributionKind = assignment.kind === 'ANNOTATION' ? 'comments' : 'code'
  const compare = DEFAULT_PARAMETERS[kind]

  const ids = await countedSubmissionIds(assignment.id)
  // students only: staff trying an assignment out are not part of the class
  const submissions = await prisma.submission.findMany({
    where: { id: { in: ids }, user: { role: 'STUDENT' } },
    select: { id: true, userId: true, patch: true },
    orderBy: { id: 'asc' },
  })
  const documents: Document[] = submissions.map((s) => ({
    id: s.id,
    contribution: extractContribution(s.patch, { kind, contextLines: DEFAULT_CONTEXT_LINES }),
  }))

  const paths = [...new Set(documents.flatMap((d) => d.contribution.paths))].sort().slice(0, MAX_TEMPLATE_FILES)
  const pristine = new Map<string, string>()
  for (const p of paths) {
    const text = await readPristine(p)
    if (text !== null) pristine.set(p, text)
  }
  const template = buildTemplate(
    { pristine, reference: await readHomeworkFile(assignment.slug, 'solution.diff'), starter: await readHomeworkFile(assignment.slug, 'starter.diff') },
    kind,
    DEFAULT_CONTEXT_LINES,
  )
  const parameters: RunParameters = {
    kind,
    ...compare,
    contextLines: DEFAULT_CONTEXT_LINES,
    threshold: FLAG_THRESHOLD,
    selection: assignment.scoreSelection,
    template: template.parts,
  }

  const result = documents.length >= 2 ? await compareContributions(documents, template, kind, compare) : null
  const owner = new Map(submissions.map((s) => [s.id, s.userId]))
  const pairs = (result?.pairs ?? []).filter((p) => p.overlap > 0).slice(0, MAX_STORED_PAIRS)
  await prisma.$transaction(
    async (tx) => {
      await tx.similarityPair.deleteMany({ where: { runId } })
      for (let i = 0; i < pairs.length; i += 500) {
        await tx.similarityPair.createMany({
          data: pairs.slice(i, i + 500).map((p) => ({
            runId,
            leftSubmissionId: p.left,
            rightSubmissionId: p.right,
            leftUserId: owner.get(p.left)!,
            rightUserId: owner.get(p.right)!,
            similarity: p.similarity,
            longest: p.longest,
            overlap: p.overlap,
            fragments: p.fragments.slice(0, 200),
          })),
        })
      }
      await tx.similarityRun.update({
        where: { id: runId },
        data: {
          status: 'DONE',
          finishedAt: new Date(),
          library: result?.library ?? dolosVersion(),
          parameters,
          submissions: documents.length,
          pairsCompared: result?.pairs.length ?? 0,
          histogram: scoreHistogram((result?.pairs ?? []).map((p) => p.similarity)),
          errorMessage: documents.length < 2 ? `Only ${documents.length} student(s) have a submission to compare; a check needs at least two.` : null,
        },
      })
    },
    { timeout: 60_000 },
  )
  return { status: 'DONE', submissions: documents.length, pairs: pairs.length }
}

/**
 * Start the similarity worker (one check at a time) and its reconciler, which also queues a run for each assignment
 * whose deadline has passed since its last run. Returns what the caller closes at shutdown.
 */
export function startSimilarityWorker(prisma: PrismaClient, log: (...parts: unknown[]) => void): { close(): Promise<void> } {
  const worker = new Worker(
    SIMILARITY_QUEUE,
    async (job: Job) => processSimilarityJob(job.data, { made: job.attemptsMade, max: job.opts.attempts ?? similarityJobOptions.attempts ?? 1 }, { prisma }),
    { connection: createRedis('worker'), prefix: queuePrefix(), concurrency: 1, lockDuration: 120_000 },
  )
  worker.on('completed', (job, r: SimilarityOutcome) => log(`similarity run ${job.id}: ${r.status}, ${r.submissions} submission(s), ${r.pairs} pair(s) stored`))
  worker.on('failed', (job, error) => log(`similarity run ${job?.id}: attempt ${job?.attemptsMade} failed: ${error.message}`))
  worker.on('error', (error) => log(`similarity worker error: ${error.message}`))
  let busy = false
  const reconcile = async () => {
    if (busy) return
    busy = true
    try {
      const r = await reconcileSimilarityRuns(prisma, similarityQueue())
      if (r.created || r.enqueued) log(`similarity reconciler: ${r.created} deadline run(s) created, ${r.enqueued} enqueued`)
    } catch (e) {
      log(`similarity reconciler: ${(e as Error).message}`)
    } finally {
      busy = false
    }
  }
  void reconcile()
  const timer = setInterval(() => void reconcile(), similarityReconcileMs())
  return {
    async close() {
      clearInterval(timer)
      await worker.close()
      await closeSimilarityQueue()
    },
  }
}
