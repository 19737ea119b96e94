// npm run bench:similarity [-- --submissions 200 --runs 3 --json --no-database]
//
// One assignment's similarity check at class scale: N opcode-counter submissions (four families of solutions, each
// student's copy renamed, half of one family reordered). Two figures, medians over the runs:
//   compare      extraction from the patches, the template (pristine files and reference solution) and Dolos over
//                every pair, in memory
//   end to end   the worker's processor on a database of its own (created next to DATABASE_URL's, migrated, dropped
//                afterwards): choosing each student's counted submission, reading the pristine tree, comparing,
//                storing the pairs with their fragments and the histogram
// The goal: 200 submissions in under 30 s on 2 cores, end to end.
import { randomUUID } from 'node:crypto'

import pg from 'pg'

import { compareContributions } from '@/lib/similarity/compare'
import { DEFAULT_CONTEXT_LINES, extractContribution } from '@/lib/similarity/extract'
import { scoreHistogram } from '@/lib/similarity/histogram'
import { buildTemplate } from '@/lib/similarity/template'

import { loadPristine, OPCODE_FILES, plantedClass, referenceSolution } from '../tests/support/similarity-planted'

import { createBenchDatabase } from './lib/bench-database'
import { loadDotEnv, migrate } from './lib/setup.mjs'

const GOAL_SECONDS = 30

function option(argv: string[], flag: string, fallback: number, least = 2): number {
  const i = argv.indexOf(flag)
  if (i < 0) return fallback
  const v = Number(argv[i + 1])
  if (!Number.isInteger(v) || v < least) throw new Error(`${flag} needs a whole number of at least ${least}`)
  return v
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** One PATCH assignment (the real opcode-counter slug, so the worker finds its reference solution) and N graded submissions. */
async function seed(url: string, patches: string[]): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const assignmentId = randomUUID()
  const due = new Date(Date.now() + 7 * 86_400_000)
  await client.query(
    `INSERT INTO "Assignment" (id, slug, title, kind, "maxScore", "dueAt", "allowedPaths", "allowCreate", manifest, "contentHash", "scoreSelection") VALUES ($1, 'opcode-counter', 'Count executed opcodes', 'PATCH', 100, $2, '{}', '{}', '{}', 'bench', 'BEST')`,
    [assignmentId, due],
  )
  for (const [i, patch] of patches.entries()) {
    const user = randomUUID()
    const sub = randomUUID()
    const run = randomUUID()
    await client.query(`INSERT INTO "User" (id, email, name) VALUES ($1, $2, $3)`, [user, `student${i}@example.edu`, `Student ${i}`])
    await client.query(
      `INSERT INTO "Submission" (id, "userId", "assignmentId", number, kind, source, patch, "patchSha256", "patchBytes", "patchFiles", status) VALUES ($1, $2, $3, 1, 'GRADED', 'PASTE', $4, 'bench', $5, '[]', 'GRADED')`,
      [sub, user, assignmentId, patch, patch.length],
    )
    await client.query(`INSERT INTO "GradingRun" (id, "submissionId", status, "finishedAt", score, "maxScore") VALUES ($1, $2, 'DONE', now(), 90, 100)`, [
      run,
      sub,
    ])
    await client.query(`UPDATE "Submission" SET "currentRunId" = $1 WHERE id = $2`, [run, sub])
  }
  await client.end()
  return assignmentId
}

async function endToEnd(patches: string[], runs: number): Promise<{ seconds: number; stored: number }> {
  const db = await createBenchDatabase('bench_similarity')
  try {
    await migrate(db.url)
    const assignmentId = await seed(db.url, patches)
    // the Prisma client reads DATABASE_URL when it is first imported
    process.env.DATABASE_URL = db.url
    const { prisma } = await import('@/lib/db/prisma')
    const { processSimilarityJob } = await import('@/worker/similarity')
    const times: number[] = []
    let stored = 0
    for (let r = 0; r < runs; r++) {
      const run = await prisma.similarityRun.create({ data: { assignmentId, trigger: 'INSTRUCTOR' } })
      const started = performance.now()
      const outcome = await processSimilarityJob({ runId: run.id }, { made: 0, max: 1 }, { prisma })
      times.push((performance.now() - started) / 1000)
      if (outcome.status !== 'DONE')
        throw new Error(`the similarity run ended ${outcome.status}: ${(await prisma.similarityRun.findUnique({ where: { id: run.id } }))?.errorMessage}`)
      stored = outcome.pairs
    }
    await prisma.$disconnect()
    return { seconds: median(times), stored }
  } finally {
    await db.drop()
  }
}

async function main() {
  loadDotEnv()
  const argv = process.argv.slice(2)
  const submissions = option(argv, '--submissions', 200)
  const runs = option(argv, '--runs', 3, 1)
  const pristine = await loadPristine(OPCODE_FILES)
  const patches = plantedClass(pristine, submissions)
  const reference = referenceSolution('opcode-counter')

  const times: number[] = []
  let pairs = 0
  let flagged = 0
  // the similarity worker shares its process with the grading worker: how long can the event loop be held?
  let stall = 0
  let last = performance.now()
  const probe = setInterval(() => {
    const now = performance.now()
    stall = Math.max(stall, now - last)
    last = now
  }, 5)
  for (let r = 0; r < runs; r++) {
    const started = performance.now()
    const documents = patches.map((p, i) => ({ id: `s${i}`, contribution: extractContribution(p, { kind: 'code', contextLines: DEFAULT_CONTEXT_LINES }) }))
    const template = buildTemplate({ pristine, reference }, 'code')
    const result = await compareContributions(documents, template, 'code')
    scoreHistogram(result.pairs.map((p) => p.similarity))
    times.push((performance.now() - started) / 1000)
    pairs = result.pairs.length
    flagged = result.pairs.filter((p) => p.similarity >= 0.4).length
  }
  clearInterval(probe)
  const seconds = median(times)
  const e2e = argv.includes('--no-database') ? null : await endToEnd(patches, runs)
  const slowest = Math.max(seconds, e2e?.seconds ?? 0)
  const summary = {
    submissions,
    pairs,
    flagged,
    runs,
    compareSeconds: Number(seconds.toFixed(2)),
    longestEventLoopStallMs: Math.round(stall),
    endToEndSeconds: e2e ? Number(e2e.seconds.toFixed(2)) : null,
    pairsStored: e2e?.stored ?? null,
    goalSeconds: GOAL_SECONDS,
    ok: slowest < GOAL_SECONDS,
  }
  if (argv.includes('--json')) console.log(JSON.stringify(summary))
  else {
    console.log(`similarity: ${submissions} submissions, ${pairs} pairs compared (${flagged} at or above 0.40), medians over ${runs} run(s)`)
    console.log(`similarity: compare     ${seconds.toFixed(2)} s (the event loop was held ${Math.round(stall)} ms at most)`)
    if (e2e) console.log(`similarity: end to end  ${e2e.seconds.toFixed(2)} s (selection, pristine tree, Dolos, ${e2e.stored} pairs stored)`)
    console.log(`similarity: goal < ${GOAL_SECONDS} s for ${submissions} submissions: ${summary.ok ? 'ok' : 'OVER'}`)
  }
  if (!summary.ok) process.exitCode = 1
}

main().catch((e) => {
  console.error(`bench:similarity failed: ${(e as Error).message}`)
  process.exit(1)
})
