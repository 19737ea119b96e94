// Runs once before the integration suites: checks that the real services are there (failing loudly, never
// skipping) and migrates a template database that each test file clones (CREATE DATABASE … TEMPLATE …).
import type { TestProject } from 'vitest/node'

import { ensureDatabase, migrate, postgresReachable, redisPing, dropDatabase } from '../../scripts/lib/setup.mjs'

import { TEMPLATE_DATABASE_URL, testServerUrl } from './test-env'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

export default async function setup(project: TestProject) {
  const server = testServerUrl()
  if (!(await postgresReachable(server))) {
    throw new Error(`Integration tests need PostgreSQL at ${server} (set TEST_DATABASE_URL). Start it, e.g.: pg_ctlcluster 15 main start`)
  }
  const redis = process.env.REDIS_URL || 'redis://127.0.0.1:6379'
  if (!(await redisPing(redis))) {
    throw new Error(`Integration tests need Redis at ${redis}. Start it, e.g.: redis-server --daemonize yes`)
  }
  await dropDatabase(TEMPLATE_DATABASE_URL())
  await ensureDatabase(TEMPLATE_DATABASE_URL())
  await migrate(TEMPLATE_DATABASE_URL())
  project.provide('templateDatabase', new URL(TEMPLATE_DATABASE_URL()).pathname.slice(1))
  return async () => {
    await dropDatabase(TEMPLATE_DATABASE_URL()).catch(() => {})
  }
}
