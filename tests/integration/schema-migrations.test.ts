import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import path from 'node:path'
import { promisify } from 'node:util'

import pg from 'pg'
import { describe, expect, it } from 'vitest'

import { dropDatabase, ensureDatabase, migrate } from '../../scripts/lib/setup.mjs'
import { databaseUrlFor } from '../support/test-env'

const exec = promisify(execFile)
const prismaCli = path.resolve('node_modules/prisma/build/index.js')

describe('Prisma schema and committed migrations', () => {
  it('migrates an empty database, records every migration, and the migrations agree with schema.prisma', async () => {
    const url = databaseUrlFor(`cpython_course_test_empty_${process.pid}`)
    await dropDatabase(url)
    await ensureDatabase(url)
    try {
      await migrate(url)

      const client = new pg.Client({ connectionString: url })
      await client.connect()
      const { rows } = await client.query('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name')
      const tables = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
      await client.end()

      const dirs = readdirSync('prisma/migrations', { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
      expect(rows.map((r) => r.migration_name)).toEqual(dirs)
      for (const r of rows) {
        const sql = readFileSync(path.join('prisma/migrations', r.migration_name, 'migration.sql'))
        expect(r.checksum).toBe(createHash('sha256').update(sql).digest('hex'))
        expect(r.finished_at).not.toBeNull()
      }
      const names = tables.rows.map((t) => t.table_name)
      for (const model of [
        'User',
        'Lecture',
        'Question',
        'QuizResponse',
        'Submission',
        'GradingRun',
        'TestResult',
        'Extension',
        'ApiToken',
        'Account',
        'Session',
      ]) {
        expect(names).toContain(model)
      }

      // `--exit-code` makes prisma exit 2 when there is a difference, which rejects the promise
      const fromMigrations = await exec(
        process.execPath,
        [prismaCli, 'migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
        {
          env: { ...process.env, DATABASE_URL: url },
        },
      )
      expect(fromMigrations.stdout).toMatch(/empty migration|No difference/i)

      const fromDatabase = await exec(
        process.execPath,
        [prismaCli, 'migrate', 'diff', '--from-config-datasource', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
        {
          env: { ...process.env, DATABASE_URL: url },
        },
      )
      expect(fromDatabase.stdout).toMatch(/empty migration|No difference/i)
    } finally {
      await dropDatabase(url)
    }
  })
})
