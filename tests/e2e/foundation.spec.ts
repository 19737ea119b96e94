// The platform's skeleton as a user meets it: the course home, navigation by role, 401/403 for the wrong caller,
// personal API tokens for submitting from a terminal, the health endpoint, and the development sign-in refused in
// production.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { expect } from '@playwright/test'

import { freshStudent, signIn } from './support/auth'
import { freePort, ROOT } from './support/environment'
import { test } from './support/test'

const NAV = { student: ['Lectures', 'Homework', 'My grades'], staff: ['Gradebook', 'Students', 'Content status'] }
const SLUG = 'opcode-counter'

test('the home page lists the nine lectures and the homework to an anonymous visitor', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('CPython internals')
  // the e2e database also holds the player's fixture lectures; the nine real ones must all be listed
  const titles = await page.getByRole('list', { name: 'Lectures' }).getByRole('link').allTextContents()
  for (let n = 1; n <= 9; n++) expect(titles.some((t) => t.startsWith(`${n}. `))).toBe(true)
  await expect(page.getByRole('list', { name: 'Homework assignments' }).getByRole('link', { name: 'Count executed opcodes' })).toBeVisible()
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveCount(0)
})

test('a student sees the student navigation and gets 403 from staff pages and routes', async ({ page }) => {
  await signIn(page, freshStudent('nav'), '/')
  const nav = page.getByRole('navigation', { name: 'Main' })
  for (const name of NAV.student) await expect(nav.getByRole('link', { name })).toBeVisible()
  for (const name of NAV.staff) await expect(nav.getByRole('link', { name })).toHaveCount(0)

  const gradebook = await page.goto('/instructor/gradebook')
  expect(gradebook?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: /403/ })).toBeVisible()
  const exportCsv = await page.request.get('/api/instructor/exports/gradebook')
  expect(exportCsv.status()).toBe(403)
  expect((await exportCsv.json()).error.code).toBe('forbidden')
})

test('an instructor sees the staff navigation and the gradebook', async ({ page }) => {
  await signIn(page, 'instructor', '/')
  const nav = page.getByRole('navigation', { name: 'Main' })
  for (const name of [...NAV.student, ...NAV.staff]) await expect(nav.getByRole('link', { name })).toBeVisible()
  await nav.getByRole('link', { name: 'Gradebook' }).click()
  await expect(page).toHaveURL(/\/instructor\/gradebook/)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Gradebook/i)
})

test('an anonymous caller gets 401 from the API and is sent to sign in by pages', async ({ page, request }) => {
  const api = await request.get('/api/submissions/does-not-matter')
  expect(api.status()).toBe(401)
  expect((await api.json()).error.code).toBe('unauthorized')
  const post = await request.post(`/api/assignments/${SLUG}/submissions`, { data: 'x' })
  expect(post.status()).toBe(401)
  await page.goto('/instructor/gradebook')
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/)
})

test('a personal API token submits from a terminal, sees only its own work, and stops working when revoked', async ({ page, playwright, baseURL, db }) => {
  await db.query(`UPDATE "Assignment" SET "dueAt" = now() + interval '7 days', "maxSubmissions" = NULL, "submissionsPerHour" = NULL WHERE slug = $1`, [SLUG])
  await signIn(page, freshStudent('token'), '/settings')
  await page.getByLabel('New token name').fill('laptop')
  await page.getByRole('button', { name: 'Create token' }).click()
  const token = (await page.getByTestId('new-token').textContent())!.trim()
  expect(token).toMatch(/^cpc_/)
  // shown once: after a reload only its prefix remains
  await page.reload()
  await expect(page.getByTestId('new-token')).toHaveCount(0)
  await expect(page.getByRole('cell', { name: 'laptop', exact: true })).toBeVisible()
  expect((await db.query('SELECT "tokenHash" FROM "ApiToken" WHERE name = $1', ['laptop'])).rows.every((r) => r.tokenHash !== token)).toBe(true)

  const terminal = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } })
  const evil = await terminal.post(`/api/assignments/${SLUG}/submissions`, { data: 'diff --git a/../x b/../x\n--- a/../x\n+++ b/../x\n@@ -1 +1 @@\n-a\n+b\n' })
  expect(evil.status()).toBe(422)
  expect((await evil.json()).error.message).toMatch(/line \d+: .*\.\.\/x/)

  const patch = readFileSync(path.join(ROOT, 'homework', SLUG, 'solution.diff'))
  const accepted = await terminal.post(`/api/assignments/${SLUG}/submissions`, { data: patch, headers: { 'Content-Type': 'text/x-diff' } })
  expect(accepted.status()).toBe(202)
  const { id, url } = await accepted.json()
  expect(url).toBe(`${baseURL}/submissions/${id}`)
  const status = await terminal.get(`/api/submissions/${id}`)
  expect(status.status()).toBe(200)
  expect(await status.json()).toMatchObject({ id, number: 1, kind: 'GRADED', assignment: { slug: SLUG } })

  // another student asking for this submission by id gets 404
  await signIn(page, freshStudent('other'), '/')
  const foreign = await page.request.get(`/api/submissions/${id}`)
  expect(foreign.status()).toBe(404)
  expect((await page.goto(`/submissions/${id}`))?.status()).toBe(404)

  await db.query('UPDATE "ApiToken" SET "revokedAt" = now() WHERE name = $1', ['laptop'])
  const revoked = await terminal.get(`/api/submissions/${id}`)
  expect(revoked.status()).toBe(401)
  expect((await revoked.json()).error.code).toBe('invalid_token')
  await terminal.dispose()
})

test('/api/health tells an anonymous caller only that the platform is up (details are for staff)', async ({ request }) => {
  // the database, Redis, worker and queue details staff get are checked in tests/integration/health.test.ts
  const res = await request.get('/api/health')
  expect(await res.json()).toEqual({ status: 'up' })
  expect(res.status()).toBe(200)
})

test('the development sign-in is refused when the app runs in production', async ({ browser }) => {
  // a second server from the same build, started the way a production deployment starts it
  const port = await freePort()
  const server = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port)], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ENV: '',
      AUTH_DEV_LOGIN: '1',
      AUTH_SECRET: 'x'.repeat(32),
      NEXTAUTH_URL: `http://localhost:${port}`,
      E2E_BASE_URL: '',
    },
  })
  try {
    const base = `http://localhost:${port}`
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${base}/signin`).then(
        () => true,
        () => false,
      )
      if (up) break
      await new Promise((r) => setTimeout(r, 200))
    }
    const page = await browser.newPage()
    await page.goto(`${base}/signin`)
    await expect(page.getByRole('button', { name: /Student \(/ })).toHaveCount(0)
    await expect(page.getByText('No sign-in method is configured')).toBeVisible()
    // and the credentials endpoint itself does not know the provider
    const csrf = await (await page.request.get(`${base}/api/auth/csrf`)).json()
    const attempt = await page.request.post(`${base}/api/auth/callback/dev`, {
      form: { csrfToken: csrf.csrfToken, email: 'x@example.edu', role: 'INSTRUCTOR', json: 'true' },
    })
    const session = await (await page.request.get(`${base}/api/auth/session`)).json()
    expect(session?.user ?? null).toBeNull()
    expect(attempt.url()).not.toContain('/instructor')
    await page.close()
  } finally {
    server.kill('SIGTERM')
  }
})
