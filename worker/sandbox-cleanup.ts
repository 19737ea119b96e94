import type { PrismaClient } from '@/lib/db/prisma'
import { removeOrphanSandboxes, SANDBOX_JOB_LABEL, type ListedSandbox } from '@/lib/grading/sandbox'
import { attemptHoldsRun } from '@/lib/runs/lifecycle'

import { ATTEMPT_LABEL } from './grade-run'

/**
 * Whether a sandbox still belongs to a live grading attempt, from PostgreSQL: a worker's sandbox names its run and
 * attempt, and it is kept while that attempt holds the run with a lease its worker keeps renewing, whichever worker
 * or host that is. Undefined for sandboxes no worker started (`npm run grade`, homework:check, the benchmarks): the
 * sandbox module keeps those while their process lives.
 */
export function sandboxOwnership(prisma: PrismaClient) {
  return async (sandbox: ListedSandbox): Promise<boolean | undefined> => {
    const runId = sandbox.labels[SANDBOX_JOB_LABEL]
    const attempt = Number(sandbox.labels[ATTEMPT_LABEL])
    if (!runId || !Number.isInteger(attempt) || attempt < 1) return undefined
    return attemptHoldsRun(prisma, runId, attempt)
  }
}

/** Removes this deployment's sandboxes on this worker's engine that no live attempt owns; how many. */
export function removeAbandonedSandboxes(prisma: PrismaClient): Promise<number> {
  return removeOrphanSandboxes(sandboxOwnership(prisma))
}
