import type { Redis } from 'ioredis'

import { prisma } from '@/lib/db/prisma'
import { liveWorkers, type WorkerBeat } from '@/lib/queue/heartbeat'

import { CANONICAL_CPYTHON, isCanonicalCpython } from '@/lib/cpython/baseline'

export type BaselineStatus = {
  workers: WorkerBeat[]
  /** null when Redis could not be asked */
  redisError: string | null
  /** recent finished runs by the CPython they were built against */
  recentRuns: { version: string | null; verified: boolean | null; runs: number; lastAt: Date | null }[]
  /** what is wrong, each as one sentence; empty when grading uses the verified course baseline */
  problems: string[]
}

/** Warnings in plain words from the worker heartbeats and the runs of the last `days` days. Pure, for testing. */
export function baselineProblems(workers: WorkerBeat[], recentRuns: BaselineStatus['recentRuns'], redisError: string | null): string[] {
  const problems: string[] = []
  if (redisError) problems.push(`Cannot reach Redis to see the grading workers (${redisError}).`)
  else if (workers.length === 0)
    problems.push('No grading worker is running: submissions are accepted but wait in the queue until one starts (npm run worker).')
  for (const w of workers) {
    if (w.cpythonVersion && !isCanonicalCpython(w.cpythonVersion)) {
      problems.push(
        `Worker ${w.workerId} grades with CPython ${w.cpythonVersion}, not the course's ${CANONICAL_CPYTHON}. Scores may differ from what students see on their own ${CANONICAL_CPYTHON} build.`,
      )
    }
    if (w.baselineWarning) problems.push(`Worker ${w.workerId}: ${w.baselineWarning}`)
  }
  for (const r of recentRuns) {
    if (r.version && !isCanonicalCpython(r.version))
      problems.push(`${r.runs} recent grading run${r.runs === 1 ? ' was' : 's were'} built against CPython ${r.version}, not ${CANONICAL_CPYTHON}.`)
    if (r.verified === false)
      problems.push(
        `${r.runs} recent grading run${r.runs === 1 ? ' used' : 's used'} a CPython ${r.version ?? ''} tarball whose checksum was not verified.`.replace(
          '  ',
          ' ',
        ),
      )
  }
  return [...new Set(problems)]
}

export async function baselineStatus(redis: Redis, days = 14): Promise<BaselineStatus> {
  const since = new Date(Date.now() - days * 86400_000)
  const [beats, runs] = await Promise.all([
    withTimeout(liveWorkers(redis), 1_500).then(
      (w) => ({ workers: w, error: null as string | null }),
      (e: Error) => ({ workers: [] as WorkerBeat[], error: e.message }),
    ),
    prisma.gradingRun.groupBy({
      by: ['cpythonVersion', 'cpythonVerified'],
      where: { status: 'DONE', finishedAt: { gte: since } },
      _count: { _all: true },
      _max: { finishedAt: true },
    }),
  ])
  const recentRuns = runs.map((r) => ({ version: r.cpythonVersion, verified: r.cpythonVerified, runs: r._count._all, lastAt: r._max.finishedAt }))
  return { workers: beats.workers, redisError: beats.error, recentRuns, problems: baselineProblems(beats.workers, recentRuns, beats.error) }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    )
  })
}
