// Runs one grading job in one throwaway container: apply the patch, build incrementally, run each test program.
//
// Isolation (every container): no network, random non-root uids (one for the build, another for the tests, so a
// test can neither alter the interpreter nor another test), no capabilities, no-new-privileges, Docker's default
// seccomp profile, pids/memory(=memory+swap)/CPU caps, ulimits, a read-only root filesystem. What must be writable is
// a size-capped tmpfs: the pre-built tree is copied into one at start (≈0.25 s; measured cheaper than anything else
// that caps disk writes, since the overlay's writable layer has no size limit on ext4). Expected outputs never enter
// the container; test programs enter one at a time, in the exec that runs them. Wall clocks are kept here, outside.
//
// The build runs `make python` (not plain `make`): it relinks the interpreter only, 3 s instead of 8 s for a
// one-file change, and does not run setup.py, which would execute the student's interpreter during the build.
// Shared extension modules stay as built in the image; an assignment that needs them rebuilt sets build.target.
import { randomBytes, randomInt } from 'node:crypto'
import os from 'node:os'

import { readEnv } from '@/lib/config/env'

import { BUILD_CACHE_MAX_ARCHIVE_BYTES, BUILD_CACHE_TMPFS_MB, parseCcacheStats, type BuildCacheSlot, type BuildCacheStats } from './build-cache'
import { parseCompilerErrors, type CompilerError } from './compiler-errors'
import { docker, dockerOrThrow, InfrastructureError, looksLikeDaemonFailure, type DockerRunResult } from './docker'
import { parseProbe, PROBE_SCRIPT, sandboxProblems, type ProbeReadings } from './sandbox-probe'

export { InfrastructureError } from './docker'

/**
 * The caller withdrew the job (its grading attempt was superseded by another worker): the sandbox was removed on
 * purpose and nothing it produced may be used. Neither the student's result nor an infrastructure failure.
 */
export class SandboxAbortedError extends Error {
  override name = 'SandboxAbortedError'
}

export const SANDBOX_LABEL = 'cpython-course.sandbox'
export const SANDBOX_JOB_LABEL = 'cpython-course.job'
/** Which deployment started a sandbox (its queue prefix), so one worker's clean-up never touches another's jobs. */
export const SANDBOX_OWNER_LABEL = 'cpython-course.owner'
/** Which process started a sandbox (host name and pid): clean-up never removes a sandbox whose process lives. */
export const SANDBOX_HOST_LABEL = 'cpython-course.host'
export const SANDBOX_PID_LABEL = 'cpython-course.pid'
/** Extra labels a caller may add (the worker: its id and the grading attempt); keys under this prefix only. */
const CALLER_LABEL_PREFIX = 'cpython-course.'
const LABEL_KEY = /^cpython-course\.[a-z][a-z0-9-]{0,40}$/
const LABEL_VALUE = /^[A-Za-z0-9_.:@-]{0,200}$/

export function sandboxOwner(env: NodeJS.ProcessEnv = process.env): string {
  return readEnv(env).QUEUE_PREFIX
}
const TREE = '/sandbox/cpython'
const TOOLS = '/usr/local/lib/grader'
/** The student's compiler cache inside a job that has one (lib/grading/build-cache.ts). */
const CCACHE_DIR = '/sandbox/ccache'
/** Directories the container links instead of copying unless the patch touches them (see bin/apply-patch). */
const LINKED_DIRECTORIES = ['Lib', 'build', 'Tools']

export interface SandboxLimits {
  /** Container memory; swap is the same figure, i.e. no swap. Includes the tmpfs holding the tree (≈100 MB). */
  memoryMb: number
  cpus: number
  pids: number
  nofile: number
  nproc: number
  /** Largest single file any process may write (RLIMIT_FSIZE); libpython2.7.a is ≈11 MB. */
  fileSizeMb: number
  /** tmpfs holding the copied tree and build outputs. */
  treeTmpfsMb: number
  /** tmpfs at /tmp, the tests' working directory (also gcc's temporary files). */
  scratchTmpfsMb: number
  /** Largest file a test may write. */
  testFileSizeMb: number
  /** Address-space cap of a test process: an allocation loop gets MemoryError long before the cgroup OOM killer. */
  testMemoryMb: number
  /** Bytes kept per stream per test; more marks the test output-limit and stops it. */
  outputBytes: number
  buildLogBytes: number
  buildTimeoutMs: number
  /** Time allowed on top of a test's own timeout before the worker kills it from outside. */
  testGraceMs: number
}

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = {
  memoryMb: 2048,
  cpus: Math.min(2, os.availableParallelism()),
  pids: 256,
  nofile: 1024,
  nproc: 512,
  fileSizeMb: 128,
  treeTmpfsMb: 512,
  scratchTmpfsMb: 64,
  testFileSizeMb: 32,
  testMemoryMb: 1024,
  outputBytes: 256 * 1024,
  buildLogBytes: 1024 * 1024,
  buildTimeoutMs: 300_000,
  testGraceMs: 3_000,
}

export interface SandboxTest {
  /** [A-Za-z0-9_-]+; also the program's file name inside the container. */
  name: string
  program: string
  stdin?: string
  args?: string[]
  timeoutMs: number
}

export type SandboxPhase = 'starting' | 'applying' | 'building' | 'testing' | 'finished'

export type SandboxEvent =
  | { type: 'phase'; phase: SandboxPhase; jobId: string }
  | { type: 'log'; chunk: string }
  | { type: 'test'; index: number; total: number; name: string }
  | { type: 'test-result'; index: number; total: number; result: TestRunResult }

export interface BuildResult {
  /** false: the patch did not apply; nothing was built. */
  applied: boolean
  ok: boolean
  /** What patch printed (applied or not). */
  patchOutput: string
  log: string
  logTruncated: boolean
  errors: CompilerError[]
  timedOut: boolean
  durationMs: number
  /** ccache's counters for this build, when the job had a build cache and the build ran. */
  cache?: BuildCacheStats
}

export type TestRunStatus = 'ok' | 'timeout' | 'crashed' | 'output-limit'

export interface TestRunResult {
  name: string
  /** ok: the program ran to an exit of its own (any exit code); crashed: killed by a signal (segfault, OOM). */
  status: TestRunStatus
  exitCode: number | null
  stdout: string
  stderr: string
  durationMs: number
  truncated: boolean
}

export interface SandboxTimings {
  startMs: number
  applyMs: number
  buildMs: number
  testsMs: number
  removeMs: number
  totalMs: number
}

export interface SandboxResult {
  jobId: string
  build: BuildResult
  /** Empty when the build failed: there is no interpreter to test. */
  tests: TestRunResult[]
  timings: SandboxTimings
}

export interface RunInSandboxOptions {
  image: string
  patch: string
  tests: SandboxTest[]
  limits?: Partial<SandboxLimits>
  onEvent?: (event: SandboxEvent) => void
  /** Label for orphan cleanup and logs; random when absent. */
  jobId?: string
  /** make target; default python. */
  buildTarget?: string
  /** More labels for the container (keys `cpython-course.*`), e.g. the worker id and attempt that own it. */
  labels?: Record<string, string>
  /** Aborting removes the container at once; runInSandbox then rejects with SandboxAbortedError. */
  signal?: AbortSignal
  /**
   * The submitting student's own compiler cache: restored into a tmpfs only the build uid can read before the build,
   * kept after it. Absent (regrades, other people's runs, homework:check): the build runs without ccache.
   */
  buildCache?: BuildCacheSlot
}

const TEST_NAME = /^[A-Za-z0-9_-]{1,100}$/
const MAKE_TARGET = /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,100}$/

export async function runInSandbox(options: RunInSandboxOptions): Promise<SandboxResult> {
  const limits: SandboxLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const jobId = options.jobId ?? randomBytes(6).toString('hex')
  const emit = (event: SandboxEvent) => {
    try {
      options.onEvent?.(event)
    } catch {
      // A failing progress listener must not fail the grading.
    }
  }
  const target = options.buildTarget ?? 'python'
  if (!MAKE_TARGET.test(target)) throw new Error(`invalid make target: ${target}`)
  for (const test of options.tests) {
    if (!TEST_NAME.test(test.name)) throw new Error(`invalid test name: ${test.name}`)
    if (!(test.timeoutMs > 0)) throw new Error(`test ${test.name}: timeoutMs must be positive`)
  }
  const labels = Object.entries(options.labels ?? {})
  for (const [key, value] of labels) {
    if (!LABEL_KEY.test(key) || !key.startsWith(CALLER_LABEL_PREFIX) || !LABEL_VALUE.test(value)) throw new Error(`invalid sandbox label: ${key}=${value}`)
  }
  if (options.signal?.aborted) throw new SandboxAbortedError(`sandbox job ${jobId} was withdrawn before it started`)

  const started = performance.now()
  const timings: SandboxTimings = { startMs: 0, applyMs: 0, buildMs: 0, testsMs: 0, removeMs: 0, totalMs: 0 }
  // Random uids per job: RLIMIT_NPROC counts per uid across the whole host, so jobs must not share one.
  // Three per job: the build, the tests, and the container's own keep-alive process (PID 1 and `sleep infinity`),
  // so the build's and the tests' clean-ups (`kill -1` as their uid) can never stop the container itself.
  const buildUid = 4 * randomInt(50_000, 250_000)
  const testUid = buildUid + 1
  const keepUid = buildUid + 2
  const container = `cpython-course-sandbox-${jobId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 40)}-${randomBytes(3).toString('hex')}`

  emit({ type: 'phase', phase: 'starting', jobId })
  let jobClockExpired = false
  const jobBudgetMs = 60_000 + limits.buildTimeoutMs + options.tests.reduce((sum, test) => sum + test.timeoutMs + limits.testGraceMs + 2_000, 0)
  const jobClock = setTimeout(() => {
    jobClockExpired = true
    void docker(['kill', container])
  }, jobBudgetMs)
  // Withdrawn by the caller: remove the container now; whatever step is running fails, and is never a result.
  let aborted = false
  let abortRemoval: Promise<unknown> = Promise.resolve()
  const onAbort = () => {
    aborted = true
    abortRemoval = docker(['rm', '-f', '-v', container]).catch(() => undefined)
  }
  options.signal?.addEventListener('abort', onAbort, { once: true })
  // Our own kills of the container (build clock, job clock, abort) are expected; any other is from outside.
  const sandbox: SandboxHandle = { container, startedAt: new Date(), killedByUs: false, ownKills: () => sandbox.killedByUs || jobClockExpired || aborted }

  try {
    await startContainer(options.image, container, jobId, { buildUid, testUid, keepUid }, limits, labels, options.buildCache !== undefined)
    sandbox.startedAt = new Date(Date.now() - 1_000)
    timings.startMs = performance.now() - started

    emit({ type: 'phase', phase: 'applying', jobId })
    const build = await applyAndBuild(sandbox, buildUid, jobId, options.patch, target, limits, emit, timings, options.buildCache)
    // Every step has its own clock inside this budget: if the job's clock fired anyway, results may be bogus.
    const assertWithinBudget = () => {
      if (aborted) throw new SandboxAbortedError(`sandbox job ${jobId} was withdrawn`)
      if (jobClockExpired) throw new InfrastructureError(`sandbox job ${jobId} exceeded its ${jobBudgetMs} ms wall clock`)
    }
    assertWithinBudget()
    if (!build.ok) return { jobId, build, tests: [], timings }

    emit({ type: 'phase', phase: 'testing', jobId })
    const testsStarted = performance.now()
    const tests: TestRunResult[] = []
    for (const [index, test] of options.tests.entries()) {
      emit({ type: 'test', index, total: options.tests.length, name: test.name })
      const result = await runTest(sandbox, test, testUid, limits)
      assertWithinBudget()
      tests.push(result)
      emit({ type: 'test-result', index, total: options.tests.length, result })
    }
    timings.testsMs = performance.now() - testsStarted
    assertWithinBudget()
    return { jobId, build, tests, timings }
  } catch (error) {
    if (aborted) throw new SandboxAbortedError(`sandbox job ${jobId} was withdrawn`, { cause: error })
    if (jobClockExpired) throw new InfrastructureError(`sandbox job ${jobId} exceeded its ${jobBudgetMs} ms wall clock`, { cause: error })
    throw error
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    clearTimeout(jobClock)
    const removing = performance.now()
    // a removal the abort started may still be under way: the container is gone only once both have ended
    await abortRemoval
    await docker(['rm', '-f', '-v', container]).catch(() => undefined)
    timings.removeMs = performance.now() - removing
    timings.totalMs = performance.now() - started
    emit({ type: 'phase', phase: 'finished', jobId })
  }
}

/** One job's container, and whether a kill of it was ours. */
interface SandboxHandle {
  container: string
  /** A little before the container started: where the engine's event log for it begins. */
  startedAt: Date
  /** Set before we stop the container ourselves (the build's own clock). */
  killedByUs: boolean
  ownKills: () => boolean
}

async function startContainer(
  image: string,
  container: string,
  jobId: string,
  uids: { buildUid: number; testUid: number; keepUid: number },
  limits: SandboxLimits,
  labels: [string, string][],
  withBuildCache: boolean,
) {
  const { buildUid, testUid, keepUid } = uids
  const bytes = (mb: number) => Math.floor(mb * 1024 * 1024)
  const args = [
    'run',
    '--detach',
    '--init',
    '--name',
    container,
    '--label',
    `${SANDBOX_LABEL}=1`,
    '--label',
    `${SANDBOX_JOB_LABEL}=${jobId}`,
    '--label',
    `${SANDBOX_OWNER_LABEL}=${sandboxOwner()}`,
    '--label',
    `${SANDBOX_HOST_LABEL}=${os
      .hostname()
      .replace(/[^A-Za-z0-9_.:@-]/g, '_')
      .slice(0, 200)}`,
    '--label',
    `${SANDBOX_PID_LABEL}=${process.pid}`,
    ...labels.flatMap(([key, value]) => ['--label', `${key}=${value}`]),
    '--user',
    `${keepUid}:${keepUid}`,
    '--network',
    'none',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--pids-limit',
    String(limits.pids),
    '--memory',
    `${limits.memoryMb}m`,
    '--memory-swap',
    `${limits.memoryMb}m`,
    '--cpus',
    String(limits.cpus),
    '--ulimit',
    `nofile=${limits.nofile}:${limits.nofile}`,
    '--ulimit',
    `nproc=${limits.nproc}:${limits.nproc}`,
    // Docker passes fsize to setrlimit as bytes.
    '--ulimit',
    `fsize=${bytes(limits.fileSizeMb)}:${bytes(limits.fileSizeMb)}`,
    '--ulimit',
    'core=0:0',
    '--read-only',
    '--tmpfs',
    `${TREE}:rw,exec,nosuid,nodev,size=${limits.treeTmpfsMb}m,uid=${buildUid},gid=${buildUid},mode=0755`,
    '--tmpfs',
    `/sandbox/programs:rw,noexec,nosuid,nodev,size=16m,uid=${testUid},gid=${testUid},mode=0755`,
    '--tmpfs',
    `/tmp:rw,noexec,nosuid,nodev,size=${limits.scratchTmpfsMb}m,mode=1777`,
    // only the build uid can read or write the student's cache; its size caps what a build can leave in it
    ...(withBuildCache ? ['--tmpfs', `${CCACHE_DIR}:rw,noexec,nosuid,nodev,size=${BUILD_CACHE_TMPFS_MB}m,uid=${buildUid},gid=${buildUid},mode=0700`] : []),
    '--shm-size',
    '16m',
    '--log-driver',
    'none',
    '--hostname',
    'sandbox',
    '--env',
    'HOME=/tmp',
    '--workdir',
    TREE,
    image,
    'sleep',
    'infinity',
  ]
  const result = await docker(args, { timeoutMs: 60_000 })
  if (result.exitCode !== 0 || result.timedOut) {
    const reason = result.timedOut ? 'timed out' : result.stderr.text.trim()
    throw new InfrastructureError(`cannot start a sandbox from ${image}: ${reason}`)
  }
}

async function applyAndBuild(
  sandbox: SandboxHandle,
  buildUid: number,
  jobId: string,
  patch: string,
  target: string,
  limits: SandboxLimits,
  emit: (event: SandboxEvent) => void,
  timings: SandboxTimings,
  buildCache?: BuildCacheSlot,
): Promise<BuildResult> {
  const { container } = sandbox
  const applyStarted = performance.now()
  const copied = LINKED_DIRECTORIES.filter((directory) => patchTouchesDirectory(patch, directory))
  const asBuilder = ['--user', `${buildUid}:${buildUid}`]
  const apply = await docker(['exec', '-i', ...asBuilder, container, `${TOOLS}/apply-patch`, ...copied], {
    stdin: patch,
    timeoutMs: 120_000,
    maxOutputBytes: 64 * 1024,
  })
  timings.applyMs = performance.now() - applyStarted
  assertExecRan(apply, 'apply-patch')
  if (apply.exitCode === 90) throw new InfrastructureError(`sandbox: copying the pre-built tree failed: ${apply.stdout.text.slice(-2000)}`)
  const patchOutput = apply.stdout.text + apply.stderr.text
  if (apply.exitCode !== 0 || apply.timedOut) {
    // patch said no (exit 1 or 2), unless the container was taken away while it ran
    await assertNotInterrupted(sandbox, 'applying the patch')
    if (apply.timedOut) throw new InfrastructureError('sandbox: applying the patch did not finish within 120 s')
    return { applied: false, ok: false, patchOutput, log: '', logTruncated: false, errors: [], timedOut: false, durationMs: 0 }
  }

  emit({ type: 'phase', phase: 'building', jobId })
  const buildStarted = performance.now()
  if (buildCache) await restoreBuildCache(container, asBuilder, buildCache)
  const build = await docker(
    [
      'exec',
      ...asBuilder,
      container,
      `${TOOLS}/build-patched`,
      String(Math.max(1, Math.floor(limits.cpus))),
      target,
      String(limits.fileSizeMb * 1024 * 1024),
      String(limits.testMemoryMb * 1024),
      ...(buildCache ? ['ccache'] : []),
    ],
    {
      timeoutMs: limits.buildTimeoutMs,
      maxOutputBytes: limits.buildLogBytes,
      onStdout: (chunk) => emit({ type: 'log', chunk: chunk.toString('utf8') }),
      onStderr: (chunk) => emit({ type: 'log', chunk: chunk.toString('utf8') }),
    },
  )
  timings.buildMs = performance.now() - buildStarted
  if (build.timedOut) {
    // Our own clock: if the container was taken away before it fired, that is the reason, not the clock.
    await assertNotInterrupted(sandbox, 'the build')
    // The CLI was killed but make still runs inside: stop the container; there is nothing left to test.
    sandbox.killedByUs = true
    await docker(['kill', container])
    const log = `${build.stdout.text}\n[build stopped after ${limits.buildTimeoutMs / 1000} s]\n`
    return {
      applied: true,
      ok: false,
      patchOutput,
      log,
      logTruncated: build.stdout.truncated,
      errors: parseCompilerErrors(log, { treeRoot: TREE }),
      timedOut: true,
      durationMs: timings.buildMs,
    }
  }
  assertExecRan(build, 'build')
  const cache = buildCache ? await keepBuildCache(container, asBuilder, buildCache) : undefined
  timings.buildMs = performance.now() - buildStarted
  let log = build.stdout.text + build.stderr.text
  if (build.exitCode !== 0) {
    // A failed build is the student's only when make itself gave up (or the build ran out of memory): a container
    // killed or removed from outside, or an engine that went away, cuts a log short with no error in it.
    const interruption = await interruptionOf(sandbox)
    if (interruption.kind === 'outside') throw new InfrastructureError(`sandbox build interrupted: ${interruption.reason}`)
    if (interruption.kind === 'oom') log += `\n[the build ran out of memory (${limits.memoryMb} MB) and was stopped]\n`
  }
  const ok = build.exitCode === 0
  // 98: make finished, but the build left processes or files that end-build could not remove (bin/build-patched)
  if (build.exitCode === 98) log += '\n[the build left files behind that cannot be removed; nothing may pass from the build to the tests]\n'
  const errors = parseCompilerErrors(log, { treeRoot: TREE }).map((error) => ({ ...error, file: stripImageTreePrefix(error.file) }))
  return {
    applied: true,
    ok,
    patchOutput,
    log,
    logTruncated: build.stdout.truncated || build.stderr.truncated,
    errors,
    timedOut: false,
    durationMs: timings.buildMs,
    ...(cache ? { cache } : {}),
  }
}

/**
 * Unpacks the student's previous cache into the job's cache tmpfs (as the build uid). A broken archive (the
 * student's own build wrote it) only means a colder build: the build runs either way.
 */
async function restoreBuildCache(container: string, asBuilder: string[], slot: BuildCacheSlot): Promise<void> {
  const archive = await slot.load().catch(() => null)
  if (!archive) return
  const load = await docker(['exec', '-i', ...asBuilder, container, `${TOOLS}/build-cache`, 'load'], {
    stdin: archive,
    timeoutMs: 60_000,
    maxOutputBytes: 8 * 1024,
  })
  assertExecRan(load, 'build-cache load')
}

/**
 * After the build (whose processes end-build has killed): reads ccache's counters and keeps the cache as an
 * archive, capped at the tmpfs size. Keeping it is best effort; the grade never depends on it.
 */
async function keepBuildCache(container: string, asBuilder: string[], slot: BuildCacheSlot): Promise<BuildCacheStats | undefined> {
  const stats = await docker(['exec', ...asBuilder, container, `${TOOLS}/build-cache`, 'stats'], { timeoutMs: 30_000, maxOutputBytes: 16 * 1024 })
  assertExecRan(stats, 'build-cache stats')
  const chunks: Buffer[] = []
  let bytes = 0
  let overflow = false
  const save = await docker(['exec', ...asBuilder, container, `${TOOLS}/build-cache`, 'save'], {
    timeoutMs: 60_000,
    // binary: collected here, not by the text capture
    maxOutputBytes: 1,
    onStdout: (chunk) => {
      bytes += chunk.length
      if (bytes > BUILD_CACHE_MAX_ARCHIVE_BYTES) overflow = true
      else chunks.push(chunk)
    },
  })
  assertExecRan(save, 'build-cache save')
  if (save.exitCode === 0 && !save.timedOut && !overflow) {
    await slot.store(Buffer.concat(chunks)).catch((error) => console.warn(`build cache not kept: ${(error as Error).message}`))
  }
  return stats.exitCode === 0 ? parseCcacheStats(stats.stdout.text) : undefined
}

async function runTest(sandbox: SandboxHandle, test: SandboxTest, testUid: number, limits: SandboxLimits): Promise<TestRunResult> {
  const { container } = sandbox
  const program = Buffer.from(test.program, 'utf8')
  const stdin = Buffer.concat([Buffer.from(`${program.length}\n`), program, Buffer.from(test.stdin ?? '', 'utf8')])
  const seconds = (test.timeoutMs / 1000).toFixed(3)
  let outputLimitHit = false
  let killedFromOutside = false
  const killTests = () => docker(['exec', '--user', `${testUid}:${testUid}`, container, `${TOOLS}/kill-tests`], { timeoutMs: 15_000 })

  const outerClock = setTimeout(() => {
    killedFromOutside = true
    void killTests()
  }, test.timeoutMs + limits.testGraceMs)

  let run: DockerRunResult
  try {
    run = await docker(
      [
        'exec',
        '-i',
        '--user',
        `${testUid}:${testUid}`,
        '--workdir',
        '/tmp',
        container,
        `${TOOLS}/run-test`,
        seconds,
        String(limits.testFileSizeMb * 1024 * 1024),
        String(limits.testMemoryMb * 1024),
        `${test.name}.py`,
        ...(test.args ?? []),
      ],
      {
        stdin,
        maxOutputBytes: limits.outputBytes,
        // Past the cap there is nothing more to learn: stop the flood rather than stream it to the end.
        onOutputLimit: () => {
          if (outputLimitHit) return
          outputLimitHit = true
          void killTests()
        },
        // Last resort if even the in-container kill cannot end the exec.
        timeoutMs: test.timeoutMs + limits.testGraceMs + 15_000,
      },
    )
  } finally {
    clearTimeout(outerClock)
  }
  // Any exit but a clean one: first make sure the test really ended on its own, inside a container still ours.
  if (run.exitCode !== 0 || run.timedOut) {
    const interruption = await interruptionOf(sandbox)
    if (interruption.kind === 'outside') throw new InfrastructureError(`sandbox test ${test.name} interrupted: ${interruption.reason}`)
  }

  const exitCode = run.timedOut ? null : run.exitCode
  // Exit codes alone cannot tell `timeout` from a program that exits 124 on purpose; the clock can.
  const ranFullTime = run.durationMs >= test.timeoutMs
  let status: TestRunStatus
  if (outputLimitHit) status = 'output-limit'
  else if (killedFromOutside || run.timedOut) status = 'timeout'
  // 124: timeout's TERM ended it; 137: it needed the KILL that follows a second later.
  else if ((exitCode === 124 || exitCode === 137) && ranFullTime) status = 'timeout'
  else if (exitCode !== null && exitCode >= 128) status = 'crashed'
  else status = 'ok'

  return {
    name: test.name,
    status,
    exitCode,
    stdout: run.stdout.text,
    stderr: run.stderr.text,
    durationMs: Math.round(run.durationMs),
    truncated: run.stdout.truncated || run.stderr.truncated,
  }
}

/**
 * Steps that run before any student code (apply, build): `docker exec` exits 125-127 when it could not start the
 * command at all (container gone, tool missing from the image, daemon down), and the student cannot cause that.
 */
function assertExecRan(result: DockerRunResult, what: string) {
  const output = `${result.stderr.text}\n${result.stdout.text}`
  const couldNotStart = result.exitCode >= 125 && result.exitCode <= 127
  if (couldNotStart || (result.exitCode !== 0 && looksLikeDaemonFailure(result.stderr.text))) {
    throw new InfrastructureError(`sandbox ${what} could not run (exit ${result.exitCode}): ${output.trim().split('\n').slice(-3).join(' ')}`)
  }
}

export type Interruption =
  /** Nothing happened to the container: the step's own exit status is the student's result. */
  | { kind: 'none' }
  /** The container hit its memory limit: the student's result too (their build or program used it up). */
  | { kind: 'oom' }
  /** Killed, stopped or removed from outside, the engine restarted, or it cannot be asked: never the student's. */
  | { kind: 'outside'; reason: string }

/**
 * After a step failed: did it end by itself, or was the container taken away under it? The program inside may exit
 * with any status and print anything, including Docker's own error messages, so only the engine decides: the
 * container's state, and its event log since it started (a `kill`, `stop`, `die` or `destroy` we did not cause
 * means outside; an `oom` means the memory limit).
 */
async function interruptionOf(sandbox: SandboxHandle): Promise<Interruption> {
  const { container } = sandbox
  const inspect = await docker(['inspect', '--format', '{{.State.Running}} {{.State.Status}} {{.State.OOMKilled}}', container], { timeoutMs: 30_000 })
  if (inspect.exitCode !== 0 || inspect.timedOut) {
    const reason = inspect.timedOut
      ? 'the Docker engine did not answer'
      : /no such (object|container)/i.test(inspect.stderr.text)
        ? 'the container was removed from outside'
        : `the Docker engine cannot be asked: ${inspect.stderr.text.trim()}`
    return { kind: 'outside', reason }
  }
  const [running, status] = inspect.stdout.text.trim().split(' ')
  if (running !== 'true') {
    if (sandbox.ownKills()) return { kind: 'outside', reason: 'the job was stopped by its own clock' }
    return { kind: 'outside', reason: `the container was stopped from outside (state ${status})` }
  }
  const events = await docker(
    [
      'events',
      '--since',
      String(Math.floor(sandbox.startedAt.getTime() / 1000)),
      '--until',
      // now, to the millisecond: a whole second in the future would make the engine wait for it
      (Date.now() / 1000).toFixed(3),
      '--filter',
      `container=${container}`,
      '--filter',
      'type=container',
      '--format',
      '{{.Action}}',
    ],
    { timeoutMs: 30_000 },
  )
  if (events.exitCode !== 0 || events.timedOut)
    return { kind: 'outside', reason: `the Docker engine's event log cannot be read: ${events.stderr.text.trim() || 'timed out'}` }
  const actions = events.stdout.text.split('\n').map((line) => line.trim().split(':')[0])
  const outside = actions.find(
    (action) => action === 'kill' || action === 'stop' || action === 'die' || action === 'destroy' || action === 'pause' || action === 'restart',
  )
  if (outside && !sandbox.ownKills()) return { kind: 'outside', reason: `the container received "${outside}" from outside` }
  if (actions.includes('oom')) return { kind: 'oom' }
  return { kind: 'none' }
}

async function assertNotInterrupted(sandbox: SandboxHandle, what: string) {
  const interruption = await interruptionOf(sandbox)
  if (interruption.kind === 'outside') throw new InfrastructureError(`sandbox interrupted during ${what}: ${interruption.reason}`)
}

/** Whether a unified diff names a file under `directory/` (after -p1 stripping) in a ---/+++ header. */
export function patchTouchesDirectory(patch: string, directory: string): boolean {
  const header = /^(?:---|\+\+\+) (\S+)/gm
  for (const match of patch.matchAll(header)) {
    const stripped = match[1].split('/').slice(1).join('/')
    if (stripped === directory || stripped.startsWith(`${directory}/`)) return true
  }
  return false
}

/** gcc may report paths through the image copy (/opt/cpython) as well as the job's copy. */
function stripImageTreePrefix(file: string): string {
  return file.startsWith('/opt/cpython/') ? file.slice('/opt/cpython/'.length) : file
}

/**
 * Starts one container exactly as a job would and reads its limits from inside (lib/grading/sandbox-probe.ts).
 * Returns what was read and every limit that did not take effect; the worker refuses to start unless it is empty.
 */
export async function probeSandbox(image: string, override: Partial<SandboxLimits> = {}): Promise<{ readings: ProbeReadings; problems: string[] }> {
  const limits: SandboxLimits = { ...DEFAULT_LIMITS, ...override }
  const buildUid = 4 * randomInt(50_000, 250_000)
  const uids = { buildUid, testUid: buildUid + 1, keepUid: buildUid + 2 }
  const container = `cpython-course-sandbox-probe-${randomBytes(4).toString('hex')}`
  try {
    await startContainer(image, container, 'probe', uids, limits, [], false)
    const probe = await docker(['exec', '--user', `${uids.testUid}:${uids.testUid}`, '--workdir', '/tmp', container, 'sh', '-c', PROBE_SCRIPT], {
      timeoutMs: 60_000,
      maxOutputBytes: 16 * 1024,
    })
    if (probe.exitCode !== 0 && looksLikeDaemonFailure(probe.stderr.text))
      throw new InfrastructureError(`the sandbox probe could not run: ${probe.stderr.text.trim()}`)
    const readings = parseProbe(probe.stdout.text)
    return { readings, problems: sandboxProblems(readings, limits) }
  } finally {
    await docker(['rm', '-f', '-v', container]).catch(() => undefined)
  }
}

/** A sandbox as the engine lists it: for deciding whether anyone still owns it. */
export interface ListedSandbox {
  id: string
  labels: Record<string, string>
  createdAt: Date
  running: boolean
}

/**
 * A sandbox no process of ours has claimed for this long is left over whatever its labels say: no job may run
 * longer (the job clock is 60 s + build + tests, well under this).
 */
export const SANDBOX_MAX_AGE_MS = 2 * 3600_000

/** This deployment's sandboxes on this engine, with their labels (another deployment's are never listed). */
export async function listDeploymentSandboxes(): Promise<ListedSandbox[]> {
  const listed = await dockerOrThrow(
    ['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${SANDBOX_LABEL}=1`, '--filter', `label=${SANDBOX_OWNER_LABEL}=${sandboxOwner()}`],
    { timeoutMs: 30_000 },
  )
  const ids = listed.stdout.text
    .split('\n')
    .map((id) => id.trim())
    .filter(Boolean)
  if (ids.length === 0) return []
  // a container may go away between the listing and the inspect: inspect what is left, one by one if need be
  const inspect = await docker(['inspect', '--format', '{{json .}}', ...ids], { timeoutMs: 60_000 })
  const sandboxes: ListedSandbox[] = []
  for (const line of inspect.stdout.text.split('\n')) {
    if (!line.trim()) continue
    try {
      const c = JSON.parse(line) as { Id: string; Created: string; Config?: { Labels?: Record<string, string> }; State?: { Running?: boolean } }
      sandboxes.push({ id: c.Id, labels: c.Config?.Labels ?? {}, createdAt: new Date(c.Created), running: c.State?.Running === true })
    } catch {
      // not JSON: an error line about a container that has gone
    }
  }
  return sandboxes
}

/** Whether the process a sandbox's labels name is alive, when it ran on this host; undefined when we cannot tell. */
export function creatorAlive(sandbox: ListedSandbox, host = os.hostname()): boolean | undefined {
  const pid = Number(sandbox.labels[SANDBOX_PID_LABEL])
  if (sandbox.labels[SANDBOX_HOST_LABEL] !== host.replace(/[^A-Za-z0-9_.:@-]/g, '_').slice(0, 200) || !Number.isInteger(pid) || pid <= 0) return undefined
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes this deployment's sandboxes that nobody owns any more, and never one whose owner is alive, on this host
 * or another. `isOwned` answers for the sandboxes it knows (the worker: is the grading attempt named in its labels
 * still holding a live lease?) and returns undefined for those it does not; those are kept while the process that
 * started them lives on this host, and otherwise only until SANDBOX_MAX_AGE_MS. Returns how many were removed.
 */
export async function removeOrphanSandboxes(
  isOwned: (sandbox: ListedSandbox) => Promise<boolean | undefined> | boolean | undefined = () => undefined,
  now = new Date(),
): Promise<number> {
  const orphans: string[] = []
  for (const sandbox of await listDeploymentSandboxes()) {
    const owned = await isOwned(sandbox)
    if (owned === true) continue
    if (owned === undefined) {
      const alive = creatorAlive(sandbox)
      if (alive === true) continue
      if (alive === undefined && now.getTime() - sandbox.createdAt.getTime() < SANDBOX_MAX_AGE_MS) continue
    }
    orphans.push(sandbox.id)
  }
  if (orphans.length === 0) return 0
  const removed = await docker(['rm', '--force', '--volumes', ...orphans], { timeoutMs: 120_000 })
  if (removed.exitCode !== 0 && looksLikeDaemonFailure(removed.stderr.text)) throw new InfrastructureError(`docker rm failed: ${removed.stderr.text.trim()}`)
  return orphans.length
}

/** Sandboxes currently present (running or not), all or one job's; e.g. for tests asserting nothing was left. */
export async function listSandboxes(jobId?: string): Promise<string[]> {
  const filter = jobId === undefined ? `label=${SANDBOX_OWNER_LABEL}=${sandboxOwner()}` : `label=${SANDBOX_JOB_LABEL}=${jobId}`
  const listed = await dockerOrThrow(['ps', '--all', '--quiet', '--filter', `label=${SANDBOX_LABEL}=1`, '--filter', filter], { timeoutMs: 30_000 })
  return listed.stdout.text
    .split('\n')
    .map((id) => id.trim())
    .filter(Boolean)
}
