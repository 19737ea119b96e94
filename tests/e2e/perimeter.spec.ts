// The perimeter as a browser meets it: security headers on every response, a Content-Security-Policy that is
// really enforced, cross-site requests refused for route handlers (M5) and server actions (Next's own Origin check,
// verified here rather than assumed), token lifetimes on the settings page, and "sign out everywhere".
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { freshStudent, signIn } from './support/auth'
import { ROOT } from './support/environment'
import { expect, test } from './support/test'

const SLUG = 'opcode-counter'

/** Another origin on the same site as the app (same host, another port): a sibling page whose requests carry the Lax session cookie. */
function siblingOrigin(baseURL: string): string {
  const u = new URL(baseURL)
  u.port = String(Number(u.port || 80) + 1)
  return u.origin
}

test('every response carries the security headers; HSTS only when the request came over https', async ({ request }) => {
  const res = await request.get('/')
  const h = res.headers()
  expect(h['content-security-policy']).toContain("frame-ancestors 'self'")
  expect(h['content-security-policy']).toContain("object-src 'none'")
  expect(h['content-security-policy']).not.toContain('unsafe-eval')
  expect(h['x-frame-options']).toBe('SAMEORIGIN')
  expect(h['referrer-policy']).toBe('same-origin')
  expect(h['permissions-policy']).toContain('camera=()')
  expect(h['x-content-type-options']).toBe('nosniff')
  expect(h['strict-transport-security']).toBeUndefined()
  const api = await request.get('/api/submissions/x')
  expect(api.headers()['content-security-policy']).toContain("default-src 'self'")
  const overHttps = await request.get('/', { headers: { 'X-Forwarded-Proto': 'https' } })
  expect(overHttps.headers()['strict-transport-security']).toBe('max-age=31536000')
})

test('the policy is enforced: a script from another host and eval are blocked and reported', async ({ page, cspViolations, foreignRequests }) => {
  await page.goto('/')
  await page.evaluate(() => {
    const external = document.createElement('script')
    external.src = 'https://cdn.example.com/evil.js'
    document.head.appendChild(external)
    // eval from the page's own code (a click handler): code run from page.evaluate is exempt from the eval block
    const button = document.createElement('button')
    button.id = 'try-eval'
    button.textContent = 'eval'
    button.setAttribute('onclick', 'try { eval("1") } catch (e) { window.__evalBlocked = true }')
    document.body.appendChild(button)
  })
  await page.click('#try-eval')
  await expect.poll(() => page.evaluate(() => (window as unknown as { __evalBlocked?: boolean }).__evalBlocked === true)).toBe(true)
  await expect.poll(() => cspViolations.filter((v) => v.startsWith('script-src')).length).toBeGreaterThanOrEqual(2)
  expect(cspViolations.some((v) => v.includes('https://cdn.example.com/evil.js'))).toBe(true)
  expect(cspViolations.some((v) => v.includes('eval'))).toBe(true)
  // what this test provoked on purpose; the fixtures check the rest
  cspViolations.length = 0
  foreignRequests.splice(0, foreignRequests.length, ...foreignRequests.filter((u) => !u.startsWith('https://cdn.example.com/')))
})

test('a sibling page’s text/plain form post with the student’s cookie is refused and stores nothing; the app’s own page submits', async ({
  page,
  baseURL,
  db,
  foreignRequests,
}) => {
  await db.query(`UPDATE "Assignment" SET "dueAt" = now() + interval '7 days', "maxSubmissions" = NULL, "submissionsPerHour" = NULL WHERE slug = $1`, [SLUG])
  const who = freshStudent('csrf')
  await signIn(page, who, '/homework')
  const sibling = siblingOrigin(baseURL!)
  const target = `${baseURL}/api/assignments/${SLUG}/submissions`
  await page.route(`${sibling}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>free snacks</title><form method="POST" action="${target}" enctype="text/plain"><input name="diff --git a/x b/x" value="forged"></form><script>document.forms[0].submit()</script>`,
    }),
  )
  const answer = page.waitForResponse((r) => r.url() === target)
  await page.goto(`${sibling}/snacks`)
  const refused = await answer
  // the attack is real: the browser sent the student's session cookie with it
  expect((await refused.request().allHeaders()).cookie).toContain('next-auth.session-token')
  expect(refused.status()).toBe(403)
  expect((await refused.json()).error.code).toBe('cross_site_request')
  const count = () =>
    db
      .query(`SELECT count(*)::int AS n FROM "Submission" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`, [typeof who === 'object' ? who.email : ''])
      .then((r) => r.rows[0].n)
  expect(await count()).toBe(0)
  expect(foreignRequests.every((u) => u.startsWith(sibling))).toBe(true)
  foreignRequests.length = 0

  // the same post from the app's own page goes through
  await page.goto('/homework')
  const patch = readFileSync(path.join(ROOT, 'homework', SLUG, 'solution.diff'), 'utf8')
  const status = await page.evaluate(async ({ url, body }) => (await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body })).status, {
    url: `/api/assignments/${SLUG}/submissions`,
    body: patch,
  })
  expect(status).toBe(202)
  expect(await count()).toBe(1)
})

test('a server action replayed with another origin is refused by Next; replayed from the app it runs', async ({ page, baseURL, db }) => {
  const who = freshStudent('action')
  const email = typeof who === 'object' ? who.email : ''
  await signIn(page, who, '/settings')
  const sent = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']))
  await page.getByLabel('Display name').fill('Original Name')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  const action = await sent
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  const headers = await action.allHeaders()
  const body = action.postData()!
  expect(body).toContain('Original Name')
  const nameNow = async () => (await db.query('SELECT name FROM "User" WHERE email = $1', [email])).rows[0].name
  const replay = (origin: string, name: string) =>
    page.request.post(action.url(), {
      headers: { 'next-action': headers['next-action'], 'content-type': headers['content-type'], accept: 'text/x-component', origin },
      data: body.replace('Original Name', name),
    })
  const forged = await replay(siblingOrigin(baseURL!), 'Forged Name')
  expect(forged.ok()).toBe(false)
  expect(await nameNow()).toBe('Original Name')
  const own = await replay(new URL(baseURL!).origin, 'Replayed Name')
  expect(own.ok()).toBe(true)
  expect(await nameNow()).toBe('Replayed Name')
})

test('tokens show their expiry (180 days unless chosen); “sign out everywhere” ends the sessions on other devices', async ({ page, browser, baseURL, db }) => {
  const who = freshStudent('sessions')
  const email = typeof who === 'object' ? who.email : ''
  await signIn(page, who, '/settings')
  await expect(page.getByLabel('Expires after')).toHaveValue('180')
  await page.getByLabel('New token name').fill('laptop')
  await page.getByRole('button', { name: 'Create token' }).click()
  await expect(page.getByTestId('new-token')).toBeVisible()
  const { rows } = await db.query(
    `SELECT extract(epoch FROM t."expiresAt" - t."createdAt") / 86400 AS days, t.scope FROM "ApiToken" t JOIN "User" u ON u.id = t."userId" WHERE u.email = $1`,
    [email],
  )
  expect(rows).toHaveLength(1)
  expect(Math.round(Number(rows[0].days))).toBe(180)
  expect(rows[0].scope).toBe('SUBMIT')
  await page.getByLabel('Expires after').selectOption('30')
  await page.getByLabel('New token name').fill('lab machine')
  await page.getByRole('button', { name: 'Create token' }).click()
  await expect(page.getByRole('row', { name: /lab machine/ })).toBeVisible()
  const days = await db.query(
    `SELECT round(extract(epoch FROM "expiresAt" - "createdAt") / 86400) AS days FROM "ApiToken" WHERE name = 'lab machine' AND "userId" = (SELECT id FROM "User" WHERE email = $1)`,
    [email],
  )
  expect(Number(days.rows[0].days)).toBe(30)

  // a second device, signed in as the same student
  const phone = await browser.newContext({ baseURL })
  const phonePage = await phone.newPage()
  await signIn(phonePage, who, '/settings')
  await expect(phonePage.getByRole('heading', { name: 'Settings' })).toBeVisible()

  await page.getByRole('button', { name: 'Sign out everywhere' }).click()
  await expect(page).toHaveURL((url) => url.pathname === '/')
  await phonePage.goto('/settings')
  await expect(phonePage).toHaveURL(/\/signin\?callbackUrl=%2Fsettings/)
  const api = await phonePage.request.get('/api/submissions/anything')
  expect(api.status()).toBe(401)
  expect((await db.query('SELECT "sessionEpoch" FROM "User" WHERE email = $1', [email])).rows[0].sessionEpoch).toBe(1)
  // signing in again works
  await signIn(phonePage, who, '/settings')
  await expect(phonePage.getByRole('heading', { name: 'Settings' })).toBeVisible()
  await phone.close()
})
