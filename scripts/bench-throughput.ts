// npm run bench:throughput [-- --count N] [--workers 1 | --engines 2] [--chaos] [--json]
//
// Grading throughput under a deadline burst, with real worker processes (worker/main.ts) on real Docker engines.
// Seeds a database of its own (migrated, dropped afterwards), syncs the real course content, then queues N
// submissions (default 500) through the public intake (createSubmission) drawn from the patch assignments:
// reference solutions, compile errors (an added line broken), failing tests (a comment-only patch: compiles, does
// nothing) and resubmissions that keep a header change. One student queues min(50, N/2) of them first; every
// other student queues one. Then it drains the queue:
//   --workers 1   one worker on the default Docker engine (the default)
//   --engines 2   two workers, the second on a private second dockerd that gets the image from `docker save`
//                 (GRADER_IMAGE_ARCHIVE), as an extra grading host does
//   --chaos       while draining: SIGKILL a worker (and restart it), restart Redis (private, appendonly yes),
//                 restart PostgreSQL (a private cluster) and restart the second engine (never the default one);
//                 implies --engines 2
// Reports submissions per hour per worker, p50/p95 submission→result, the longest wait of a one-submission student,
// and checks in PostgreSQL that every submission has exactly one finished run (0 lost, 0 duplicated).
// A real build per submission: 500 take hours on 2 cores; `npm run bench` runs this with --count 8 only.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

import { startAofRedis, startPrivateEngine, startPrivatePostgres, type PrivateEngine, type Restartable } from './lib/bench-services'
import { loadDotEnv, migrate } from './lib/setup.mjs'

interface Options {
  count: number
  engines: 1 | 2
  chaos: boolean
  json: boolean
  timeoutMinutes: number
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string, fallback: number) => {
    const index = argv.indexOf(flag)
    if (index < 0) return fallback
    const n = Number(argv[index + 1])
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a whole number ≥ 1`)
    return n
  }
  const chaos = argv.includes('--chaos')
  const engines = chaos ? 2 : value('--engines', 1)
  if (value('--workers', 1) !== 1 && !argv.includes('--engines')) throw new Error('--workers takes 1; use --engines 2 for two workers on two engines')
  if (engines !== 1 && engines !== 2) throw new Error('--engines takes 1 or 2')
  const count = value('--count', 500)
  return { count, engines, chaos, json: argv.includes('--json'), timeoutMinutes: value('--timeout-minutes', Math.max(20, Math.ceil(count * 1.5))) }
}

const log = (line: string) => process.stderr.write(`bench:throughput ${line}\n`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

type Kind = 'reference' | 'compile-error' | 'failing-tests' | 'header-resubmission'

interface Worker {
  name: string
  child: ChildProcess
  output: () => string
  ready: Promise<void>
  stop: (signal?: NodeJS.Signals) => Promise<void>
}

function startWorker(name: string, env: Record<string, string>): Worker {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let markReady: () => void
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  const collect = (d: Buffer) => {
    output += d
    if (output.length > 400_000) output = output.slice(-200_000)
    if (/worker \S+ ready/.test(output)) markReady()
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const worker: Worker = {
    name,
    child,
    output: () => output,
    ready: Promise.race([ready, exited.then(() => Promise.reject(new Error(`worker ${name} exited before it was ready:\n${output.slice(-3000)}`)))]),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
  worker.ready.catch(() => {})
  return worker
}

async function main() {
  loadDotEnv()
  const options = parseOptions(process.argv.slice(2))
  const cleanups: (() => Promise<void>)[] = []
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((e: unknown) => log(`clean-up: ${(e as Error).message}`))
  }
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)))
  try {
    await run(options, cleanups)
  } finally {
    await cleanup()
  }
  // ioredis clients of the app's modules may still be reconnecting to the stopped private Redis
  process.exit(process.exitCode ?? 0)
}

async function run(options: Options, cleanups: (() => Promise<void>)[]) {
  // services: Redis always private (the queue must be ours alone); PostgreSQL private under --chaos (it gets restarted),
  // otherwise a database of our own on DATABASE_URL's server
  const redis = await startAofRedis()
  cleanups.push(() => redis.stop())
  let postgres: Restartable | undefined
  let serverUrl: string
  if (options.chaos) {
    postgres = await startPrivatePostgres()
    cleanups.push(() => postgres!.stop())
    serverUrl = postgres.url
  } else {
    const u = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/cpython_course')
    u.pathname = '/postgres'
    serverUrl = u.toString()
  }
  const name = `cpython_course_bench_tp_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  const dbUrl = new URL(serverUrl)
  dbUrl.pathname = `/${name}`
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: serverUrl })
    await c.connect()
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await c.end()
  })
  await migrate(dbUrl.toString())
  const queuePrefix = `cpython-course-bench-tp-${randomBytes(3).toString('hex')}`
  Object.assign(process.env, { DATABASE_URL: dbUrl.toString(), REDIS_URL: redis.url, QUEUE_PREFIX: queuePrefix })

  // the app's modules read the environment above: import them only now
  const { prisma } = await import('@/lib/db/prisma')
  const { loadCourseContent, syncContent } = await import('@/lib/content/sync')
  const { createSubmission } = await import('@/lib/submissions/create')
  const { pristineFileForPatching } = await import('@/lib/submissions/pristine-files')
  const { closeGradingQueue } = await import('@/lib/queue/grading-queue')
  const { graderImageRef, imageInfo } = await import('@/lib/grading/image')
  const { docker } = await import('@/lib/grading/docker')
  cleanups.push(async () => {
    await closeGradingQueue().catch(() => {})
    await prisma.$disconnect().catch(() => {})
  })

  const image = graderImageRef()
  const info = await imageInfo(image)
  log(
    `${image} (CPython ${info.version}, ${info.digest.slice(0, 19)}), ${options.count} submissions, ${options.engines} engine(s)${options.chaos ? ', chaos' : ''}`,
  )

  await syncContent(prisma, await loadCourseContent(process.cwd()))
  const assignments = await prisma.assignment.findMany({ where: { kind: 'PATCH', published: true }, orderBy: { slug: 'asc' } })
  const slugs = assignments.map((a) => a.slug).filter((slug) => fs.existsSync(path.join('homework', slug, 'solution.diff')))
  if (!slugs.length) throw new Error('no published patch assignment with a homework/<slug>/solution.diff')
  // a deadline burst: all open, no caps (the 50-submission student must be allowed 50)
  await prisma.assignment.updateMany({
    where: { slug: { in: slugs } },
    data: { dueAt: new Date(Date.now() + 7 * 86400_000), maxSubmissions: null, submissionsPerHour: null },
  })

  const patches = new Map<string, Record<'reference' | 'compile-error' | 'failing-tests', string>>()
  const headerSlugs: string[] = []
  for (const slug of slugs) {
    const reference = fs.readFileSync(path.join('homework', slug, 'solution.diff'), 'utf8')
    if (/^\+\+\+ b\/Include\//m.test(reference)) headerSlugs.push(slug)
    patches.set(slug, { reference, 'compile-error': brokenPatch(slug, reference), 'failing-tests': await commentOnlyPatch(reference, pristineFileForPatching) })
  }

  // the plan: the heavy student's share first (cycling assignments; a second submission to a header assignment is a
  // header-keeping resubmission), then one submission per other student (reference, compile error, failing tests)
  const heavyCount = Math.min(50, Math.floor(options.count / 2))
  const plan: { student: number; slug: string; kind: Kind }[] = []
  const heavySeen = new Set<string>()
  const heavyOrder = [...headerSlugs, ...slugs.filter((s) => !headerSlugs.includes(s))]
  for (let i = 0; i < heavyCount; i++) {
    const slug = heavyOrder[Math.floor(i / 2) % heavyOrder.length]
    const again = heavySeen.has(slug)
    const kind: Kind = again && headerSlugs.includes(slug) ? 'header-resubmission' : again ? 'failing-tests' : 'reference'
    heavySeen.add(slug)
    plan.push({ student: 0, slug, kind })
  }
  const singleKinds: Kind[] = ['compile-error', 'failing-tests', 'reference', 'reference']
  for (let i = 0; plan.length < options.count; i++) plan.push({ student: i + 1, slug: slugs[i % slugs.length], kind: singleKinds[i % singleKinds.length] })
  const studentCount = plan.reduce((m, p) => Math.max(m, p.student), 0) + 1
  const users = await Promise.all(
    Array.from({ length: studentCount }, (_, i) =>
      prisma.user.create({ data: { email: `bench-tp-${i}-${Date.now()}@example.edu`, role: 'STUDENT', name: `Bench student ${i}` } }),
    ),
  )

  // workers: both hosts share one build-cache directory of this run's own, as a fleet with BUILD_CACHE_DIR on a
  // shared volume does (docs/deploy.md), so a resubmission hits whichever worker grades it
  const buildCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tp-build-cache-'))
  cleanups.push(() => fs.promises.rm(buildCacheDir, { recursive: true, force: true }))
  const workerEnv: Record<string, string> = {
    BUILD_CACHE_DIR: buildCacheDir,
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: queuePrefix,
    GRADER_IMAGE: image,
    CPYTHON_VERSION: info.version,
    // quick recovery after a SIGKILL or a restarted service (the figures of the calm run use the same settings)
    WORKER_LOCK_MS: '15000',
    WORKER_STALLED_INTERVAL_MS: '5000',
    GRADING_LEASE_MS: '20000',
    RECONCILE_INTERVAL_MS: '3000',
  }
  let engine: PrivateEngine | undefined
  let archive: string | undefined
  if (options.engines === 2) {
    engine = await startPrivateEngine()
    cleanups.push(() => engine!.stop())
    archive = `${engine.dir}/grader.tar`
    log(`second engine at ${engine.host}; docker save ${image} → ${archive}`)
    const saved = await docker(['save', '--output', archive, image], { timeoutMs: 900_000 })
    if (saved.exitCode !== 0) throw new Error(`docker save ${image} failed: ${saved.stderr.text}`)
  }
  const workers: Worker[] = []
  const spawnWorker = (index: number) => {
    const env = index === 0 ? workerEnv : { ...workerEnv, DOCKER_HOST: engine!.host, GRADER_IMAGE_ARCHIVE: archive!, WORKER_GRADING_ONLY: '1' }
    const worker = startWorker(index === 0 ? 'default-engine' : 'second-engine', env)
    workers[index] = worker
    return worker
  }
  cleanups.push(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGTERM')))
  })
  for (let i = 0; i < options.engines; i++) spawnWorker(i)
  await Promise.all(workers.map((w) => w.ready))
  log(`${workers.length} worker(s) ready`)

  // queue through the public intake
  const submissions: { id: string; student: number; slug: string; kind: Kind }[] = []
  const queueStarted = Date.now()
  for (const item of plan) {
    const user = users[item.student]
    const created = await createSubmission({
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
      assignmentSlug: item.slug,
      patch: patches.get(item.slug)![item.kind === 'header-resubmission' ? 'reference' : item.kind],
      source: 'API',
    })
    submissions.push({ id: created.id, ...item })
  }
  log(
    `queued ${submissions.length} in ${((Date.now() - queueStarted) / 1000).toFixed(1)} s (${heavyCount} from one student, ${studentCount - 1} students with one each)`,
  )

  // drain, with chaos at 20/40/60/80 % of results
  const ids = submissions.map((s) => s.id)
  const finished = async () =>
    prisma.submission.count({
      where: { id: { in: ids }, status: { in: ['GRADED', 'ERROR', 'NEEDS_MANUAL'] }, currentRun: { status: { in: ['DONE', 'ERROR'] } } },
    })
  const chaosSteps: { at: number; what: string; act: () => Promise<void> }[] = options.chaos
    ? [
        {
          at: 0.2,
          what: 'SIGKILL the worker on the default engine, start it again',
          act: async () => {
            await workers[0].stop('SIGKILL')
            await spawnWorker(0).ready
          },
        },
        { at: 0.4, what: 'restart Redis (appendonly yes)', act: () => redis.restart() },
        { at: 0.6, what: 'restart PostgreSQL (private cluster)', act: () => postgres!.restart() },
        { at: 0.8, what: 'restart the second Docker engine', act: () => engine!.restart() },
      ]
    : []
  const chaosDone: string[] = []
  const deadline = Date.now() + options.timeoutMinutes * 60_000
  let done = 0
  let lastLogged = -1
  while (Date.now() < deadline) {
    done = await finished().catch(() => done) // PostgreSQL may be restarting
    if (done !== lastLogged) {
      log(`${done}/${ids.length} graded`)
      lastLogged = done
    }
    if (done >= ids.length) break
    const step = chaosSteps[0]
    if (step && done >= Math.ceil(step.at * ids.length)) {
      chaosSteps.shift()
      log(`chaos: ${step.what}`)
      const t = Date.now()
      await step.act()
      chaosDone.push(`${step.what} (${((Date.now() - t) / 1000).toFixed(1)} s)`)
    }
    for (const [i, w] of workers.entries()) {
      if (w.child.exitCode !== null || w.child.signalCode !== null) {
        log(`worker ${w.name} exited (${w.child.signalCode ?? w.child.exitCode}); last output:\n${w.output().slice(-2000)}\nstarting it again`)
        await spawnWorker(i).ready
      }
    }
    await sleep(1000)
  }
  // chaos steps not reached (a small count drains between two polls) run now, then the queue must still be clean
  for (const step of chaosSteps) {
    log(`chaos (after the drain): ${step.what}`)
    await step.act()
    chaosDone.push(`${step.what} (after the drain)`)
  }

  // exactly one result each, from PostgreSQL
  const rows = await prisma.submission.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      status: true,
      createdAt: true,
      currentRunId: true,
      runs: {
        select: {
          id: true,
          status: true,
          finishedAt: true,
          score: true,
          maxScore: true,
          buildOk: true,
          buildLog: true,
          errorMessage: true,
          workerId: true,
          jobAttempts: true,
          cacheHits: true,
          tests: { select: { name: true } },
        },
      },
    },
  })
  const byId = new Map(rows.map((r) => [r.id, r]))
  let lost = 0
  let duplicated = 0
  let unexpected = 0
  const waits: number[] = []
  const singleWaits: number[] = []
  const byKind = new Map<Kind, number[]>()
  const perWorker = new Map<string, number>()
  // header-keeping resubmissions: how many found their cache (an earlier build of the same student may still have
  // been running when one started, or none of theirs had finished yet)
  const resubmissionHits: number[] = []
  let lastFinished = 0
  const problems: string[] = []
  for (const s of submissions) {
    const row = byId.get(s.id)
    const finishedRuns = row?.runs.filter((r) => r.status === 'DONE' || r.status === 'ERROR') ?? []
    const current = row?.runs.find((r) => r.id === row.currentRunId)
    if (!row || !current?.finishedAt || finishedRuns.length === 0) {
      lost++
      problems.push(`lost: ${s.id} (${s.slug} ${s.kind}) status ${row?.status}`)
      continue
    }
    const testNames = current.tests.map((t) => t.name)
    if (row.runs.length > 1 || finishedRuns.length > 1 || new Set(testNames).size !== testNames.length) {
      duplicated++
      problems.push(`duplicated: ${s.id} has ${row.runs.length} runs, ${testNames.length} test rows (${new Set(testNames).size} distinct)`)
    }
    const ok =
      current.status === 'DONE' &&
      (s.kind === 'compile-error'
        ? current.buildOk === false
        : s.kind === 'failing-tests'
          ? current.buildOk === true && (current.score ?? 0) < (current.maxScore ?? 0)
          : current.buildOk === true && current.score === current.maxScore)
    if (!ok) {
      unexpected++
      problems.push(
        `unexpected: ${s.slug} ${s.kind}: ${current.status} build ${current.buildOk} ${current.score}/${current.maxScore} ${current.errorMessage ?? ''} ${(current.buildLog ?? '').slice(-300).replace(/\s+/g, ' ')}`,
      )
    }
    const wait = current.finishedAt.getTime() - row.createdAt.getTime()
    waits.push(wait)
    if (s.student !== 0) singleWaits.push(wait)
    byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), wait])
    if (s.kind === 'header-resubmission') resubmissionHits.push(current.cacheHits ?? 0)
    const host = current.workerId ?? '?'
    perWorker.set(host, (perWorker.get(host) ?? 0) + 1)
    lastFinished = Math.max(lastFinished, current.finishedAt.getTime())
  }
  const firstCreated = Math.min(...rows.map((r) => r.createdAt.getTime()))
  const spanHours = (lastFinished - firstCreated) / 3600_000
  const perHourPerWorker = spanHours > 0 ? waits.length / spanHours / options.engines : 0
  const report = {
    image,
    cpython: info.version,
    count: submissions.length,
    engines: options.engines,
    workers: options.engines,
    chaos: options.chaos,
    chaosEvents: chaosDone,
    heavyStudentSubmissions: heavyCount,
    singleStudents: studentCount - 1,
    kinds: Object.fromEntries([...byKind].map(([k, v]) => [k, v.length])),
    drainSeconds: Math.round((lastFinished - firstCreated) / 100) / 10,
    submissionsPerHourPerWorker: Math.round(perHourPerWorker),
    submissionToResultSeconds: { p50: Math.round(percentile(waits, 50) / 100) / 10, p95: Math.round(percentile(waits, 95) / 100) / 10 },
    longestSingleStudentWaitSeconds: singleWaits.length ? Math.round(Math.max(...singleWaits) / 100) / 10 : null,
    resultsByWorker: Object.fromEntries(perWorker),
    headerResubmissions: { count: resubmissionHits.length, withCacheHits: resubmissionHits.filter((h) => h > 0).length },
    lost,
    duplicated,
    unexpectedOutcomes: unexpected,
    problems: problems.slice(0, 20),
  }
  if (options.json) console.log(JSON.stringify(report, null, 2))
  else {
    console.log('')
    console.log(
      `bench:throughput: ${report.count} submissions (${JSON.stringify(report.kinds)}), ${report.workers} worker(s) on ${report.engines} engine(s)${report.chaos ? ', chaos' : ''}`,
    )
    for (const e of chaosDone) console.log(`  chaos: ${e}`)
    console.log(`  drained in ${report.drainSeconds} s: ${report.submissionsPerHourPerWorker} submissions/hour per worker (goal ≥ 600)`)
    console.log(`  submission → result: p50 ${report.submissionToResultSeconds.p50} s, p95 ${report.submissionToResultSeconds.p95} s`)
    console.log(`  longest wait of a one-submission student while one student had ${heavyCount} queued: ${report.longestSingleStudentWaitSeconds} s`)
    console.log(`  results by worker: ${JSON.stringify(report.resultsByWorker)}`)
    console.log(
      `  header-keeping resubmissions that hit their student's build cache (one BUILD_CACHE_DIR for all workers): ${report.headerResubmissions.withCacheHits} of ${report.headerResubmissions.count}`,
    )
    console.log(`  ${lost} lost, ${duplicated} duplicated, ${unexpected} unexpected outcome(s)`)
    for (const p of report.problems) console.log(`  ${p}`)
  }
  if (lost || duplicated) process.exitCode = 1
}

/** The reference solution with one added C statement broken (a stray `@`): applies, fails to compile. */
function brokenPatch(slug: string, reference: string): string {
  let file = ''
  let done = false
  const lines = reference.split('\n').map((line) => {
    if (line.startsWith('+++ ')) file = line.slice(4)
    else if (!done && file.endsWith('.c') && /^\+\s*[^\s/*].*;\s*$/.test(line) && !line.includes('"')) {
      done = true
      return line.replace(/;\s*$/, ' @;')
    }
    return line
  })
  if (!done) throw new Error(`${slug}: no added C statement in solution.diff to break`)
  return lines.join('\n')
}

/** A comment-only hunk at the top of the solution's first .c file: compiles, implements nothing, tests fail. */
async function commentOnlyPatch(reference: string, pristine: (p: string) => Promise<{ text: string }>): Promise<string> {
  const file = /^\+\+\+ b\/(\S+\.c)$/m.exec(reference)?.[1]
  if (!file) throw new Error('solution.diff changes no .c file')
  const first = (await pristine(file)).text.split('\n').slice(0, 3)
  return [`--- a/${file}`, `+++ b/${file}`, '@@ -1,3 +1,4 @@', '+/* bench: a comment, and nothing implemented */', ...first.map((l) => ` ${l}`), ''].join('\n')
}

main().catch((error: unknown) => {
  console.error(`bench:throughput: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exit(1)
})
