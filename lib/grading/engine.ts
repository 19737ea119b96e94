// Grades one patch against one assignment: validate, build and run in the sandbox, compare outside it, score.
//
// Outcomes: 'rejected' (the patch fails validation; nothing ran), 'build-failed' (it did not apply or did not
// compile; score 0, no tests run) and 'graded'. Infrastructure problems throw InfrastructureError for the caller to
// retry; a baseline mismatch throws BaselineMismatchError (configuration, not retried).
import { pristineTreeFor, type PristineTree } from '@/lib/cpython/tree'
import { checkAnnotationOnly, validatePatch, type PatchError } from '@/lib/patch'

import { compareOutput } from './compare'
import type { CompilerError } from './compiler-errors'
import { assertImageBaseline, imageInfo } from './image'
import { loadAssignment, type LoadedAssignment, type LoadedTest } from '@/lib/content/assignment-manifest'
import { patchPolicyFor } from './patch-policy'
import { scaleTestPoints } from '@/lib/policy/late'
import type { BuildCacheSlot, BuildCacheStats } from './build-cache'
import { runInSandbox, type SandboxLimits, type TestRunResult } from './sandbox'

export type EngineTestStatus = 'passed' | 'failed' | 'timeout' | 'error'

export interface EngineTestResult {
  name: string
  visibility: 'public' | 'hidden'
  /** error: the interpreter died on a signal (e.g. a segfault in the student's C code). */
  status: EngineTestStatus
  points: number
  maxPoints: number
  durationMs: number
  exitCode?: number | null
  /** Only for public tests: a hidden test's output or diff would reveal the hidden program or its expected output. */
  diff?: string
  stdout?: string
  stderr?: string
  /** Why it failed, in one line (exit status, timeout, output cap). */
  message?: string
}

export interface EngineBuild {
  ok: boolean
  applied: boolean
  errors: CompilerError[]
  /** patch's output, then the build log; for a rejected patch the validation errors, one per line. */
  log: string
}

/**
 * What the result means for the gradebook: `graded` (the score counts), or `manual` (an annotation assignment: the
 * automatic check ran, an instructor gives the score, with the counts of comments added per file).
 */
export type EngineVerdict = { kind: 'graded' } | { kind: 'manual'; annotationCounts: Record<string, number> }

export interface EngineResult {
  score: number
  maxScore: number
  status: 'graded' | 'build-failed' | 'rejected'
  verdict: EngineVerdict
  tests: EngineTestResult[]
  build: EngineBuild
  image: { digest: string; version: string; verified: boolean }
  /** Present when status is 'rejected'. */
  rejection?: PatchError[]
  timings?: { totalMs: number; sandboxMs: number; buildMs: number; testsMs: number }
  /** ccache's counters, when the build ran with the student's build cache. */
  cache?: BuildCacheStats
}

/** Progress events, a subset of what the worker publishes to browsers (lib/submissions/progress.ts). */
export type EngineEvent =
  | { type: 'phase'; phase: 'starting' | 'building' | 'testing'; message?: string }
  | { type: 'log'; chunk: string }
  | { type: 'test'; index: number; total: number; name: string; status?: string }

export interface GradePatchOptions {
  /** The assignment folder (homework/<slug>); or pass `assignment` already loaded. */
  assignmentDir?: string
  assignment?: LoadedAssignment
  patchText: string
  image: string
  jobId?: string
  /** Practice runs: build and run the public tests only; maxScore is then the public tests' points. */
  publicOnly?: boolean
  onEvent?: (event: EngineEvent) => void
  limits?: Partial<SandboxLimits>
  /** CPython version the image must have; default CPYTHON_VERSION (see assertImageBaseline). */
  expectedVersion?: string
  /** Lookup of the pristine tree's files for validation; default: the tree the image was built from. */
  pristineHas?: (relPath: string) => boolean
  /** Extra sandbox labels (the worker: which attempt owns the sandbox). */
  sandboxLabels?: Record<string, string>
  /** Withdraws the job: the sandbox is removed and gradePatch rejects with SandboxAbortedError. */
  signal?: AbortSignal
  /** The submitting student's own build cache (worker only; see lib/grading/build-cache.ts). */
  buildCache?: BuildCacheSlot
}

export async function gradePatch(options: GradePatchOptions): Promise<EngineResult> {
  const started = performance.now()
  const emit = (event: EngineEvent) => {
    try {
      options.onEvent?.(event)
    } catch {
      // Progress is best effort.
    }
  }
  const assignment = options.assignment ?? (options.assignmentDir ? await loadAssignment(options.assignmentDir) : undefined)
  if (!assignment) throw new Error('gradePatch needs assignmentDir or assignment')

  const info = await imageInfo(options.image)
  assertImageBaseline(info, { expectedVersion: options.expectedVersion })
  const image = { digest: info.digest, version: info.version, verified: info.verified }

  const tests = options.publicOnly ? assignment.tests.filter((test) => test.visibility === 'public') : assignment.tests
  const maxScore = options.publicOnly ? sumPoints(tests) : assignment.maxScore

  // Only what validation accepted and re-rendered is ever given to `patch` (see lib/patch/render.ts).
  const pristineHas = options.pristineHas ?? imageFiles(await pristineTreeFor(info))
  const validation = validatePatch(
    options.patchText,
    patchPolicyFor({ allowedPaths: assignment.allowedPaths, allowCreate: assignment.manifest.allowCreate }, pristineHas),
  )
  if (!validation.ok) {
    return {
      score: 0,
      maxScore,
      status: 'rejected',
      verdict: verdictFor(assignment, options.patchText),
      tests: [],
      build: { ok: false, applied: false, errors: [], log: validation.errors.map((error) => error.message).join('\n') },
      image,
      rejection: validation.errors,
      timings: { totalMs: performance.now() - started, sandboxMs: 0, buildMs: 0, testsMs: 0 },
    }
  }

  // Public tests run first: whatever a test leaves behind is removed before the next (bin/run-test), and even if
  // something slipped through, a hidden test could pass nothing to a public test whose output students see.
  const runOrder = tests.map((_, index) => index).sort((a, b) => Number(tests[a].visibility === 'hidden') - Number(tests[b].visibility === 'hidden'))
  const ordered = runOrder.map((index) => tests[index])

  emit({ type: 'phase', phase: 'starting' })
  const sandboxStarted = performance.now()
  const sandbox = await runInSandbox({
    image: options.image,
    patch: validation.normalized,
    jobId: options.jobId,
    buildTarget: assignment.manifest.build.target,
    limits: options.limits,
    labels: options.sandboxLabels,
    signal: options.signal,
    buildCache: options.buildCache,
    tests: ordered.map((test) => ({
      name: test.name,
      program: test.programText,
      stdin: test.stdinText,
      args: test.args,
      timeoutMs: test.timeoutSeconds * 1000,
    })),
    onEvent: (event) => {
      if (event.type === 'phase' && (event.phase === 'building' || event.phase === 'testing')) emit({ type: 'phase', phase: event.phase })
      else if (event.type === 'log') emit(event)
      else if (event.type === 'test') emit({ type: 'test', index: event.index, total: event.total, name: event.name, status: 'running' })
      else if (event.type === 'test-result') {
        const verdict = judgeTest(ordered[event.index], event.result)
        emit({ type: 'test', index: event.index, total: event.total, name: event.result.name, status: verdict.status })
      }
    },
  })
  const sandboxMs = performance.now() - sandboxStarted
  const timings = { totalMs: 0, sandboxMs, buildMs: sandbox.timings.buildMs, testsMs: sandbox.timings.testsMs }

  const { build } = sandbox
  const cache = build.cache ? { cache: build.cache } : {}
  const log = [build.patchOutput.trimEnd(), build.log].filter(Boolean).join('\n')
  const verdict = verdictFor(assignment, options.patchText)
  if (!build.ok) {
    timings.totalMs = performance.now() - started
    return {
      score: 0,
      maxScore,
      status: 'build-failed',
      verdict,
      tests: [],
      build: { ok: false, applied: build.applied, errors: build.errors, log: build.applied ? log : `The patch does not apply to the pristine tree:\n${log}` },
      image,
      timings,
      ...cache,
    }
  }

  // results in the manifest's order, whatever order they ran in
  const results: EngineTestResult[] = new Array(tests.length)
  sandbox.tests.forEach((result, position) => (results[runOrder[position]] = judgeTest(ordered[position], result)))
  const earned = sumPoints(results)
  timings.totalMs = performance.now() - started
  return {
    score: scaleTestPoints(earned, sumPoints(tests), maxScore),
    maxScore,
    status: 'graded',
    verdict,
    tests: results,
    build: { ok: true, applied: true, errors: build.errors, log },
    image,
    timings,
    ...cache,
  }
}

/** Annotation assignments are scored by hand; the engine counts the comments added to each file for the grader. */
function verdictFor(assignment: LoadedAssignment, patchText: string): EngineVerdict {
  if (assignment.manifest.kind !== 'annotation') return { kind: 'graded' }
  const files = assignment.manifest.annotation?.files ?? []
  return { kind: 'manual', annotationCounts: checkAnnotationOnly(patchText, { files }).counts }
}

function judgeTest(test: LoadedTest, run: TestRunResult): EngineTestResult {
  const visible = test.visibility === 'public'
  const base = {
    name: test.name,
    visibility: test.visibility,
    maxPoints: test.points,
    durationMs: run.durationMs,
    exitCode: run.exitCode,
    ...(visible ? { stdout: run.stdout, stderr: run.stderr } : {}),
  }
  const seconds = `${test.timeoutSeconds} s`
  switch (run.status) {
    case 'timeout':
      return { ...base, status: 'timeout', points: 0, message: `did not finish within ${seconds}` }
    case 'crashed':
      return { ...base, status: 'error', points: 0, message: `the interpreter was killed by signal ${(run.exitCode ?? 0) - 128}${signalName(run.exitCode)}` }
    case 'output-limit':
      return { ...base, status: 'failed', points: 0, message: 'printed more than the output limit; stopped' }
    case 'ok': {
      const outcome = compareOutput({
        expectedStdout: test.expectedText,
        actualStdout: run.stdout,
        expectedExitCode: test.exitCode,
        actualExitCode: run.exitCode,
      })
      if (outcome.passed) return { ...base, status: 'passed', points: test.points }
      return { ...base, status: 'failed', points: 0, message: outcome.message, ...(visible && outcome.diff ? { diff: outcome.diff } : {}) }
    }
  }
}

function signalName(exitCode: number | null): string {
  const names: Record<number, string> = { 4: 'SIGILL', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' }
  const name = exitCode === null ? undefined : names[exitCode - 128]
  return name ? ` (${name})` : ''
}

function sumPoints(items: readonly { points: number }[]): number {
  return items.reduce((sum, item) => sum + item.points, 0)
}

/** Validation checks paths against the tree the image was built from (lib/cpython/tree.ts), exactly as listed. */
function imageFiles(tree: PristineTree): (relPath: string) => boolean {
  return (relPath) => tree.files.has(relPath)
}
