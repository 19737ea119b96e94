// The workbench end to end, with a real grading worker (started here, on the app's queue and database, grading
// with the real grader image in Docker): edit ceval.c in Monaco, see the diff, run the public tests, submit,
// reload and find the draft; a compile error from a run becomes an editor marker on its line.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import type { Page } from '@playwright/test'

import { testGraderImage } from '../integration/grading/grader-image'

import { freshStudent, signIn } from './support/auth'
import { ROOT } from './support/environment'
import { expect, test } from './support/test'

const SLUG = 'opcode-counter'
const WORKBENCH = `/homework/${SLUG}/workbench`
const SOLUTION = path.join(ROOT, 'homework', SLUG, 'solution.diff')
// building ceval.c and running the tests takes seconds; queueing behind other work and a cold image can take more
const RUN_TIMEOUT = 240_000

// one worker process for the whole file (beforeAll runs once per Playwright worker)
test.describe.configure({ mode: 'serial' })

let worker: ChildProcess | null = null

test.beforeAll(async () => {
  test.setTimeout(900_000)
  const databaseUrl = process.env.E2E_DATABASE_URL
  const queuePrefix = process.env.E2E_QUEUE_PREFIX
  if (!databaseUrl || !queuePrefix) {
    throw new Error(
      'The workbench suite starts a grading worker on the app’s database and queue: set E2E_DATABASE_URL and E2E_QUEUE_PREFIX (global-setup.ts sets both).',
    )
  }
  const image = await testGraderImage()
  const logFile = path.join(ROOT, 'test-results', `e2e-workbench-worker-${process.pid}.log`)
  fs.mkdirSync(path.dirname(logFile), { recursive: true })
  const out = fs.openSync(logFile, 'w')
  worker = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: queuePrefix,
      GRADER_IMAGE: image.tag,
      CPYTHON_VERSION: image.version,
      GRADER_CONCURRENCY: '2',
      RECONCILE_INTERVAL_MS: '5000',
    },
  })
  const deadline = Date.now() + 120_000
  for (;;) {
    const log = fs.readFileSync(logFile, 'utf8')
    if (/ready: concurrency/.test(log)) break
    if (worker.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the grading worker did not start (see ${path.relative(ROOT, logFile)}):\n${log.split('\n').slice(-30).join('\n')}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
})

test.afterAll(async () => {
  const w = worker
  if (!w?.pid || w.exitCode !== null) return
  const exited = new Promise((r) => w.once('exit', r))
  process.kill(-w.pid, 'SIGTERM')
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))])
  if (w.exitCode === null) process.kill(-w.pid, 'SIGKILL')
})

/** The Monaco editor of the workbench, with the active file loaded. */
async function editorReady(page: Page, file: string) {
  await expect(page.getByRole('tab', { name: new RegExp(file.split('/').pop()!.replace('.', '\\.')) })).toHaveAttribute('aria-selected', 'true')
  const lines = page.getByTestId('code-editor').locator('.view-lines')
  await expect(lines).toBeVisible({ timeout: 30_000 })
  return lines
}

/** Put the cursor at the start of `line` with the keyboard, as a student would. */
async function goToLine(page: Page, line: number) {
  await page.getByTestId('code-editor').locator('.view-lines').click()
  await page.keyboard.press('Control+Home')
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Home')
  await expect(page.getByTestId('cursor-position')).toHaveText(`Ln ${line}, Col 1`)
}

test('edit a file, see the diff, run the public tests, submit, and find the draft after a reload', async ({ page, db }) => {
  test.setTimeout(3 * RUN_TIMEOUT)
  const student = freshStudent('workbench')
  await signIn(page, student, `/homework/${SLUG}`)
  await page.getByRole('link', { name: 'Open the workbench' }).click()
  await expect(page).toHaveURL(new RegExp(`${WORKBENCH}$`))
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Workbench: Count executed opcodes')
  const lines = await editorReady(page, 'Python/ceval.c')
  await expect(lines).toContainText('Execute compiled code')

  // load the reference solution as a .diff (the draft is empty, so nothing to confirm)…
  await page.getByTestId('upload-diff').setInputFiles(SOLUTION)
  await expect(page.getByText('Loaded solution.diff: 2 files changed.')).toBeVisible()
  await expect(page.getByRole('button', { name: /Python\/sysmodule\.c.*changed/ })).toBeVisible()

  // …then edit ceval.c by typing: line 1 of the pristine file is empty
  await page.getByRole('tab', { name: /ceval\.c/ }).click()
  await goToLine(page, 1)
  await page.keyboard.type('/* edited in the browser */')
  await page.keyboard.press('Escape')
  await expect(lines).toContainText('edited in the browser')
  await expect(page.getByTestId('save-state')).toHaveText(/All changes saved/, { timeout: 15_000 })

  // the live diff, as text and in Monaco's diff view
  await page.getByRole('button', { name: 'Diff text' }).click()
  await expect
    .poll(() => patchTextContent(page))
    .toContain('--- a/Python/ceval.c\n+++ b/Python/ceval.c\n@@ -1,4 +1,4 @@\n-\n+/* edited in the browser */\n /* Execute compiled code */\n')
  const shown = (await patchTextContent(page)) ?? ''
  expect(shown).toContain('\n+Py_ssize_t _Py_OpcodeCounts[256];\n')
  expect(shown).toContain('\n+++ b/Python/sysmodule.c\n')
  await page.getByRole('button', { name: 'Compare with pristine' }).click()
  const diffEditor = page.getByTestId('diff-editor')
  await expect(diffEditor.locator('.monaco-diff-editor')).toBeVisible()
  await expect(diffEditor.locator('.modified-in-monaco-diff-editor .view-lines')).toContainText('edited in the browser')
  await expect(diffEditor.locator('.line-insert, .char-insert').first()).toBeAttached()

  // the downloaded .diff is exactly the text shown
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .diff' }).click()])
  expect(download.suggestedFilename()).toBe(`${SLUG}.diff`)
  expect(fs.readFileSync((await download.path())!, 'utf8')).toBe(shown)

  // Run public tests: a practice run, followed live, with the public tests' results
  await page.getByRole('button', { name: 'Run public tests' }).click()
  const practice = page.getByTestId('practice-run')
  await expect(practice).toBeVisible()
  await expect(practice.getByTestId('run-result')).toContainText('2 of 2 public tests passed', { timeout: RUN_TIMEOUT })
  await expect(practice.getByRole('list', { name: 'Public tests' })).toContainText('count_binary_add')

  // Submit: a graded submission through the same pipeline
  await page.getByRole('button', { name: 'Submit…' }).click()
  await page.getByRole('button', { name: 'Submit for grading' }).click()
  const graded = page.getByTestId('submission-run')
  await expect(graded).toContainText('Submission #1')
  await expect(graded.getByTestId('run-result')).toContainText('Score:', { timeout: RUN_TIMEOUT })

  const rows = await db.query<{ kind: string; source: string; number: number | null; status: string; patch: string }>(
    `SELECT s.kind, s.source, s.number, s.status, s.patch FROM "Submission" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1 ORDER BY s."createdAt"`,
    [typeof student === 'object' ? student.email : ''],
  )
  expect(rows.rows.map((r) => [r.kind, r.source, r.number, r.status])).toEqual([
    ['PRACTICE', 'WORKBENCH', null, 'GRADED'],
    ['GRADED', 'WORKBENCH', 1, 'GRADED'],
  ])
  // what was graded is byte for byte the diff the student saw
  expect(rows.rows[1]!.patch).toBe(shown)

  // a reload (or another device) finds the draft as it was
  await page.reload()
  const again = await editorReady(page, 'Python/ceval.c')
  await expect(again).toContainText('edited in the browser')
  await page.getByRole('button', { name: 'Diff text' }).click()
  await expect.poll(() => patchTextContent(page)).toBe(shown)
})

test('a compile error from a run shows as a marker on its line in the editor', async ({ page }) => {
  test.setTimeout(2 * RUN_TIMEOUT)
  await signIn(page, freshStudent('workbench-error'), WORKBENCH)
  const lines = await editorReady(page, 'Python/ceval.c')
  await expect(lines).toContainText('Execute compiled code')
  // line 11 of ceval.c is empty in every 2.7 release; a preprocessor error there stops the build on that line
  await goToLine(page, 11)
  await page.keyboard.type('#error e2e marker')
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: 'Run public tests' }).click()
  const practice = page.getByTestId('practice-run')
  await expect(practice.getByTestId('run-result')).toContainText('The build failed', { timeout: RUN_TIMEOUT })
  const errors = practice.getByRole('list', { name: 'Compiler errors' })
  await expect(errors).toContainText('Python/ceval.c:11')
  await expect(errors).toContainText('e2e marker')

  // the marker: a squiggle in the editor, and F8 (next problem) lands on line 11 with the compiler's message
  const editor = page.getByTestId('code-editor')
  await expect(editor.locator('.squiggly-error').first()).toBeVisible()
  await goToLine(page, 1)
  await page.keyboard.press('F8')
  await expect(page.getByTestId('cursor-position')).toHaveText(/^Ln 11, /)
  await expect(editor.locator('.marker-widget')).toContainText('e2e marker')

  // the list of errors leads to the same place
  await page.keyboard.press('Escape')
  await goToLine(page, 1)
  await errors.getByRole('button', { name: /Python\/ceval\.c:11/ }).click()
  await expect(page.getByTestId('cursor-position')).toHaveText(/^Ln 11, /)
})

test('two devices: a save that replaces a version saved elsewhere says so and offers it back; a .diff that does not apply is refused', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const student = freshStudent('workbench-devices')
  const laptop = await browser.newContext({ baseURL })
  const desktop = await browser.newContext({ baseURL })
  try {
    const a = await laptop.newPage()
    const b = await desktop.newPage()
    await signIn(a, student, WORKBENCH)
    await signIn(b, student, WORKBENCH)
    await editorReady(a, 'Python/ceval.c')
    await editorReady(b, 'Python/ceval.c')

    // the desktop cannot reach the server while the student types: the edit is kept and the failure is shown
    const drafts = '**/api/workbench/*/draft'
    await desktop.route(drafts, (route) => route.abort('internetdisconnected'))
    await goToLine(b, 1)
    await b.keyboard.type('/* typed on the desktop */')
    await b.keyboard.press('Escape')
    await expect(b.getByTestId('save-state')).toHaveText(/^Not saved: Python\/ceval\.c: .*Retrying in \d+ s\./, { timeout: 15_000 })

    // meanwhile the laptop saves its own version (waiting for the save itself: the state reads "saved" before the
    // debounced save has even started)
    const laptopSaved = a.waitForResponse((r) => /\/api\/workbench\/[^/]+\/draft/.test(r.url()) && r.request().method() === 'PUT' && r.ok(), {
      timeout: 15_000,
    })
    await goToLine(a, 1)
    await a.keyboard.type('/* typed on the laptop */')
    await a.keyboard.press('Escape')
    await laptopSaved
    await expect(a.getByTestId('save-state')).toHaveText(/All changes saved/, { timeout: 15_000 })

    // back online: the desktop's retry wins (last write), and it says what it replaced, with a way back
    await desktop.unroute(drafts)
    await expect(b.getByTestId('save-state')).toHaveText(/All changes saved/, { timeout: 45_000 })
    const notice = b.getByRole('alert').filter({ hasText: 'had also been changed elsewhere' })
    await expect(notice).toContainText('Python/ceval.c had also been changed elsewhere')
    await notice.getByRole('button', { name: 'Restore that version' }).click()
    const lines = b.getByTestId('code-editor').locator('.view-lines')
    await expect(lines).toContainText('typed on the laptop')
    await expect(lines).not.toContainText('typed on the desktop')
    await expect(b.getByTestId('save-state')).toHaveText(/All changes saved/, { timeout: 15_000 })

    // a .diff whose second hunk does not match the pristine file: refused, naming the hunk; the draft stays
    const broken = fs
      .readFileSync(SOLUTION, 'utf8')
      .replace(' #define EXT_POP(STACK_POINTER) (*--(STACK_POINTER))\n', ' #define EXT_POP(STACK_POINTER) (*--(STACK_POINTR))\n')
    await b.getByTestId('upload-diff').setInputFiles({ name: 'broken.diff', mimeType: 'text/x-diff', buffer: Buffer.from(broken) })
    await b.getByRole('button', { name: 'Replace my draft' }).click()
    const error = b.getByTestId('workbench-error')
    await expect(error).toContainText(/broken\.diff: hunk 2 \(@@ -\d+,\d+ \+\d+,\d+ @@, patch line \d+\) does not apply to Python\/ceval\.c/)
    await expect(error).toContainText('your draft is unchanged')
    await expect(lines).toContainText('typed on the laptop')
  } finally {
    await laptop.close()
    await desktop.close()
  }
})

async function patchTextContent(page: Page): Promise<string | null> {
  return page.getByTestId('patch-text').evaluate((el) => el.textContent)
}
