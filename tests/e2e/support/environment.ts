// The end-to-end environment, shared by every e2e suite: a fresh database (migrated and seeded with the course
// content plus tests/e2e/fixtures), a generated test video, one production build, and `next start` on a free
// port. Used by global-setup.ts; other suites extend it through tests/e2e/support/test.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

import { dropDatabase, ensureDatabase, hashFiles, migrate, productionBuildInputs } from '../../../scripts/lib/setup.mjs'

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')
export const MEDIA_DIR = path.join(ROOT, '.data', 'test-media')
export const TEST_CLIP = 'clip.webm'
export const TEST_CLIP_SECONDS = 90
const LOG_DIR = path.join(ROOT, 'test-results', `e2e-logs-${process.env.E2E_RUN_ID ?? process.pid}`)

export type E2eEnvironment = { baseURL: string; databaseUrl: string; queuePrefix: string; authSecret: string; server: ChildProcess; stop: () => Promise<void> }

const log = (...parts: unknown[]) => console.log('[e2e]', ...parts)

/** A short, low-resolution test video (a moving test pattern), generated once with ffmpeg and cached. */
export function ensureTestClip(): string {
  const file = path.join(MEDIA_DIR, TEST_CLIP)
  const recipe = `testsrc=size=256x144:rate=12 -t ${TEST_CLIP_SECONDS} libvpx 100k g12`
  const stamp = `${file}.recipe`
  if (fs.existsSync(file) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === recipe) return file
  if (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('The end-to-end tests generate their test video with ffmpeg, which is not installed. Install it: apt-get install -y ffmpeg')
  }
  fs.mkdirSync(MEDIA_DIR, { recursive: true })
  log(`generating a ${TEST_CLIP_SECONDS} s test video with ffmpeg…`)
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=256x144:rate=12', '-t', String(TEST_CLIP_SECONDS)]
  // a keyframe every second keeps seeks exact; realtime encoding keeps generation to a few seconds
  args.push('-c:v', 'libvpx', '-b:v', '100k', '-g', '12', '-deadline', 'realtime', '-cpu-used', '8', '-an', `${file}.tmp.webm`)
  const r = spawnSync('ffmpeg', args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`ffmpeg failed to generate the test video:\n${r.stderr}`)
  fs.renameSync(`${file}.tmp.webm`, file)
  fs.writeFileSync(stamp, recipe)
  return file
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, label: string, retryWhile?: RegExp): void {
  const started = Date.now()
  let r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  // e.g. another `next build` in the same tree holds Next's build lock: wait for it (up to 10 minutes)
  for (let i = 0; retryWhile && r.status !== 0 && retryWhile.test(`${r.stdout}${r.stderr}`) && i < 60; i++) {
    if (i === 0) log(`${label}: waiting for another build in this tree to finish…`)
    spawnSync('sleep', ['10'])
    r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  }
  fs.mkdirSync(LOG_DIR, { recursive: true })
  fs.writeFileSync(path.join(LOG_DIR, `e2e-${label}.log`), `${r.stdout ?? ''}\n${r.stderr ?? ''}`)
  if (r.status !== 0) {
    throw new Error(
      `${label} failed (exit ${r.status ?? r.signal}); output in ${path.relative(ROOT, LOG_DIR)}/e2e-${label}.log:\n${(r.stdout + r.stderr).split('\n').slice(-40).join('\n')}`,
    )
  }
  log(`${label} done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

const BUILD_STAMP = path.join(ROOT, '.next', 'e2e-build-stamp.json')

/** Is .next the build of exactly these sources, made by this setup (and not rebuilt by anyone since)? */
function buildIsCurrent(hash: string): boolean {
  try {
    const stamp = JSON.parse(fs.readFileSync(BUILD_STAMP, 'utf8')) as { hash: string; buildId: string }
    const buildId = fs.readFileSync(path.join(ROOT, '.next', 'BUILD_ID'), 'utf8').trim()
    return stamp.hash === hash && stamp.buildId === buildId && fs.existsSync(path.join(ROOT, 'public', 'monaco', 'vs', 'loader.js'))
  } catch {
    return false
  }
}

/**
 * The production build the tests run against (`npm run build`: Monaco copy + next build), made once per change:
 * a build of the same sources that nobody has replaced since is reused (E2E_FORCE_BUILD=1 rebuilds anyway).
 */
export function buildApp(): void {
  const hash = hashFiles(productionBuildInputs())
  if (process.env.E2E_FORCE_BUILD !== '1' && buildIsCurrent(hash)) {
    log('the app build is current for these sources; reusing it (E2E_FORCE_BUILD=1 rebuilds)')
    return
  }
  const env = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } as NodeJS.ProcessEnv
  log('building the app (next build)…')
  run(process.execPath, [path.join(ROOT, 'scripts', 'copy-monaco.mjs')], env, 'copy-monaco')
  // next build rewrites tsconfig.json (formatting, .next/dev/types); a test run should not leave the tree changed
  const tsconfig = path.join(ROOT, 'tsconfig.json')
  const before = fs.readFileSync(tsconfig)
  try {
    run(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
      env,
      'build',
      /Another next build process is already running/,
    )
  } finally {
    if (!fs.readFileSync(tsconfig).equals(before)) fs.writeFileSync(tsconfig, before)
  }
  fs.writeFileSync(BUILD_STAMP, JSON.stringify({ hash, buildId: fs.readFileSync(path.join(ROOT, '.next', 'BUILD_ID'), 'utf8').trim() }))
}

async function waitForServer(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited (code ${server.exitCode}); see ${path.relative(ROOT, LOG_DIR)}/e2e-server.log`)
    try {
      const res = await fetch(url, { redirect: 'manual' })
      if (res.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`next start did not answer at ${url} within ${timeoutMs / 1000} s; see ${path.relative(ROOT, LOG_DIR)}/e2e-server.log`)
}

/** Everything the suites need, ready. `stop()` ends the server and drops the database. */
export async function startE2eEnvironment(options: { build?: boolean } = {}): Promise<E2eEnvironment> {
  const serverUrl = process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'
  const db = new URL(serverUrl)
  db.pathname = `/cpython_course_e2e_${process.pid}_${randomBytes(3).toString('hex')}`
  const databaseUrl = db.toString()

  ensureTestClip()
  await ensureDatabase(databaseUrl)
  try {
    await migrate(databaseUrl)
    run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['tests/e2e/support/seed.ts'], { ...process.env, DATABASE_URL: databaseUrl }, 'seed')
    if (options.build ?? true) buildApp()
  } catch (e) {
    await dropDatabase(databaseUrl).catch(() => {})
    throw e
  }

  const port = await freePort()
  const queuePrefix = `cpython-course-e2e-${process.pid}`
  const baseURL = `http://localhost:${port}`
  // exported to the suites: a worker a suite starts (the LTI passback worker) decrypts the tool keys with it
  const authSecret = randomBytes(32).toString('base64url')
  fs.mkdirSync(LOG_DIR, { recursive: true })
  const out = fs.openSync(path.join(LOG_DIR, 'e2e-server.log'), 'w')
  const server = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port)], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      APP_ENV: 'local',
      AUTH_DEV_LOGIN: '1',
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: authSecret,
      NEXTAUTH_URL: baseURL,
      APP_URL: baseURL,
      QUEUE_PREFIX: queuePrefix,
      // the course's lectures play the generated clip from the app itself: no request to YouTube…
      LECTURE_MEDIA_DIR: MEDIA_DIR,
      LECTURE_VIDEO_OVERRIDE: `/api/lectures/media/${TEST_CLIP}`,
      // …except the YouTube fixture lecture (91), whose test stands in for YouTube's IFrame API
      LECTURE_VIDEO_OVERRIDE_LECTURES: '1-89',
    },
  })
  const stop = async () => {
    if (server.exitCode === null && server.pid) {
      const exited = new Promise((r) => server.once('exit', r))
      try {
        process.kill(-server.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (server.exitCode === null) {
        try {
          process.kill(-server.pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
    }
    await dropDatabase(databaseUrl).catch((e: Error) => log(`could not drop ${databaseUrl}: ${e.message}`))
  }
  try {
    await waitForServer(`${baseURL}/signin`, server, 60_000)
  } catch (e) {
    await stop()
    throw e
  }
  log(`app running at ${baseURL} (database ${db.pathname.slice(1)})`)
  return { baseURL, databaseUrl, queuePrefix, authSecret, server, stop }
}
