// Writes lib/source/line-maps/2.7.8-2.7.18.json: for every file the content cites with a line number (quizzes,
// homework READMEs, course.yaml), the runs of lines 2.7.8 and 2.7.18 have in common, so a server with only the
// 2.7.18 tree (CI, a fallback install) can still send a 2.7.8 line reference to the same code. Numbers only, no
// CPython source text. Needs both trees extracted (npm run grader:image with each tarball).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { encodeRuns } from '@/lib/source/line-map'
import { extractedTreeVersions } from '@/lib/source/served-tree'
import { CITED_VERSION, lineMapFor } from '@/lib/source/version-map'

const TARGET_VERSION = '2.7.18'
const ROOT = process.cwd()
const OUT = path.join(ROOT, 'lib', 'source', 'line-maps', `${CITED_VERSION}-${TARGET_VERSION}.json`)

function contentFiles(): string[] {
  const out: string[] = [path.join(ROOT, 'course.yaml')]
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (/\.(ya?ml|md)$/.test(name)) out.push(p)
    }
  }
  walk(path.join(ROOT, 'quizzes'))
  walk(path.join(ROOT, 'homework'))
  return out
}

const versions = extractedTreeVersions()
for (const v of [CITED_VERSION, TARGET_VERSION]) {
  if (!versions.includes(v)) {
    console.error(
      `The CPython ${v} tree is not extracted here (found: ${versions.join(', ') || 'none'}). Extract it with npm run grader:image, then run this again.`,
    )
    process.exit(1)
  }
}

const cited = new Set<string>()
for (const file of contentFiles()) {
  for (const m of readFileSync(file, 'utf8').matchAll(/([A-Za-z][\w.-]*(?:\/[\w.-]+)*\.[A-Za-z0-9]+|README|Makefile\.pre\.in):\d+/g)) cited.add(m[1])
}
const files: Record<string, string> = {}
for (const rel of [...cited].sort()) {
  const runs = lineMapFor(rel, CITED_VERSION, TARGET_VERSION)
  if (runs) files[rel] = encodeRuns(runs)
}
writeFileSync(OUT, `${JSON.stringify({ from: CITED_VERSION, to: TARGET_VERSION, files }, null, 1)}\n`)
console.log(`${path.relative(ROOT, OUT)}: ${Object.keys(files).length} files`)
