// npm run bench:gradebook [-- --students 500 --runs 5 --json --keep]
//
// The instructor's gradebook at course scale, on generated data in a database of its own (created next to
// DATABASE_URL's, migrated, dropped afterwards unless --keep): 500 students × 30 columns (15 assignments, 12 lecture
// quizzes, 3 totals), about 3 submissions per student and assignment with some late, quiz responses with retries,
// a few hundred extensions and overrides. Prints medians over N runs of:
//   query    the database reads behind the page (loadCourseFacts, loadStudents, loadStudentFacts), and how many
//            SQL statements they issue (the same whatever the roster size)
//   compute  gradeStudent for every student and the table model
//   render   server-side rendering of the gradebook table to HTML, as the page sends it (the rows are windowed:
//            only those in view are in the DOM, in the browser as on the server)
//   total    all three; the goal is well under a second
//   all rows rendering every row at once, for comparison (what an unwindowed table would cost)
import { randomUUID } from 'node:crypto'
import { register } from 'node:module'

import pg from 'pg'

import { createBenchDatabase } from './lib/bench-database'
import { loadDotEnv, migrate } from './lib/setup.mjs'

type Options = { students: number; runs: number; json: boolean; keep: boolean }

function parseOptions(argv: string[]): Options {
  const num = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag)
    if (i < 0) return fallback
    const v = Number(argv[i + 1])
    if (!Number.isInteger(v) || v < 1) throw new Error(`${flag} needs a positive whole number`)
    return v
  }
  return { students: num('--students', 500), runs: num('--runs', 5), json: argv.includes('--json'), keep: argv.includes('--keep') }
}

const CSS_MODULE_LOADER = `export async function load(url, context, next) {
  if (url.endsWith('.module.css')) return { format: 'module', shortCircuit: true, source: 'export default new Proxy({}, { get: (_, k) => (typeof k === "string" ? k : undefined) })' }
  return next(url, context)
}`

const ASSIGNMENTS = 15
const LECTURES = 12
const QUESTIONS_PER_LECTURE = 5
const DAY = 86_400_000

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Deterministic pseudo-random numbers, so every run generates the same course. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

async function seed(url: string, students: number) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const rand = rng(253)
  const start = Date.parse('2026-09-01T04:00:00Z')
  const insert = async (table: string, columns: string[], rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 2000) {
      const batch = rows.slice(i, i + 2000)
      const values: unknown[] = []
      const tuples = batch.map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(',')})`)
      await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${tuples.join(',')}`, values)
    }
  }
  const course = {
    title: 'Bench course',
    term: '',
    start: '2026-09-01T00:00:00-04:00',
    timezone: 'America/New_York',
    latePolicy: { mode: 'penalty', penaltyPerDay: 10, maxPenalty: 50, cutoffDays: 7 },
    lateDayBudget: 5,
    submissions: { counts: 'best' },
    weights: { homework: 0.8, quizzes: 0.2 },
  }
  await client.query(`INSERT INTO "Setting" ("key","value","updatedAt") VALUES ('course',$1,now())`, [JSON.stringify(course)])

  const prof = randomUUID()
  await insert('User', ['id', 'email', 'name', 'role'], [[prof, 'prof@example.edu', 'Prof', 'INSTRUCTOR']])
  const users = Array.from({ length: students }, (_, i) => [
    randomUUID(),
    `student${i}@example.edu`,
    `Student ${String(i).padStart(3, '0')}, Ünïcode`,
    'STUDENT',
    `S${(i % 4) + 1}`,
  ])
  await insert('User', ['id', 'email', 'name', 'role', 'section'], users)

  const assignments = Array.from({ length: ASSIGNMENTS }, (_, i) => {
    const policy = i % 5 === 4 ? 'BUDGET' : 'PENALTY'
    return [
      randomUUID(),
      `hw-${i + 1}`,
      `Homework ${i + 1}`,
      i === 3 ? 'ANNOTATION' : 'PATCH',
      i === 3 ? 50 : 100,
      new Date(start + (i + 1) * 7 * DAY),
      [],
      [],
      JSON.stringify({ tests: [] }),
      'hash',
      policy,
      i % 3 === 2 ? 'LATEST' : 'BEST',
    ]
  })
  await insert(
    'Assignment',
    ['id', 'slug', 'title', 'kind', 'maxScore', 'dueAt', 'allowedPaths', 'allowCreate', 'manifest', 'contentHash', 'latePolicy', 'scoreSelection'],
    assignments,
  )
  const lectures = Array.from({ length: LECTURES }, (_, i) => [randomUUID(), i + 1, `lecture-${i + 1}`, `Lecture ${i + 1}`, 'hash'])
  await insert('Lecture', ['id', 'number', 'slug', 'title', 'contentHash'], lectures)
  const questions = lectures.flatMap((l, li) =>
    Array.from({ length: QUESTIONS_PER_LECTURE }, (_, qi) => [
      `l${li + 1}-q${qi + 1}`,
      l[0],
      qi,
      60 * (qi + 1),
      'SINGLE',
      'Which?',
      JSON.stringify([
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ]),
      JSON.stringify({ choice: 'a' }),
      'Because.',
      '[]',
      1 + (qi % 2),
      2,
    ]),
  )
  await insert(
    'Question',
    ['id', 'lectureId', 'position', 'atSeconds', 'type', 'prompt', 'choices', 'answerKey', 'explanation', 'sources', 'points', 'attempts'],
    questions,
  )

  const subs: unknown[][] = []
  const runs: unknown[][] = []
  const current: [string, string][] = []
  const extensions: unknown[][] = []
  const overrides: unknown[][] = []
  for (const u of users) {
    assignments.forEach((a, ai) => {
      const due = (a[5] as Date).getTime()
      if (rand() < 0.05) return // missing
      const count = 1 + Math.floor(rand() * 5)
      for (let k = 0; k < count; k++) {
        const at = due - 3 * DAY + k * 18 * 3600_000 + Math.floor(rand() * 3600_000)
        const late = Math.max(0, Math.floor((at - due) / 1000))
        const id = randomUUID()
        const runId = randomUUID()
        const manual = ai === 3
        subs.push([id, u[0], a[0], k + 1, 'GRADED', 'UPLOAD', 'patch', 'sha', 5, '[]', manual ? 'NEEDS_MANUAL' : 'GRADED', new Date(at), late])
        runs.push([runId, id, 'INITIAL', 'DONE', new Date(at), new Date(at + 5000), manual ? null : Math.round(rand() * 100), a[4]])
        current.push([id, runId])
      }
      if (rand() < 0.02) extensions.push([randomUUID(), u[0], a[0], new Date(due + 2 * DAY), 'bench', prof])
      if (ai === 3 && rand() < 0.6) overrides.push([randomUUID(), u[0], a[0], Math.round(rand() * 50), 'graded by hand', prof])
    })
  }
  await insert(
    'Submission',
    ['id', 'userId', 'assignmentId', 'number', 'kind', 'source', 'patch', 'patchSha256', 'patchBytes', 'patchFiles', 'status', 'createdAt', 'lateSeconds'],
    subs,
  )
  await insert('GradingRun', ['id', 'submissionId', 'reason', 'status', 'createdAt', 'finishedAt', 'score', 'maxScore'], runs)
  await client.query(`UPDATE "Submission" s SET "currentRunId" = r."id" FROM "GradingRun" r WHERE r."submissionId" = s."id"`)
  await insert('Extension', ['id', 'userId', 'assignmentId', 'dueAt', 'reason', 'grantedById'], extensions)
  await insert('ScoreOverride', ['id', 'userId', 'assignmentId', 'score', 'comment', 'byId'], overrides)

  const responses: unknown[][] = []
  for (const u of users) {
    for (const q of questions) {
      if (rand() < 0.15) continue
      const firstRight = rand() < 0.6
      responses.push([randomUUID(), u[0], q[0], 1, JSON.stringify({ choice: firstRight ? 'a' : 'b' }), firstRight, firstRight ? q[10] : 0])
      if (!firstRight && rand() < 0.7) responses.push([randomUUID(), u[0], q[0], 2, JSON.stringify({ choice: 'a' }), true, q[10]])
    }
  }
  await insert('QuizResponse', ['id', 'userId', 'questionId', 'attempt', 'answer', 'correct', 'pointsAwarded'], responses)
  await client.query('ANALYZE')
  await client.end()
  return { submissions: subs.length, responses: responses.length, extensions: extensions.length, overrides: overrides.length }
}

async function main() {
  const options = parseOptions(process.argv.slice(2))
  loadDotEnv()
  const db = await createBenchDatabase('bench')
  const log = (m: string) => process.stderr.write(`${m}\n`)
  try {
    log(`bench-gradebook: migrating a scratch database`)
    await migrate(db.url)
    const t0 = performance.now()
    const counts = await seed(db.url, options.students)
    log(
      `bench-gradebook: generated ${options.students} students, ${counts.submissions} submissions, ${counts.responses} quiz responses in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )

    // React's production build, as `next start` uses (the development build renders several times slower)
    ;(process.env as Record<string, string>).NODE_ENV = 'production'
    // the app's Prisma singleton, created here with query events so the statements can be counted
    process.env.DATABASE_URL = db.url
    const { PrismaPg } = await import('@prisma/adapter-pg')
    const { PrismaClient } = await import('@/lib/db/generated/client')
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url, max: 10 }), log: [{ emit: 'event', level: 'query' }] })
    let statements = 0
    client.$on('query', () => statements++)
    ;(globalThis as { cpythonCoursePrisma?: unknown }).cpythonCoursePrisma = client

    const { loadCourseFacts, loadStudentFacts, loadStudents } = await import('@/lib/grades/load')
    const { buildGradebook } = await import('@/lib/gradebook/gradebook')
    // outside Next, a CSS module is read as its class names (the names themselves), which is all rendering needs
    register(`data:text/javascript,${encodeURIComponent(CSS_MODULE_LOADER)}`)
    const { renderGradebookHtml } = await import('./bench-gradebook-render')

    const samples: {
      queryMs: number
      computeMs: number
      renderMs: number
      totalMs: number
      allRowsMs: number
      statements: number
      htmlBytes: number
      allRowsBytes: number
      propsBytes: number
    }[] = []
    for (let run = 0; run < options.runs + 1; run++) {
      statements = 0
      const a = performance.now()
      const [course, students, facts] = await Promise.all([loadCourseFacts(), loadStudents(), loadStudentFacts()])
      const b = performance.now()
      const book = buildGradebook(course, students, facts, new Date('2026-12-20T12:00:00Z'))
      const c = performance.now()
      const html = renderGradebookHtml(book)
      const d = performance.now()
      const everything = renderGradebookHtml(book, true)
      const e = performance.now()
      const sample = {
        queryMs: b - a,
        computeMs: c - b,
        renderMs: d - c,
        totalMs: d - a,
        allRowsMs: e - d,
        statements,
        htmlBytes: Buffer.byteLength(html),
        allRowsBytes: Buffer.byteLength(everything),
        propsBytes: Buffer.byteLength(JSON.stringify({ columns: book.columns, rows: book.rows, sections: book.sections })),
      }
      // the first run warms the connection pool and the JIT; it is reported but not in the medians
      if (run === 0) log(`  cold run: ${sample.totalMs.toFixed(0)} ms`)
      else {
        samples.push(sample)
        log(
          `  run ${run}/${options.runs}: query ${sample.queryMs.toFixed(0)} ms, compute ${sample.computeMs.toFixed(0)} ms, render ${sample.renderMs.toFixed(0)} ms, all rows ${sample.allRowsMs.toFixed(0)} ms`,
        )
      }
      if (run === 0 && book.columns.length !== ASSIGNMENTS + LECTURES + 3)
        throw new Error(`expected ${ASSIGNMENTS + LECTURES + 3} columns, got ${book.columns.length}`)
    }
    const result = {
      students: options.students,
      columns: ASSIGNMENTS + LECTURES + 3,
      submissions: counts.submissions,
      quizResponses: counts.responses,
      sqlStatements: samples[0]!.statements,
      queryMs: Math.round(median(samples.map((s) => s.queryMs))),
      computeMs: Math.round(median(samples.map((s) => s.computeMs))),
      renderMs: Math.round(median(samples.map((s) => s.renderMs))),
      totalMs: Math.round(median(samples.map((s) => s.totalMs))),
      allRowsRenderMs: Math.round(median(samples.map((s) => s.allRowsMs))),
      htmlKiB: Math.round(samples[0]!.htmlBytes / 1024),
      allRowsHtmlKiB: Math.round(samples[0]!.allRowsBytes / 1024),
      dataKiB: Math.round(samples[0]!.propsBytes / 1024),
    }
    if (options.json) console.log(JSON.stringify(result))
    else {
      console.log(
        `gradebook: ${result.students} students × ${result.columns} columns (${result.submissions} submissions, ${result.quizResponses} quiz responses)`,
      )
      console.log(`  query    ${result.queryMs} ms (${result.sqlStatements} SQL statements)`)
      console.log(`  compute  ${result.computeMs} ms`)
      console.log(`  render   ${result.renderMs} ms (${result.htmlKiB} KiB of HTML, ${result.dataKiB} KiB of table data)`)
      console.log(`  total    ${result.totalMs} ms (median of ${options.runs}; goal < 1000 ms)`)
      console.log(`  all rows ${result.allRowsRenderMs} ms to render all ${result.students} rows at once (${result.allRowsHtmlKiB} KiB of HTML)`)
    }
    await client.$disconnect()
  } finally {
    if (options.keep) log(`bench-gradebook: kept ${db.url}`)
    else await db.drop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
