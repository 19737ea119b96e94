// npm run bench:similarity [-- --submissions 200 --runs 3 --json]
//
// One assignment's similarity check at class scale, as the worker runs it minus the database: N opcode-counter
// submissions (four families of solutions, each student's copy renamed, half of one family reordered) are
// extracted from their patches, the template is built from the pristine files they touch and the reference
// solution, and every pair is compared with Dolos. The goal: 200 submissions in under 30 s on 2 cores.
import { compareContributions } from '@/lib/similarity/compare'
import { DEFAULT_CONTEXT_LINES, extractContribution } from '@/lib/similarity/extract'
import { scoreHistogram } from '@/lib/similarity/histogram'
import { buildTemplate } from '@/lib/similarity/template'

import { loadPristine, OPCODE_FILES, plantedClass, referenceSolution } from '../tests/support/similarity-planted'

import { loadDotEnv } from './lib/setup.mjs'

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
  const seconds = median(times)
  const summary = { submissions, pairs, flagged, runs, medianSeconds: Number(seconds.toFixed(2)), goalSeconds: GOAL_SECONDS, ok: seconds < GOAL_SECONDS }
  if (argv.includes('--json')) console.log(JSON.stringify(summary))
  else {
    console.log(`similarity: ${submissions} submissions, ${pairs} pairs compared (${flagged} at or above 0.40)`)
    console.log(`similarity: median ${seconds.toFixed(2)} s over ${runs} run(s) (goal < ${GOAL_SECONDS} s: ${summary.ok ? 'ok' : 'OVER'})`)
  }
  if (!summary.ok) process.exitCode = 1
}

main().catch((e) => {
  console.error(`bench:similarity failed: ${(e as Error).message}`)
  process.exit(1)
})
