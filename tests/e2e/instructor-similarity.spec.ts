// The similarity check end to end, in the production build with a similarity worker of its own: an instructor runs
// a check of opcode-counter, sees the copied pair ranked first with the evidence note and the histogram, opens it
// side by side with the shared fragments highlighted, follows a fragment to the source viewer, and downloads the
// CSV. A student gets 403s.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import type pg from 'pg'

import { parseCsv } from '../../lib/csv/csv'
import { alicePatch, bobPatch, carolPatch, loadPristine, OPCODE_FILES } from '../support/similarity-planted'

import { signIn } from './support/auth'
import { expect, test } from './support/test'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const SLUG = 'opcode-counter'

test.describe.configure({ mode: 'serial' })

let worker: ChildProcess | null = null

test.beforeAll(async () => {
  const databaseUrl = process.env.E2E_DATABASE_URL
  const queuePrefix = process.env.E2E_QUEUE_PREFIX
  if (!databaseUrl || !queuePrefix)
    throw new Error(
      'This suite starts a similarity worker on the app’s database and queue: set E2E_DATABASE_URL and E2E_QUEUE_PREFIX (global-setup.ts sets both).',
    )
  const logFile = path.join(ROOT, 'test-results', `e2e-similarity-worker-${process.pid}.log`)
  fs.mkdirSync(path.dirname(logFile), { recursive: true })
  const out = fs.openSync(logFile, 'w')
  worker = spawn(process.execPath, ['--import', 'tsx', 'tests/e2e/support/similarity-worker.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, DATABASE_URL: databaseUrl, QUEUE_PREFIX: queuePrefix, SIMILARITY_RECONCILE_MS: '3000' },
  })
  const deadline = Date.now() + 60_000
  for (;;) {
    const log = fs.readFileSync(logFile, 'utf8')
    if (/similarity worker ready/.test(log)) break
    if (worker.exitCode !== null || Date.now() > deadline)
      throw new Error(`the similarity worker did not start (see ${path.relative(ROOT, logFile)}):\n${log.split('\n').slice(-30).join('\n')}`)
    await new Promise((r) => setTimeout(r, 250))
  }
})

test.afterAll(async () => {
  const w = worker
  if (!w?.pid || w.exitCode !== null) return
  const exited = new Promise((r) => w.once('exit', r))
  process.kill(-w.pid, 'SIGTERM')
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
  if (w.exitCode === null) process.kill(-w.pid, 'SIGKILL')
})

async function seedSubmission(db: pg.Client, name: string, patch: string) {
  const tag = randomBytes(4).toString('hex')
  const id = `e2esim${tag}`
  await db.query(`INSERT INTO "User" (id, email, name, role) VALUES ($1, $2, $3, 'STUDENT')`, [id, `e2e-sim-${tag}@example.edu`, name])
  const a = (await db.query(`SELECT id, "dueAt" FROM "Assignment" WHERE slug = $1`, [SLUG])).rows[0] as { id: string; dueAt: Date }
  const at = new Date(a.dueAt.getTime() - 3600_000)
  await db.query(
    `INSERT INTO "Submission" (id, "userId", "assignmentId", number, kind, source, patch, "patchSha256", "patchBytes", "patchFiles", status, "createdAt", "lateSeconds")
     VALUES ($1, $2, $3, 1, 'GRADED', 'PASTE', $4, 'e2e', $5, '[]', 'GRADED', $6, 0)`,
    [`e2esub${tag}`, id, a.id, patch, patch.length, at],
  )
  await db.query(
    `INSERT INTO "GradingRun" (id, "submissionId", status, "createdAt", "finishedAt", score, "maxScore") VALUES ($1, $2, 'DONE', $3, $3, 90, 100)`,
    [`e2erun${tag}`, `e2esub${tag}`, at],
  )
  await db.query(`UPDATE "Submission" SET "currentRunId" = $1 WHERE id = $2`, [`e2erun${tag}`, `e2esub${tag}`])
}

test('an instructor runs a check, reads the ranked pairs, compares the top pair side by side and exports the CSV', async ({ page, db }) => {
  test.setTimeout(120_000)
  // opcode-counter's deadline has passed, so the worker's reconciler starts a check of its own once two students (of
  // any suite) have submitted. An earlier finished check since the deadline tells it not to; let any check it already
  // started finish, so the button is free for the instructor.
  await db.query(
    `INSERT INTO "SimilarityRun" (id, "assignmentId", trigger, status, "createdAt", "finishedAt") SELECT $1, id, 'INSTRUCTOR', 'DONE', now(), now() FROM "Assignment" WHERE slug = $2`,
    [`e2esimrun${randomBytes(4).toString('hex')}`, SLUG],
  )
  await expect(async () => {
    const busy = await db.query(
      `SELECT 1 FROM "SimilarityRun" r JOIN "Assignment" a ON a.id = r."assignmentId" WHERE a.slug = $1 AND r.status IN ('QUEUED', 'RUNNING')`,
      [SLUG],
    )
    expect(busy.rowCount).toBe(0)
  }).toPass({ timeout: 30_000 })

  const pristine = await loadPristine(OPCODE_FILES)
  const tag = randomBytes(2).toString('hex')
  const [alice, bob, carol] = [`Alice ${tag}`, `Bob ${tag}`, `Carol ${tag}`]
  await seedSubmission(db, alice, alicePatch(pristine))
  await seedSubmission(db, bob, bobPatch(pristine))
  await seedSubmission(db, carol, carolPatch(pristine))

  await signIn(page, 'instructor', '/instructor/similarity')
  await page.getByRole('link', { name: 'Count executed opcodes' }).click()
  await expect(page).toHaveURL(new RegExp(`/instructor/assignments/${SLUG}/similarity$`))
  await expect(page.getByRole('note')).toContainText('Similarity is evidence for a conversation, never a verdict.')
  await page.getByRole('button', { name: 'Run a similarity check now' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Similarity check queued' })).toBeVisible()

  // the worker takes it from the queue; the page shows the results once it has finished
  await expect(async () => {
    await page.reload()
    await expect(page.getByRole('heading', { name: 'Pairs by similarity' })).toBeVisible({ timeout: 1_000 })
    await expect(page.getByRole('heading', { name: 'Pairs by similarity' }).locator('..').getByRole('row').nth(1)).toContainText(alice, { timeout: 1_000 })
  }).toPass({ timeout: 60_000 })
  const top = page.getByRole('heading', { name: 'Pairs by similarity' }).locator('..').getByRole('row').nth(1)
  await expect(top).toContainText(bob)
  await expect(top).toContainText('above threshold')
  await expect(page.getByRole('table', { name: 'Histogram of pair similarity scores' })).toBeVisible()

  await top.getByRole('link', { name: /Compare/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(alice)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(bob)
  await expect(page.locator('#a-f1')).toBeVisible()
  await expect(page.locator('#b-f1')).toBeVisible()
  expect(await page.locator('[data-fragment]').count()).toBeGreaterThan(10)
  const source = page.getByRole('link', { name: '(source)' }).first()
  const href = await source.getAttribute('href')
  expect(href).toMatch(/^\/source\/Python\/(ceval|sysmodule)\.c\?lines=\d+/)
  await source.click()
  await expect(page).toHaveURL(/\/source\/Python\/(ceval|sysmodule)\.c\?lines=\d+/)

  const csv = await page.request.get(`/api/instructor/exports/similarity/${SLUG}`)
  expect(csv.status()).toBe(200)
  const rows = parseCsv(await csv.text())
  const header = rows[0]!
  const first = rows[1]!
  expect(new Set([first[header.indexOf('Student A')], first[header.indexOf('Student B')]])).toEqual(new Set([alice, bob]))
  expect(first[header.indexOf('Flagged')]).toBe('yes')
})

test('students get 403 from the similarity pages and the export', async ({ page }) => {
  await signIn(page, 'student', '/grades')
  for (const p of ['/instructor/similarity', `/instructor/assignments/${SLUG}/similarity`]) {
    const res = await page.goto(p)
    expect(res?.status(), p).toBe(403)
  }
  expect((await page.request.get(`/api/instructor/exports/similarity/${SLUG}`)).status()).toBe(403)
})
