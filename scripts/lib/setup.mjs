// Machine setup shared by `npm start` and `npm test`. Plain Node with no dependencies until `ensureNpmDependencies`
// has run: this is the code that installs them.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const DATA_DIR = path.join(ROOT, '.data')
// mirror lib/config/env.ts (scripts/lib/setup.test.ts checks that they agree)
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/cpython_course'
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

const colors = { setup: 36, web: 35, worker: 33, image: 34, db: 32, test: 36 }
export function logger(name) {
  const tty = process.stdout.isTTY
  const tag = tty ? `\x1b[${colors[name] ?? 37}m${name.padEnd(6)}\x1b[0m│` : `${name.padEnd(6)}|`
  return (...parts) => console.log(`${tag} ${parts.join(' ')}`)
}
const log = logger('setup')

export class SetupError extends Error {
  constructor(message, fix) {
    super(message)
    this.fix = fix
  }
}

/** Read .env (KEY=VALUE lines) without overriding what the environment already says. Mirrors lib/config/dotenv.ts
 * (which the worker uses) without needing TypeScript: `npm start` runs this before anything is installed. */
export function loadDotEnv(file = path.join(ROOT, '.env')) {
  if (!fs.existsSync(file)) return
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!m || line.trim().startsWith('#')) continue
    let value = m[2]
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1)
    process.env[m[1]] ??= value
  }
}

export function isDebianRoot() {
  return fs.existsSync('/etc/debian_version') && process.getuid?.() === 0
}

/** Run a command, streaming its output; resolve on exit 0, reject otherwise. */
export function run(cmd, args, { env = process.env, cwd = ROOT, quiet = false, prefix } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit' })
    let output = ''
    const sink = (chunk) => {
      output += chunk
      if (output.length > 200_000) output = output.slice(-100_000)
      if (prefix && !quiet) for (const line of chunk.toString().split('\n')) if (line.trim()) prefix(line)
    }
    child.stdout?.on('data', sink)
    child.stderr?.on('data', sink)
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(output) : reject(Object.assign(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`), { output })),
    )
  })
}

/**
 * Everything a production build (`next build`) is made from, for deciding whether the build in .next is current:
 * the app's sources (tests excepted), its configuration, the lock, the schema, and the Monaco copy's version.
 * Used by `npm start` and the e2e setup alike.
 */
export function productionBuildInputs(root = ROOT) {
  const out = []
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) {
        if (e.name !== 'generated' && e.name !== 'node_modules') walk(p)
      } else if (/\.(tsx?|css|mjs|json)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p)
    }
  }
  for (const d of ['app', 'components', 'lib']) walk(path.join(root, d))
  out.push(
    ...['next.config.ts', 'package-lock.json', 'prisma/schema.prisma', 'tsconfig.json', 'node_modules/monaco-editor/package.json'].map((f) =>
      path.join(root, f),
    ),
  )
  return out.sort()
}

export function hashFiles(files) {
  const h = createHash('sha256')
  for (const f of files) {
    h.update(f)
    if (fs.existsSync(f)) h.update(fs.readFileSync(f))
  }
  return h.digest('hex')
}

/** npm dependencies: installed when missing or when package-lock.json changed since the last install. */
export async function ensureNpmDependencies() {
  const stamp = path.join(ROOT, 'node_modules', '.cpython-course-lock')
  const want = hashFiles([path.join(ROOT, 'package.json'), path.join(ROOT, 'package-lock.json')])
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return false
  log('installing npm dependencies…')
  // `npm install --no-save` installs what package-lock.json pins and leaves it untouched. `npm ci` would refuse the
  // lock: other platforms' optional packages (@next/swc-darwin-*, …) are not served by every registry mirror, so
  // they are absent from the lock, which `npm ci` counts as out of sync.
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'])
  fs.writeFileSync(stamp, want)
  return true
}

/** The Prisma client is generated (an explicit step: npm install scripts are not relied on). */
export async function ensurePrismaClient() {
  const stamp = path.join(ROOT, 'lib', 'db', 'generated', '.schema-hash')
  const want = hashFiles([path.join(ROOT, 'prisma', 'schema.prisma'), path.join(ROOT, 'package-lock.json')])
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return false
  log('generating the Prisma client…')
  await run(process.execPath, [path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js'), 'generate'], { quiet: true })
  fs.writeFileSync(stamp, want)
  return true
}

function tcpReachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

async function pgClient(url) {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 4000 })
  await client.connect()
  return client
}

/** Can we reach a PostgreSQL server at this URL (its maintenance database, so a missing database is fine)? */
export async function postgresReachable(url) {
  const u = new URL(url)
  if (!(await tcpReachable(u.hostname, Number(u.port || 5432)))) return false
  const admin = new URL(url)
  admin.pathname = '/postgres'
  try {
    const c = await pgClient(admin.toString())
    await c.end()
    return true
  } catch {
    return false
  }
}

/** Create the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url) {
  const u = new URL(url)
  const name = decodeURIComponent(u.pathname.slice(1))
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new SetupError(`the database name "${name}" in DATABASE_URL is not a plain identifier`)
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const c = await pgClient(admin.toString())
  try {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (rowCount === 0) {
      await c.query(`CREATE DATABASE "${name}"`)
      log(`created database ${name}`)
      return true
    }
    return false
  } finally {
    await c.end()
  }
}

export async function dropDatabase(url) {
  const u = new URL(url)
  const name = decodeURIComponent(u.pathname.slice(1))
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const c = await pgClient(admin.toString())
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  } finally {
    await c.end()
  }
}

/** Apply committed migrations with `prisma migrate deploy` (through the offline schema engine when needed). */
export async function migrate(url) {
  const out = await run(process.execPath, [path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js'), 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: url },
    quiet: true,
  })
  const applied = out.match(/Applying migration/g)?.length ?? 0
  return applied
}

/** Start the embedded PostgreSQL (PGlite) and wait for it. Returns the child process and its URL. */
export async function startEmbeddedPostgres() {
  const port = Number(process.env.PGLITE_PORT ?? 54329)
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'pglite-server.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PGLITE_PORT: String(port) },
  })
  const dbLog = logger('db')
  child.stdout.on('data', (d) =>
    String(d)
      .split('\n')
      .filter(Boolean)
      .forEach((l) => dbLog(l)),
  )
  child.stderr.on('data', (d) =>
    String(d)
      .split('\n')
      .filter(Boolean)
      .forEach((l) => dbLog(l)),
  )
  for (let i = 0; i < 100; i++) {
    if (await tcpReachable('127.0.0.1', port, 300)) return { child, url: `postgresql://postgres@127.0.0.1:${port}/postgres` }
    if (child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 200))
  }
  child.kill()
  throw new SetupError('the embedded PostgreSQL (PGlite) did not start', 'set DATABASE_URL to a PostgreSQL server')
}

/** PING over a raw socket, so this works before ioredis is installed. */
export function redisPing(url, timeoutMs = 2000) {
  const u = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) })
    let buffer = ''
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => {
      const password = decodeURIComponent(u.password || '')
      if (password) socket.write(`AUTH ${u.username ? `${decodeURIComponent(u.username)} ` : ''}${password}\r\n`)
      socket.write('PING\r\n')
    })
    socket.on('data', (d) => {
      buffer += d
      if (buffer.includes('+PONG')) done(true)
      else if (buffer.startsWith('-')) done(false)
    })
  })
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
}

async function aptInstall(packages) {
  log(`installing ${packages.join(', ')} with apt-get…`)
  await run('apt-get', ['update', '-qq'], { quiet: true }).catch(() => {})
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    quiet: true,
  })
}

/** Redis must answer at REDIS_URL; a missing local Redis is installed and started when allowed. */
export async function ensureRedis(url, { install }) {
  if (await redisPing(url)) return 'running'
  const u = new URL(url)
  const local = ['127.0.0.1', 'localhost', '::1'].includes(u.hostname)
  const fix = local
    ? 'apt-get install -y redis-server && redis-server --daemonize yes --appendonly yes --dir .data/redis'
    : `start the Redis server at ${u.host}`
  if (!local || !install || !isDebianRoot()) {
    throw new SetupError(`Redis is not answering at ${url}.`, fix)
  }
  if (!hasCommand('redis-server')) await aptInstall(['redis-server'])
  const dir = path.join(DATA_DIR, 'redis')
  fs.mkdirSync(dir, { recursive: true })
  log(`starting redis-server on port ${u.port || 6379} (append-only file in ${path.relative(ROOT, dir)})`)
  await run(
    'redis-server',
    [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      String(u.port || 6379),
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
      '--dir',
      dir,
      '--logfile',
      path.join(dir, 'redis.log'),
    ],
    { quiet: true },
  )
  for (let i = 0; i < 50; i++) {
    if (await redisPing(url)) return 'started'
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new SetupError(`redis-server was started but does not answer at ${url}`, fix)
}

export function dockerAvailable() {
  return spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 15_000 }).status === 0
}

/**
 * The Docker engine the grader drives. Installed (Debian's docker.io) and started when allowed, without a bridge
 * network: sandboxes run with --network none, and image builds use the host network for their apt steps.
 */
export async function ensureDocker({ install }) {
  if (dockerAvailable()) return 'running'
  const fix = 'apt-get install -y docker.io && dockerd --bridge=none --iptables=false &'
  if (!install || !isDebianRoot()) throw new SetupError('The Docker engine is not running; the grading worker needs it.', fix)
  if (!hasCommand('dockerd')) await aptInstall(['docker.io'])
  fs.mkdirSync(DATA_DIR, { recursive: true })
  log('starting dockerd (no bridge network)…')
  const out = fs.openSync(path.join(DATA_DIR, 'dockerd.log'), 'a')
  const child = spawn('dockerd', ['--bridge=none', '--iptables=false'], { detached: true, stdio: ['ignore', out, out] })
  child.unref()
  for (let i = 0; i < 60; i++) {
    if (dockerAvailable()) return 'started'
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new SetupError('dockerd was started but the Docker engine does not answer (see .data/dockerd.log).', fix)
}

export function ensureDebootstrap({ install }) {
  if (hasCommand('debootstrap')) return Promise.resolve(false)
  if (!install || !isDebianRoot())
    return Promise.reject(new SetupError('debootstrap is missing (needed to make the grader base image without a registry).', 'apt-get install -y debootstrap'))
  return aptInstall(['debootstrap']).then(() => true)
}

export function ensureAptPackages(packages, { install }) {
  const missing = packages.filter(([cmd]) => !hasCommand(cmd)).map(([, pkg]) => pkg)
  if (missing.length === 0) return Promise.resolve([])
  if (!install || !isDebianRoot())
    return Promise.reject(new SetupError(`missing system packages: ${missing.join(', ')}`, `apt-get install -y ${missing.join(' ')}`))
  return aptInstall(missing).then(() => missing)
}

export function fail(error) {
  const say = logger('setup')
  say(`✖ ${error.message}`)
  if (error.fix) say(`  fix: ${error.fix}`)
  if (error.output) console.error(String(error.output).slice(-4000))
  process.exit(1)
}
