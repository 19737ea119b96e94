#!/usr/bin/env node
// `npm run bench [-- flags]`: the grading benchmark (scripts/bench.ts), then the gradebook benchmark
// (scripts/bench-gradebook.ts), then the similarity benchmark (scripts/bench-similarity.ts), then the quiz answer path against
// the production build (scripts/bench-quiz.ts, needs `npm run build` first). Each reads the flags it knows (--runs, --naive-runs, --students, --json).
import { spawnSync } from 'node:child_process'

const args = process.argv.slice(2)
for (const script of ['scripts/bench.ts', 'scripts/bench-gradebook.ts', 'scripts/bench-similarity.ts', 'scripts/bench-quiz.ts']) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
