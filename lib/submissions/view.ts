import { isStaff } from '@/lib/auth/roles'
import type { SessionUser } from '@/lib/auth/users'
import {
  prisma,
  type AssignmentKind,
  type RunReason,
  type RunStatus,
  type SubmissionKind,
  type SubmissionStatus,
  type TestStatus,
  type Visibility,
} from '@/lib/db/prisma'
import type { CompilerError } from '@/lib/grading/compiler-errors'
import { budgetCoverage } from '@/lib/grades/budget-coverage'
import { notFound } from '@/lib/http/errors'
import { applyLatePolicy, daysLate, type LatePolicy } from '@/lib/policy/late'
import { sharedRedis } from '@/lib/queue/redis'
import { type QueueStanding, queueStanding } from '@/lib/submissions/queue-standing'
import { STUDENT_ERROR_MESSAGE, STUDENT_RETRY_MESSAGE, type ProgressAudience } from '@/lib/submissions/progress'

export type VisibleTest = {
  name: string
  visibility: Visibility
  status: TestStatus
  points: number
  maxPoints: number
  durationMs: number
  exitCode: number | null
  stdout: string | null
  stderr: string | null
  diff: string | null
}

export type RunView = {
  id: string
  reason: RunReason
  status: RunStatus
  phase: string
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  rawScore: number | null
  score: number | null
  maxScore: number | null
  late: { days: number; penaltyPercent: number; penaltyPoints: number } | null
  build: { ok: boolean | null; applied: boolean | null; errors: CompilerError[]; log: string | null }
  annotationCounts: Record<string, number> | null
  errorMessage: string | null
  cpython: { version: string | null; verified: boolean | null; imageDigest: string | null }
  /** staff only: the host (Docker engine and worker) that graded the result */
  gradedOn: string | null
  /** public tests in full; hidden tests in full only for staff */
  tests: VisibleTest[]
  hidden: { total: number; passed: number; points: number; maxPoints: number }
}

export type SubmissionView = {
  id: string
  number: number | null
  kind: SubmissionKind
  status: SubmissionStatus
  createdAt: string
  lateSeconds: number
  patchSha256: string
  patchFiles: unknown
  patch: string
  student: { id: string; email: string; name: string | null }
  assignment: { slug: string; title: string; kind: AssignmentKind; maxScore: number }
  queuePosition: number | null
  /** while queued: milliseconds until the result, from measured grading times and the workers alive */
  queueEtaMs: number | null
  current: RunView | null
  /** earlier runs, newest first (regrades keep them) */
  history: RunView[]
  override: { score: number; comment: string; at: string; by: string | null } | null
  viewerIsStaff: boolean
}

export { STUDENT_ERROR_MESSAGE, STUDENT_RETRY_MESSAGE }

/**
 * A submission as its owner or course staff may see it. Anyone else gets 404, not 403, so submission ids cannot
 * be probed. Students see their public tests in full and only counts for hidden ones.
 */
export async function getSubmissionView(id: string, viewer: SessionUser): Promise<SubmissionView> {
  return (await loadSubmissionView(id, viewer)).view
}

/**
 * The view plus who is watching its live stream (lib/submissions/progress.ts `progressForViewer`): staff, or a
 * student who may see the assignment's public tests, in manifest order.
 */
export async function getSubmissionStreamAccess(id: string, viewer: SessionUser): Promise<{ view: SubmissionView; audience: ProgressAudience }> {
  const { view, manifest } = await loadSubmissionView(id, viewer)
  return { view, audience: view.viewerIsStaff ? { staff: true } : { staff: false, publicTests: publicTestNames(manifest) } }
}

/**
 * The queue standing of a submission whose latest run is still QUEUED, or null once it is not (or is gone): what
 * an open progress stream re-sends while the student waits (app/api/submissions/[id]/events). One small read.
 */
export async function queuedStanding(submissionId: string): Promise<QueueStanding | null> {
  const latest = await prisma.gradingRun.findFirst({
    where: { submissionId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, status: true, priority: true, queuePriority: true, createdAt: true, submission: { select: { assignmentId: true } } },
  })
  if (latest?.status !== 'QUEUED') return null
  return queueStanding(prisma, sharedRedis(), latest, latest.submission.assignmentId)
}

/** Public test names of a stored manifest, in order; anything malformed counts as not public. */
export function publicTestNames(manifest: unknown): string[] {
  const tests = (manifest as { tests?: unknown } | null)?.tests
  if (!Array.isArray(tests)) return []
  return tests
    .filter(
      (t): t is { name: string } =>
        Boolean(t) && typeof t === 'object' && (t as { visibility?: unknown }).visibility === 'public' && typeof (t as { name?: unknown }).name === 'string',
    )
    .map((t) => t.name)
}

async function loadSubmissionView(id: string, viewer: SessionUser): Promise<{ view: SubmissionView; manifest: unknown }> {
  const submission = await prisma.submission.findUnique({
    where: { id },
    include: {
      user: { select: { id: true, email: true, name: true } },
      assignment: true,
      runs: { orderBy: { createdAt: 'desc' }, include: { tests: { orderBy: { position: 'asc' } } } },
      overrides: { orderBy: { createdAt: 'desc' }, take: 1, include: { by: { select: { email: true } } } },
    },
  })
  const staff = isStaff(viewer.role)
  if (!submission || (!staff && submission.userId !== viewer.id)) throw notFound('That submission')
  const a = submission.assignment
  const policy: LatePolicy = { mode: a.latePolicy, penaltyPerDay: a.latePenaltyPerDay, maxPenalty: a.latePenaltyMax, cutoffDays: a.lateCutoffDays }
  // BUDGET mode: whether the late-day budget covers this submission depends on the student's other submissions
  const budget =
    policy.mode === 'BUDGET' && submission.kind === 'GRADED' && submission.lateSeconds > 0 ? await budgetCoverage(submission.userId, submission.id) : null
  const runs = submission.runs.map((run) =>
    runForViewer(run, staff, submission.kind === 'GRADED' ? submission.lateSeconds : 0, policy, budget?.covered ? budget.days : 0),
  )
  const current = runs.find((r) => r.id === submission.currentRunId) ?? runs[0] ?? null
  const latestRun = submission.runs[0]
  let queuePosition: number | null = null
  let queueEtaMs: number | null = null
  if (latestRun && latestRun.status === 'QUEUED') {
    const standing = await queueStanding(prisma, sharedRedis(), latestRun, submission.assignmentId)
    queuePosition = standing.position
    queueEtaMs = standing.etaMs
  }
  const override = submission.overrides[0]
  const view: SubmissionView = {
    id: submission.id,
    number: submission.number,
    kind: submission.kind,
    status: submission.status,
    createdAt: submission.createdAt.toISOString(),
    lateSeconds: submission.lateSeconds,
    patchSha256: submission.patchSha256,
    patchFiles: submission.patchFiles,
    patch: submission.patch,
    student: submission.user,
    assignment: { slug: a.slug, title: a.title, kind: a.kind, maxScore: a.maxScore },
    queuePosition,
    queueEtaMs,
    current: latestRun && latestRun.status !== 'DONE' ? runs[0] : current,
    history: runs.filter((r) => r.id !== (latestRun && latestRun.status !== 'DONE' ? runs[0]?.id : current?.id)),
    override: override ? { score: override.score, comment: override.comment, at: override.createdAt.toISOString(), by: override.by?.email ?? null } : null,
    viewerIsStaff: staff,
  }
  return { view, manifest: a.manifest }
}

export type RunRow = Awaited<ReturnType<typeof prisma.gradingRun.findMany<{ include: { tests: true } }>>>[number]

/**
 * The one place that decides what of a stored run a viewer receives (GET /api/submissions/:id, the submission
 * page, the workbench run panel all read it through getSubmissionView). Pure. Staff get everything. A student gets
 * the public tests in full and hidden tests only as counts and points (no name, verdict, duration, exit code or
 * position), and a plain sentence instead of the infrastructure error text.
 */
export function runForViewer(run: RunRow, staff: boolean, lateSecs: number, policy: LatePolicy, budgetDays = 0): RunView {
  const hiddenTests = run.tests.filter((t) => t.visibility === 'HIDDEN')
  const late = run.score !== null && lateSecs > 0 ? applyLatePolicy(run.score, lateSecs, policy, budgetDays) : null
  return {
    id: run.id,
    reason: run.reason,
    status: run.status,
    phase: run.phase,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    rawScore: run.score,
    score: late ? late.final : run.score,
    maxScore: run.maxScore,
    late: late ? { days: daysLate(lateSecs), penaltyPercent: late.penaltyPercent, penaltyPoints: late.penaltyPoints } : null,
    build: {
      ok: run.buildOk,
      applied: run.patchApplied,
      errors: (run.buildErrors as RunView['build']['errors'] | null) ?? [],
      log: run.buildLog,
    },
    annotationCounts: (run.annotationCounts as Record<string, number> | null) ?? null,
    errorMessage: staff ? run.errorMessage : run.status === 'ERROR' ? STUDENT_ERROR_MESSAGE : run.errorMessage ? STUDENT_RETRY_MESSAGE : null,
    cpython: { version: run.cpythonVersion, verified: run.cpythonVerified, imageDigest: staff ? run.imageDigest : null },
    gradedOn: staff ? run.gradedOn : null,
    tests: run.tests
      .filter((t) => staff || t.visibility === 'PUBLIC')
      .map((t) => ({
        name: t.name,
        visibility: t.visibility,
        status: t.status,
        points: t.points,
        maxPoints: t.maxPoints,
        durationMs: t.durationMs,
        exitCode: t.exitCode,
        stdout: t.stdout,
        stderr: t.stderr,
        diff: t.diff,
      })),
    hidden: {
      total: hiddenTests.length,
      passed: hiddenTests.filter((t) => t.status === 'PASSED').length,
      points: hiddenTests.reduce((n, t) => n + t.points, 0),
      maxPoints: hiddenTests.reduce((n, t) => n + t.maxPoints, 0),
    },
  }
}
