import fs from 'node:fs'
import path from 'node:path'

import { parse } from 'yaml'

import { freshStudent, signIn } from './support/auth'
import { ROOT } from './support/environment'
import { expect, test } from './support/test'

// Answer keys and explanations must never reach the browser before an answer: not in any script the build
// emits, not in any lecture page's HTML (which also carries the React Server Components payload). The
// needles are distinctive pieces of every explanation and every expected output in the quiz files.

type QuizFile = {
  title: string
  summary?: string
  chapters: { title: string; sources?: string[] }[]
  questions: { id: string; type: string; prompt: string; explanation: string; code?: string; choices?: { text: string }[]; answer: unknown }[]
}

function quizFiles(): QuizFile[] {
  const dirs = [path.join(ROOT, 'quizzes'), path.join(ROOT, 'tests', 'e2e', 'fixtures', 'quizzes')]
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => parse(fs.readFileSync(path.join(dir, f), 'utf8')) as QuizFile)
      .map((f) => ({ ...f, questions: f.questions ?? [] })),
  )
}

/** Pieces of secret text that cannot occur in anything a page legitimately shows. */
function secretNeedles(): { needle: string; what: string }[] {
  const files = quizFiles()
  const publicText = files
    .flatMap((f) => [
      f.title,
      f.summary ?? '',
      ...f.chapters.flatMap((c) => [c.title, ...(c.sources ?? [])]),
      ...f.questions.flatMap((q) => [q.prompt, q.code ?? '', ...(q.choices ?? []).map((c) => c.text)]),
    ])
    .join('\n')
    .replace(/\s+/g, ' ')
  const needles: { needle: string; what: string }[] = []
  for (const f of files) {
    for (const q of f.questions) {
      // runs of plain words: they survive Markdown rendering, HTML escaping and JSON encoding unchanged
      const runs = q.explanation
        .split(/[`*_[\]()<>&"'\\|#{}]|\s-\s/)
        .map((s) => s.replace(/\s+/g, ' ').trim())
        .filter((s) => s.length >= 14 && s.includes(' ') && !publicText.includes(s))
        .sort((a, b) => b.length - a.length)
        .slice(0, 2)
      for (const r of runs) needles.push({ needle: r, what: `explanation of ${q.id}` })
      if (q.type === 'output') {
        const expected = (q.answer as { expected: string }).expected.replace(/\n+$/, '')
        for (const line of expected.split('\n')) {
          if (line.length >= 10 && !publicText.includes(line)) needles.push({ needle: line, what: `expected output of ${q.id}` })
        }
        if (expected.includes('\n')) needles.push({ needle: JSON.stringify(expected).slice(1, -1), what: `expected output of ${q.id} (JSON)` })
      }
      if (q.type === 'text') {
        for (const a of (q.answer as { accepted?: string[] }).accepted ?? []) {
          if (a.length >= 6 && !publicText.includes(a)) needles.push({ needle: a, what: `accepted answer of ${q.id}` })
        }
      }
    }
  }
  return needles
}

function findLeaks(text: string, needles: { needle: string; what: string }[]): string[] {
  return needles.filter((n) => text.includes(n.needle)).map((n) => `${n.what}: "${n.needle.slice(0, 60)}"`)
}

function filesUnder(dir: string, accept: (f: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter(accept)
}

test.describe('answer keys stay on the server', () => {
  const needles = secretNeedles()

  test('the needles cover every question', () => {
    const questions = quizFiles().flatMap((f) => f.questions)
    expect(questions.length).toBeGreaterThanOrEqual(50)
    const covered = new Set(needles.filter((n) => n.what.startsWith('explanation')).map((n) => n.what))
    // every explanation yields at least one distinctive piece
    expect(covered.size).toBe(questions.length)
    expect(needles.filter((n) => n.what.startsWith('expected output')).length).toBeGreaterThanOrEqual(10)
  })

  test('no emitted browser script or prerendered page contains a key or an explanation', () => {
    const nextDir = process.env.E2E_NEXT_DIR || path.join(ROOT, '.next')
    const browserFiles = filesUnder(path.join(nextDir, 'static'), () => true)
    // anything Next prerendered at build time is sent as is
    const prerendered = filesUnder(path.join(nextDir, 'server', 'app'), (f) => /\.(html|rsc|body|meta|json)$/.test(f))
    expect(browserFiles.filter((f) => f.endsWith('.js')).length, `no scripts under ${nextDir}/static: build the app first`).toBeGreaterThan(10)
    const leaks: string[] = []
    for (const file of [...browserFiles, ...prerendered]) {
      const text = fs.readFileSync(file, 'latin1')
      for (const leak of findLeaks(text, needles)) leaks.push(`${path.relative(nextDir, file)}: ${leak}`)
    }
    expect(leaks).toEqual([])
  })

  test('no lecture page carries a key or an explanation, for students or staff', async ({ page, db }) => {
    const { rows } = await db.query<{ slug: string }>('SELECT slug FROM "Lecture" ORDER BY number')
    expect(rows.length).toBeGreaterThanOrEqual(10)
    for (const who of [freshStudent('keys'), 'instructor'] as const) {
      await signIn(page, who, '/lectures')
      for (const path of ['/', '/lectures', ...rows.map((r) => `/lectures/${r.slug}`)]) {
        const res = await page.request.get(path)
        expect(res.status(), path).toBe(200)
        const html = await res.text()
        expect(findLeaks(html, needles), `${path} as ${typeof who === 'string' ? who : who.email}`).toEqual([])
        for (const field of ['answerKey', 'explanationHtml', '"explanation"', '"expected"', '"accepted"'])
          expect(html, `${path}: ${field}`).not.toContain(field)
      }
    }
  })

  test('a question’s key arrives with the answer that finishes it, and not before', async ({ page }) => {
    await signIn(page, freshStudent('api'), '/lectures')
    const early = await page.request.get('/api/questions/e2e-q2-numeric/result')
    expect(early.status()).toBe(409)
    expect(await early.text()).not.toContain('E2E-EXPLANATION-NUMERIC')
    const wrong = await page.request.post('/api/questions/e2e-q2-numeric/answers', { data: { answer: { value: 4 } } })
    expect(wrong.status()).toBe(201)
    const wrongBody = await wrong.json()
    expect(wrongBody).toMatchObject({ correct: false, attemptsLeft: 1, reveal: null })
    expect(JSON.stringify(wrongBody)).not.toContain('E2E-EXPLANATION-NUMERIC')
    const right = await page.request.post('/api/questions/e2e-q2-numeric/answers', { data: { answer: { value: '3' } } })
    const rightBody = await right.json()
    expect(rightBody).toMatchObject({ correct: true, reveal: { key: { type: 'numeric', value: 3 } } })
    expect(rightBody.reveal.explanationHtml).toContain('E2E-EXPLANATION-NUMERIC')
  })
})

// Hidden tests reach students only as a count and points: never a name, on any homework page.
test.describe('hidden tests', () => {
  test('no homework page shows a student a hidden test name; staff see the submission pages in full elsewhere', async ({ page }) => {
    await signIn(page, freshStudent('hidden-tests'), '/homework')
    const homework = path.join(ROOT, 'homework')
    for (const slug of fs.readdirSync(homework).filter((d) => fs.existsSync(path.join(homework, d, 'assignment.yaml')))) {
      const manifest = parse(fs.readFileSync(path.join(homework, slug, 'assignment.yaml'), 'utf8')) as {
        tests?: { name: string; visibility: string; points: number }[]
      }
      const tests = manifest.tests ?? []
      const response = await page.goto(`/homework/${slug}`)
      expect(response?.status(), slug).toBe(200)
      const html = await page.content()
      // a name as the page shows test names: a code element of exactly that name (CPython's own identifiers, such
      // as unicodeobject.c's `unicode_methods[]`, may share a hidden test's name), and nowhere in the list of tests
      const hiddenTests = tests.filter((t) => t.visibility === 'hidden')
      const listed = hiddenTests.length ? await page.getByTestId('hidden-tests').locator('xpath=..').innerText() : ''
      for (const t of hiddenTests) {
        expect(html, `${slug}: hidden test ${t.name}`).not.toContain(`<code>${t.name}</code>`)
        expect(listed, `${slug}: hidden test ${t.name} in the list of tests`).not.toContain(t.name)
      }
      for (const t of tests.filter((t) => t.visibility === 'public')) await expect(page.getByText(t.name, { exact: true }).first()).toBeVisible()
      const hidden = tests.filter((t) => t.visibility === 'hidden')
      if (hidden.length)
        await expect(page.getByTestId('hidden-tests')).toHaveText(
          `${hidden.length} hidden test${hidden.length === 1 ? '' : 's'} · ${hidden.reduce((s, t) => s + t.points, 0)} pt in all`,
        )
    }
  })
})
