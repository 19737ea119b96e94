#!/usr/bin/env node
// `npm run bench [-- flags]`: the grading benchmark (scripts/bench.ts), then the gradebook benchmark
// (scripts/bench-gradebook.ts), then the similarity benchmark (scripts/bench-similarity.ts), then the quiz answer path against
// the production build (scripts/bench-quiz.ts, needs `npm run build` first). Each reads the flags it knows (--runs, --naive-runs, --students, --instances, --json).
// `--throughput` adds the throughput benchmark (scripts/bench-throughput.ts): real worker processes grading real
// builds, so it runs with `--count 8` unless `--throughput-count N` says otherwise (its own default of 500 takes
// hours on 2 cores: run `npm run bench:throughput` for that).
import { spawnSync } from 'node:child_process'

const args = process.argv.slice(2)
const flag = (name) => args.indexOf(name)
const scripts = ['scripts/bench.ts', 'scripts/bench-gradebook.ts', 'scripts/bench-similarity.ts', 'scripts/bench-quiz.ts'].map((script) => [script, args])
if (flag('--throughput') >= 0) {
  const countAt = flag('--throughput-count')
  const count = countAt >= 0 ? args[countAt + 1] : '8'
  scripts.push(['scripts/bench-throughput.ts', ['--count', count, ...(args.includes('--json') ? ['--json'] : [])]])
}
for (const [script, scriptArgs] of scripts) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...scriptArgs], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
