// setupFiles for the integration project: before a test file's own imports run, give it a fresh database cloned
// from the migrated template and a Redis key prefix of its own, so files never see each other's data.
import { randomBytes } from 'node:crypto'

import pg from 'pg'
import { afterAll, inject } from 'vitest'

import { databaseUrlFor, testServerUrl } from './test-env'

const template = inject('templateDatabase')
const name = `cpython_course_test_${randomBytes(5).toString('hex')}`

const admin = new pg.Client({ connectionString: testServerUrl() })
await admin.connect()
await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
await admin.end()

process.env.DATABASE_URL = databaseUrlFor(name)
process.env.QUEUE_PREFIX = `cpython-course-test-${name.slice(-10)}`

afterAll(async () => {
  const { prisma } = await import('@/lib/db/prisma')
  await prisma.$disconnect().catch(() => {})
  const c = new pg.Client({ connectionString: testServerUrl() })
  await c.connect()
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await c.end()
})
