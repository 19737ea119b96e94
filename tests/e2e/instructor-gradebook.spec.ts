// The instructor's course end to end, in the production build: who may open the instructor pages, the gradebook
// (filter, sort, a cell leading to the work), the submission drill-down (hidden tests, the Monaco diff against the
// pristine tree), a manual score the student then sees on "My grades", and the Canvas CSV export.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'

import type pg from 'pg'

import { parseCsv } from '../../lib/csv/csv'

import { signIn } from './support/auth'
import { expect, test } from './support/test'

const SLUG = 'opcode-counter'

/** A student with one graded submission of the assignment's reference solution (78 / 100, a hidden test failed). */
async function seedStudent(db: pg.Client, name: string) {
  const tag = randomBytes(4).toString('hex')
  const email = `e2e-gb-${tag}@example.edu`
  const id = `e2euser${tag}`
  await db.query(`INSERT INTO "User" (id, email, name, role, section) VALUES ($1, $2, $3, 'STUDENT', 'E2E')`, [id, email, name])
  const a = (await db.query(`SELECT id, "dueAt" FROM "Assignment" WHERE slug = $1`, [SLUG])).rows[0] as { id: string; dueAt: Date }
  const patch = readFileSync(path.resolve('homework', SLUG, 'solution.diff'), 'utf8')
  const sub = `e2esub${tag}`
  const run = `e2erun${tag}`
  const at = new Date(a.dueAt.getTime() - 3600_000)
  await db.query(
    `INSERT INTO "Submission" (id, "userId", "assignmentId", number, kind, source, patch, "patchSha256", "patchBytes", "patchFiles", status, "createdAt", "lateSeconds")
     VALUES ($1, $2, $3, 1, 'GRADED', 'PASTE', $4, 'e2e', $5, '[{"path":"Python/ceval.c","added":1,"removed":0,"hunks":1}]', 'GRADED', $6, 0)`,
    [sub, id, a.id, patch, patch.length, at],
  )
  await db.query(
    `INSERT INTO "GradingRun" (id, "submissionId", reason, status, phase, "createdAt", "startedAt", "finishedAt", score, "maxScore", "buildOk", "patchApplied", "buildLog", "cpythonVersion", "cpythonVerified")
     VALUES ($1, $2, 'INITIAL', 'DONE', 'done', $3, $3, $3, 78, 100, true, true, 'E2E-BUILD-LOG', '2.7.8', true)`,
    [run, sub, at],
  )
  await db.query(
    `INSERT INTO "TestResult" (id, "runId", position, name, visibility, status, points, "maxPoints", "durationMs", diff)
     VALUES ($1, $2, 0, 'e2e_public_case', 'PUBLIC', 'PASSED', 78, 78, 20, NULL), ($3, $2, 1, 'e2e_hidden_case', 'HIDDEN', 'FAILED', 0, 22, 30, 'E2E-HIDDEN-DIFF')`,
    [`e2etr1${tag}`, run, `e2etr2${tag}`],
  )
  await db.query(`UPDATE "Submission" SET "currentRunId" = $1 WHERE id = $2`, [run, sub])
  return { id, email, name, submissionId: sub }
}

test.describe('who may open the instructor pages', () => {
  test('anonymous visitors are sent to sign in; students get 403 pages and 403 from the exports', async ({ page, request, db }) => {
    const other = await seedStudent(db, 'Somebody Else')
    await page.goto('/instructor/gradebook')
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finstructor%2Fgradebook/)
    expect((await request.get('/api/instructor/exports/gradebook')).status()).toBe(401)

    await signIn(page, 'student', '/grades')
    for (const p of [
      '/instructor/gradebook',
      '/instructor/assignments',
      `/instructor/assignments/${SLUG}`,
      '/instructor/students',
      '/instructor/quizzes',
      '/instructor/content',
    ]) {
      const res = await page.goto(p)
      expect(res?.status(), p).toBe(403)
      await expect(page.getByRole('heading', { name: /403/ })).toBeVisible()
    }
    expect((await page.request.get('/api/instructor/exports/gradebook')).status()).toBe(403)
    expect((await page.request.get(`/api/instructor/exports/assignments/${SLUG}`)).status()).toBe(403)
    expect((await page.request.get(`/api/instructor/submissions/${other.submissionId}/files`)).status()).toBe(403)
    // another student's submission by id: 404, not 403, so ids cannot be probed
    expect((await page.goto(`/submissions/${other.submissionId}`))?.status()).toBe(404)
    expect((await page.request.get(`/api/submissions/${other.submissionId}`)).status()).toBe(404)
  })
})

test.describe('the instructor’s gradebook', () => {
  test('filter and sort, a cell leads to the drill-down with hidden tests and the diff; a manual score reaches the student', async ({ page, browser, db }) => {
    const name = `Zoë O’Brien-${randomBytes(2).toString('hex')}, Jr.`
    const s = await seedStudent(db, name)
    await signIn(page, 'instructor', '/instructor/gradebook')
    const table = page.getByTestId('gradebook')
    await expect(table).toBeVisible()
    await page.getByLabel('Find a student').fill(name.slice(0, 12))
    await expect(page.getByRole('status').filter({ hasText: /of \d+ students/ })).toBeVisible()
    const row = table.getByRole('row').filter({ hasText: name })
    await expect(row).toHaveCount(1)
    // the header stays in view while the table scrolls
    expect(
      await table
        .locator('thead th')
        .first()
        .evaluate((th) => getComputedStyle(th).position),
    ).toBe('sticky')
    // sort by the total, both ways
    await table.getByRole('button', { name: /^Total/ }).click()
    await expect(table.locator('thead th[aria-sort="descending"]')).toHaveCount(1)

    await row.getByRole('link', { name: '78', exact: true }).click() // exact: the random name can contain "78"
    await expect(page).toHaveURL(new RegExp(`/instructor/submissions/${s.submissionId}$`))
    await expect(page.getByText('e2e_hidden_case')).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Changes against the pristine tree' })).toBeVisible()
    await expect(page.locator('.monaco-diff-editor')).toBeVisible({ timeout: 30_000 })
    await expect(page.getByRole('tab', { name: /Python\/ceval\.c/ })).toBeVisible()

    await page.getByLabel(/^Score \(0 to 100\)/).fill('91')
    await page.getByLabel(/^Comment/).fill('E2E-OVERRIDE: hidden test was wrong')
    await page.getByRole('button', { name: 'Save score' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Saved: 91 / 100.' })).toBeVisible()
    const stored = await db.query(`SELECT score, comment FROM "ScoreOverride" WHERE "userId" = $1`, [s.id])
    expect(stored.rows).toEqual([{ score: 91, comment: 'E2E-OVERRIDE: hidden test was wrong' }])

    // the export round-trips through the CSV parser with the student's awkward name intact
    const csv = await page.request.get('/api/instructor/exports/gradebook')
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8')
    const rows = parseCsv(await csv.text())
    const exported = rows.find((r) => r[3] === s.email)!
    expect(exported[0]).toBe(name)
    expect(exported).toContain('91')

    // the student sees the new score and why, and never the hidden test's output
    const context = await browser.newContext()
    const student = await context.newPage()
    await signIn(student, { email: s.email, role: 'STUDENT' }, '/grades')
    await expect(student.getByText('An instructor set the score to 91 / 100: “E2E-OVERRIDE: hidden test was wrong”')).toBeVisible()
    await student.goto(`/submissions/${s.submissionId}`)
    await expect(student.getByText('E2E-HIDDEN-DIFF')).toHaveCount(0)
    expect((await student.goto(`/instructor/submissions/${s.submissionId}`))?.status()).toBe(403)
    await context.close()
  })
})
