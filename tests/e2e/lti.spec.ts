// The course inside an LMS, in Chromium against the production build, with the standards-faithful test platform
// (tests/support/lti-platform.ts) as the LMS on an origin of its own: an instructor registers the platform on
// /instructor/lti, a student's launch lands signed in on the assignment (top level, and from an iframe whose
// cookies are blocked through the new-window fallback), the instructor places items through the deep-linking
// picker, a graded submission's score and then its regrade arrive at the platform through the LTI worker, and a
// roster sync removes a member, who then loses access.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { ROLE, startTestPlatform, type TestPlatform } from '../support/lti-platform'

import { signIn } from './support/auth'
import { ROOT } from './support/environment'
import { expect, test as appTest } from './support/test'

let platform: TestPlatform
let worker: ChildProcess | null = null

// the app's own no-foreign-requests check, with the test LMS's origin allowed (it is the other party of LTI)
// (an override keeps the fixture automatic)
const test = appTest.extend({
  foreignRequests: async ({ context, baseURL }, use) => {
    const allowed = new Set([new URL(baseURL!).origin, new URL(platform.issuer).origin])
    const foreign: string[] = []
    context.on('request', (req) => {
      const url = req.url()
      if (/^(data|blob|about):/.test(url)) return
      if (!allowed.has(new URL(url).origin)) foreign.push(url)
    })
    await use(foreign)
    expect(foreign, 'requests to hosts other than the app and the test LMS').toEqual([])
  },
})

test.describe.configure({ mode: 'serial' })

const student = {
  sub: `e2e-lti-${randomBytes(3).toString('hex')}`,
  name: 'Lena LMS',
  email: `lena-${randomBytes(3).toString('hex')}@uni.example`,
  roles: [ROLE.learner],
}
const leaver = { sub: `e2e-lti-leaver-${randomBytes(3).toString('hex')}`, name: 'Leo Leaver', roles: [ROLE.learner] }
const prof = { sub: `e2e-lti-prof-${randomBytes(3).toString('hex')}`, name: 'Pia Professor', roles: [ROLE.instructor] }

test.beforeAll(async ({ baseURL }) => {
  platform = await startTestPlatform({
    contextId: `e2e-course-${randomBytes(3).toString('hex')}`,
    toolJwks: async () => (await fetch(`${baseURL}/api/lti/jwks`)).json(),
  })
  // the LMS course's members, as its NRPS service lists them (the worker's daily sync reads them at its start)
  platform.members.push({ ...student, status: 'Active' }, { ...leaver, status: 'Active' }, { ...prof, status: 'Active' })
})
test.afterAll(async () => {
  if (worker?.pid) {
    try {
      process.kill(-worker.pid, 'SIGTERM')
    } catch {
      // already gone
    }
  }
  await platform?.close()
})

const tool = (baseURL: string) => ({ loginUrl: `${baseURL}/api/lti/login`, targetLinkUri: `${baseURL}/api/lti/launch` })

test('an instructor registers the LMS on /instructor/lti', async ({ page }) => {
  await signIn(page, 'instructor', '/instructor/lti')
  await expect(page.getByRole('heading', { name: 'LMS (LTI 1.3)' })).toBeVisible()
  const r = platform.registration()
  await page.getByLabel('Name', { exact: true }).fill(r.name)
  await page.getByLabel('Issuer (iss)').fill(r.issuer)
  await page.getByLabel('Client id').fill(r.clientId)
  await page.getByLabel('Deployment ids (comma-separated)').fill(r.deploymentIds.join(', '))
  await page.getByLabel('OIDC authentication URL').fill(r.authLoginUrl)
  await page.getByLabel('Access token URL').fill(r.tokenUrl)
  await page.getByLabel('Public keyset (JWKS) URL').fill(r.jwksUrl)
  await page.getByRole('button', { name: 'Register platform' }).click()
  await expect(page.getByRole('region', { name: 'Register a platform' }).getByRole('status')).toHaveText('Registered Test LMS.')
  await expect(page.getByRole('cell', { name: r.clientId, exact: true })).toBeVisible()
})

test('a student launched from the LMS lands signed in on the assignment', async ({ page, baseURL }) => {
  await page.goto(platform.lmsPage({ user: student, custom: { resource: 'assignment:opcode-counter' } }, tool(baseURL!), 'window'))
  await expect(page).toHaveURL(`${baseURL}/homework/opcode-counter`)
  await expect(page.getByRole('heading', { name: 'Count executed opcodes' }).first()).toBeVisible()
  await expect(page.getByText(student.name).first()).toBeVisible()
})

test('inside an LMS iframe with the cookie refused, the new-window fallback signs the student in', async ({ page, baseURL }) => {
  await page.goto(platform.lmsPage({ user: student, custom: { resource: 'assignment:opcode-counter' } }, tool(baseURL!), 'frame'))
  // the tool's origin is a different site from the LMS's: over http its SameSite=Lax cookie is not kept in the frame
  const frame = page.frameLocator('iframe[name="tool"]')
  const open = frame.getByRole('link', { name: 'Open in a new window' })
  await expect(open).toBeVisible()
  const [popup] = await Promise.all([page.waitForEvent('popup'), open.click()])
  await expect(popup).toHaveURL(`${baseURL}/homework/opcode-counter`)
  await expect(popup.getByText(student.name).first()).toBeVisible()
})

test('the instructor places an assignment through the deep-linking picker', async ({ page, baseURL }) => {
  await page.goto(platform.lmsPage({ user: prof, messageType: 'LtiDeepLinkingRequest' }, tool(baseURL!), 'window'))
  await expect(page.getByRole('heading', { name: 'Add to the LMS course' })).toBeVisible()
  await page
    .getByRole('checkbox', { name: /Opcode/i })
    .first()
    .check()
  await page.getByRole('button', { name: 'Add to the LMS course' }).click()
  await expect(page.getByRole('heading', { name: 'Content added to the course' })).toBeVisible()
  expect(platform.lineItemByResource('assignment:opcode-counter')).toMatchObject({ resourceId: 'assignment:opcode-counter' })
})

test('a graded submission and then its regrade arrive in the LMS gradebook', async ({ db }) => {
  test.setTimeout(120_000)
  const logFile = path.join(ROOT, 'test-results', `e2e-lti-worker-${process.pid}.log`)
  fs.mkdirSync(path.dirname(logFile), { recursive: true })
  const out = fs.openSync(logFile, 'w')
  worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/lti-worker.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      QUEUE_PREFIX: process.env.E2E_QUEUE_PREFIX,
      AUTH_SECRET: process.env.E2E_AUTH_SECRET,
      LTI_SWEEP_INTERVAL_MS: '500',
      LTI_PASSBACK_BACKOFF_MS: '500',
    },
  })
  const { rows: users } = await db.query(`SELECT u."id" FROM "User" u JOIN "LtiUserLink" l ON l."userId" = u."id" WHERE l."sub" = $1`, [student.sub])
  const { rows: assignments } = await db.query(`SELECT "id", "dueAt" FROM "Assignment" WHERE "slug" = 'opcode-counter'`)
  const userId = users[0].id as string
  const a = assignments[0] as { id: string; dueAt: Date }
  const sub = `e2e${randomBytes(8).toString('hex')}`
  const run1 = `e2e${randomBytes(8).toString('hex')}`
  const at = new Date(a.dueAt.getTime() - 3600_000)
  // what the grading worker records for a graded submission (grading itself is tested in workbench.spec.ts)
  await db.query(
    `INSERT INTO "Submission" ("id","userId","assignmentId","number","kind","source","patch","patchSha256","patchBytes","patchFiles","status","createdAt","lateSeconds") VALUES ($1,$2,$3,1,'GRADED','PASTE','x','x',1,'[]','GRADED',$4,0)`,
    [sub, userId, a.id, at],
  )
  await db.query(
    `INSERT INTO "GradingRun" ("id","submissionId","reason","status","createdAt","finishedAt","score","maxScore") VALUES ($1,$2,'INITIAL','DONE',$3,now(),81,100)`,
    [run1, sub, at],
  )
  await db.query(`UPDATE "Submission" SET "currentRunId" = $1 WHERE "id" = $2`, [run1, sub])
  const column = () => platform.lineItemByResource('assignment:opcode-counter')!
  await expect.poll(() => platform.appliedScores(column().id, student.sub).at(-1)?.scoreGiven, { timeout: 60_000 }).toBe(81)
  const run2 = `e2e${randomBytes(8).toString('hex')}`
  await db.query(
    `INSERT INTO "GradingRun" ("id","submissionId","reason","status","createdAt","finishedAt","score","maxScore") VALUES ($1,$2,'REGRADE','DONE',now(),now(),93,100)`,
    [run2, sub],
  )
  await db.query(`UPDATE "Submission" SET "currentRunId" = $1 WHERE "id" = $2`, [run2, sub])
  await expect.poll(() => platform.appliedScores(column().id, student.sub).at(-1)?.scoreGiven, { timeout: 60_000 }).toBe(93)
  expect(platform.appliedScores(column().id, student.sub).map((s) => s.scoreGiven)).toEqual([81, 93])
})

test('a roster sync removes a member who left the LMS course, and they lose access', async ({ browser, page, baseURL }) => {
  const leaverContext = await browser.newContext()
  const leaverPage = await leaverContext.newPage()
  await leaverPage.goto(platform.lmsPage({ user: leaver, custom: { resource: 'assignment:opcode-counter' } }, tool(baseURL!), 'window'))
  await expect(leaverPage).toHaveURL(`${baseURL}/homework/opcode-counter`)
  await expect(leaverPage.getByText(leaver.name).first()).toBeVisible()

  platform.members.splice(
    platform.members.findIndex((m) => m.sub === leaver.sub),
    1,
  ) // the leaver left the LMS course
  await signIn(page, 'instructor', '/instructor/lti')
  await page.getByRole('button', { name: /Sync roster of/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'removed' })).toHaveText(/1 removed/)

  await leaverPage.goto(`${baseURL}/homework/opcode-counter`)
  await expect(leaverPage).toHaveURL(/\/signin/)
  await leaverContext.close()
})
