#!/usr/bin/env node
// `npm start`: from a clean clone to a running platform (web + grading worker), idempotent and fast on re-runs.
//   npm start -- --no-install      never install system packages; say what is missing instead
//   npm start -- --port 3100       serve on another port (default PORT or 3000)
//   npm start -- --host 0.0.0.0    listen beyond this machine (default 127.0.0.1; refused with the development sign-in)
//   npm start -- --without-grader  run the web app only (no Docker engine needed)
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import {
  DATA_DIR,
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  ROOT,
  SetupError,
  ensureDatabase,
  ensureDebootstrap,
  ensureDocker,
  ensureNpmDependencies,
  ensurePrismaClient,
  ensureRedis,
  fail,
  hashFiles,
  productionBuildInputs,
  loadDotEnv,
  logger,
  migrate,
  postgresReachable,
  run,
  startEmbeddedPostgres,
} from './lib/setup.mjs'
import { listenHost } from './lib/listen-address.mjs'

const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const option = (name) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const install = !flag('--no-install')
const withGrader = !flag('--without-grader')
const started = Date.now()
const log = logger('setup')
const children = []

async function main() {
  loadDotEnv()
  const port = Number(option('--port') ?? process.env.PORT ?? 3000)
  const operatorSaysProduction = process.env.NODE_ENV === 'production' || process.env.APP_ENV === 'production'
  process.env.APP_ENV = operatorSaysProduction ? 'production' : 'local'
  process.env.AUTH_DEV_LOGIN ??= operatorSaysProduction ? '0' : '1'
  // decided before anything is installed or started: the development sign-in never faces a network (M6)
  const host = listenHost({
    host: args.includes('--host') ? (option('--host') ?? '') : undefined,
    devLogin: process.env.AUTH_DEV_LOGIN === '1' && !operatorSaysProduction,
    port,
  })
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`
  process.env.APP_URL ??= process.env.NEXTAUTH_URL

  await ensureNpmDependencies()
  // every setting as lib/config/env.ts defines it, before anything is started: a bad one stops here, named
  const envCheck = spawnSync(tsx(), ['scripts/env.ts', 'check'], { cwd: ROOT, encoding: 'utf8' })
  if (envCheck.status !== 0)
    throw new SetupError(
      (envCheck.stderr || envCheck.error?.message || 'scripts/env.ts check failed').trim(),
      'edit .env or the environment, then run npm start again',
    )
  await ensurePrismaClient()

  // PostgreSQL: DATABASE_URL, else the local server, else the embedded PGlite
  let databaseUrl = process.env.DATABASE_URL
  if (databaseUrl) {
    if (!(await postgresReachable(databaseUrl)))
      throw new SetupError(
        `PostgreSQL does not answer at DATABASE_URL (${redact(databaseUrl)}).`,
        'start that server, or unset DATABASE_URL to use the local one',
      )
    await ensureDatabase(databaseUrl)
  } else if (await postgresReachable(DEFAULT_DATABASE_URL)) {
    databaseUrl = DEFAULT_DATABASE_URL
    await ensureDatabase(databaseUrl)
  } else {
    log('no PostgreSQL answers on 127.0.0.1:5432 and DATABASE_URL is unset: using the embedded PostgreSQL (PGlite) in .data/pglite')
    const embedded = await startEmbeddedPostgres()
    children.push({ name: 'db', child: embedded.child })
    databaseUrl = embedded.url
  }
  process.env.DATABASE_URL = databaseUrl
  const applied = await migrate(databaseUrl)
  log(`database ready at ${redact(databaseUrl)}${applied ? ` (${applied} migration${applied > 1 ? 's' : ''} applied)` : ''}`)

  await run(tsx(), ['scripts/content-sync.ts', '--quiet'], { prefix: logger('setup') })

  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL
  process.env.REDIS_URL = redisUrl
  const redisState = await ensureRedis(redisUrl, { install })
  log(`Redis ${redisState} at ${redisUrl}`)

  if (withGrader) {
    await ensureDocker({ install }).then((s) => log(`Docker engine ${s}`))
    await ensureDebootstrap({ install })
  }

  process.env.AUTH_SECRET ||= persistentSecret()
  await buildIfNeeded()

  startChild('web', process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port), '-H', host])
  if (withGrader) {
    // the worker lane first makes sure the grader image exists and is current (a no-op when it is); the web app
    // serves meanwhile
    void startWorkerLane()
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  log(`ready in ${seconds}s → http://localhost:${port}${host === '127.0.0.1' ? ' (this machine only; --host to serve beyond it)' : ` (listening on ${host})`}`)
  if (process.env.AUTH_DEV_LOGIN === '1' && !operatorSaysProduction) {
    log(`sign in at http://localhost:${port}/signin with the development sign-in: pick "Student" or "Instructor", or type any email and role.`)
  } else {
    log('sign in with GitHub (AUTH_GITHUB_ID / AUTH_GITHUB_SECRET); the development sign-in is off.')
  }
  log('press Ctrl-C to stop')
}

async function startWorkerLane() {
  const say = logger('worker')
  try {
    await run(process.execPath, ['--import', 'tsx', 'scripts/grader-image.ts'], { prefix: say })
  } catch (e) {
    say(`✖ the grader image could not be built: ${e.message}`)
    say('  the site keeps running; submissions wait in the queue until a worker starts (npm run grader:image, then npm run worker)')
    return
  }
  if (shuttingDown) return
  const env = { ...process.env }
  const image = process.env.GRADER_IMAGE || 'cpython-course/grader:current' // mirrors CURRENT_GRADER_TAG in lib/grading/image.ts
  const version = spawnSync('docker', ['image', 'inspect', '--format', '{{index .Config.Labels "cpython-course.cpython-version"}}', image], {
    encoding: 'utf8',
  }).stdout.trim()
  // the policy and its banner live in lib/cpython/baseline.ts (startBaselineDecision); scripts/baseline.ts hands them
  // to this plain-JavaScript file as JSON
  const answer = spawnSync(tsx(), ['scripts/baseline.ts', version], { cwd: ROOT, encoding: 'utf8' })
  if (answer.status !== 0) {
    say(`✖ could not check the grader image's CPython baseline (scripts/baseline.ts): ${(answer.stderr || answer.error?.message || '').trim()}`)
    say('  the site keeps running; start the worker by hand (npm run worker) once that is fixed')
    return
  }
  const decision = JSON.parse(answer.stdout)
  for (const line of decision.banner) say(line)
  if (decision.allowMismatch) env.GRADER_ALLOW_BASELINE_MISMATCH = '1'
  startChild('worker', process.execPath, ['--import', 'tsx', 'worker/main.ts'], env)
}

function tsx() {
  return path.join(ROOT, 'node_modules', '.bin', 'tsx')
}

function redact(url) {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return url
  }
}

function persistentSecret() {
  const file = path.join(DATA_DIR, 'auth-secret')
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim()
  fs.mkdirSync(DATA_DIR, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  fs.writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

/** `next build` only when the sources changed since the last build. */
async function buildIfNeeded() {
  const stamp = path.join(ROOT, '.next', 'cpython-course-build-hash')
  const want = hashFiles(productionBuildInputs())
  if (fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) {
    log('app build is up to date')
    return
  }
  log('building the web app (next build)…')
  const t = Date.now()
  await run(process.execPath, [path.join(ROOT, 'scripts', 'copy-monaco.mjs')], { prefix: logger('web') })
  await run(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    prefix: logger('web'),
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  })
  fs.writeFileSync(stamp, want)
  log(`app built in ${((Date.now() - t) / 1000).toFixed(0)}s`)
}

function startChild(name, cmd, argv, env = process.env) {
  const say = logger(name)
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
  const forward = (data) =>
    String(data)
      .split('\n')
      .filter((l) => l.trim())
      .forEach((l) => say(l))
  child.stdout.on('data', forward)
  child.stderr.on('data', forward)
  child.on('exit', (code, signal) => {
    say(`exited (${signal ?? `code ${code}`})`)
    if (!shuttingDown) shutdown(code === 0 ? 1 : (code ?? 1))
  })
  children.push({ name, child })
}

let shuttingDown = false
function shutdown(exitCode = 0) {
  if (shuttingDown) return
  shuttingDown = true
  log('stopping…')
  // web and worker first (the worker finishes or hands back its job), the embedded database last
  const order = [...children].sort((a, b) => (a.name === 'db') - (b.name === 'db'))
  const stopOne = ({ child }) =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode) return resolve()
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      child.once('exit', () => (clearTimeout(timer), resolve()))
      child.kill('SIGTERM')
    })
  const apps = order.filter((c) => c.name !== 'db')
  Promise.all(apps.map(stopOne))
    .then(() => Promise.all(order.filter((c) => c.name === 'db').map(stopOne)))
    .then(() => {
      log('stopped')
      process.exit(exitCode)
    })
}
process.on('SIGINT', () => shutdown(0))
process.on('SIGTERM', () => shutdown(0))

main().catch((e) => {
  for (const { child } of children) child.kill('SIGTERM')
  fail(e)
})
