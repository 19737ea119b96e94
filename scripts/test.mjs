#!/usr/bin/env node
// `npm test`: installs what the tests need (npm dependencies, the Prisma client, the grader image; each test
// file makes its own database) and runs every suite: unit, integration (real PostgreSQL, Redis, Docker and
// CPython), and end-to-end in Chromium. A missing service fails the run with what to start; nothing is skipped.
//   npm test -- <vitest filters>   run only matching test files (the e2e suite runs when no filter is given)
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { ROOT, SetupError, dockerAvailable, ensureNpmDependencies, ensurePrismaClient, fail, logger, postgresReachable, redisPing, run } from './lib/setup.mjs'

const log = logger('test')
const filters = process.argv.slice(2)

async function main() {
  const started = Date.now()
  await ensureNpmDependencies()
  await ensurePrismaClient()

  const pgServer = process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'
  const redis = process.env.REDIS_URL || 'redis://127.0.0.1:6379'
  const missing = []
  if (!(await postgresReachable(pgServer))) missing.push([`PostgreSQL at ${pgServer}`, 'pg_ctlcluster 15 main start   (or set TEST_DATABASE_URL)'])
  if (!(await redisPing(redis))) missing.push([`Redis at ${redis}`, 'redis-server --daemonize yes   (or set REDIS_URL)'])
  if (!dockerAvailable()) missing.push(['the Docker engine (grading tests)', 'apt-get install -y docker.io && dockerd --bridge=none --iptables=false &'])
  if (!fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) missing.push(['Chromium (browser tests)', 'apt-get install -y chromium'])
  if (missing.length) {
    for (const [what, fix] of missing) log(`✖ missing: ${what}\n        start it: ${fix}`)
    throw new SetupError(`${missing.length} service(s) the tests need are not available (bash .ci/run prepares a machine).`)
  }

  // The grader image takes minutes the first time and is a no-op afterwards; build it up front so the
  // integration suites measure grading, not image building.
  log('checking the grader image…')
  await run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/grader-image.ts'], { prefix: logger('image') })

  if (filters.length === 0) {
    // formatting and lint rules (biome.json) first: a second, and nothing else is worth running if they fail
    log('checking format and lint (npm run lint)…')
    const lint = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@biomejs', 'biome', 'bin', 'biome'), 'ci', '.'], { cwd: ROOT, stdio: 'inherit' })
    if (lint.status !== 0) throw new SetupError('format or lint check failed: run `npm run format` to fix what can be fixed, then see the messages above')
  }

  // a prefix of the run's own for Redis keys and sandbox ownership: a platform running on the same machine (npm start)
  // and this run never touch each other's queue or sandboxes
  const env = { ...process.env, NODE_ENV: 'test', APP_ENV: 'local', QUEUE_PREFIX: process.env.QUEUE_PREFIX || `cpython-course-test-${process.pid}` }
  // keep .env's database away from the tests: each test file gets its own database
  delete env.DATABASE_URL
  const vitest = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...filters], { cwd: ROOT, env, stdio: 'inherit' })
  if (vitest.status !== 0) throw new SetupError(`vitest failed (exit ${vitest.status ?? vitest.signal})`)

  if (filters.length === 0) {
    // every assignment's reference solution and baseline, on each CPython version with a grader image here
    log('checking the homework set (npm run homework:check)…')
    const check = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'homework-check.ts')], { cwd: ROOT, env, stdio: 'inherit' })
    if (check.status !== 0) throw new SetupError(`homework:check failed (exit ${check.status ?? check.signal})`)
  }

  const e2eConfig = path.join(ROOT, 'playwright.config.ts')
  if (filters.length === 0 && fs.existsSync(e2eConfig)) {
    log('running the end-to-end suite (Chromium against a production build)…')
    const pw = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--config', e2eConfig], {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    })
    if (pw.status !== 0) throw new SetupError(`the end-to-end suite failed (exit ${pw.status ?? pw.signal})`)
  }
  log(`all suites passed in ${((Date.now() - started) / 60000).toFixed(1)} min`)
}

main().catch(fail)
