// The import graph of lib/, components/, app/, worker/ and scripts/ (tests excluded), read with a regex over import
// specifiers, against the layer rules in docs/decisions.md ("Layers"):
//
//   scripts → worker → lib            scripts/ and worker/ are entry points; the worker never imports scripts/
//   scripts → components              (a benchmark renders the gradebook table)
//   app → components → lib            lib/ imports neither app/, components/, worker/ nor scripts/
//   inside lib/: grading → content    lib/grading may use lib/content (manifests, course schema), never the reverse
//
// and no import circle between files, type-only imports included (a type circle is still a knot to untie).
import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const TOP = ['lib', 'components', 'app', 'worker', 'scripts'] as const
type Top = (typeof TOP)[number]

/** Which top-level folders each one may import from (its own always included). */
const MAY_IMPORT: Record<Top, Top[]> = {
  lib: ['lib'],
  components: ['components', 'lib'],
  app: ['app', 'components', 'lib'],
  worker: ['worker', 'lib'],
  scripts: ['scripts', 'worker', 'components', 'lib'], // a benchmark renders a component
}
/** Folders inside lib/ that must not import another one: [importer, forbidden]. */
const LIB_FORBIDDEN: [string, string][] = [['lib/content', 'lib/grading']]

const SOURCE = /\.(?:ts|tsx|mts|mjs|js)$/
const SPECIFIER = /(?:^|[\s;}])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, e.name)
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'generated') out.push(...sourceFiles(rel))
    } else if (SOURCE.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.mts') && !e.name.endsWith('.d.ts')) out.push(rel)
  }
  return out
}

function resolve(from: string, spec: string): string | null {
  let base: string
  if (spec.startsWith('@/')) base = spec.slice(2)
  else if (spec.startsWith('.')) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec))
  else return null // a package
  const candidates = [
    base,
    ...['.ts', '.tsx', '.mts', '.mjs', '.js'].map((x) => base + x),
    base.replace(/\.js$/, '.ts'),
    `${base}/index.ts`,
    `${base}/index.tsx`,
  ]
  return candidates.find((c) => fs.existsSync(path.join(ROOT, c)) && fs.statSync(path.join(ROOT, c)).isFile()) ?? null
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of TOP.flatMap(sourceFiles)) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/^\s*\/\/.*$/gm, '')
    const targets = new Set<string>()
    for (const m of text.matchAll(SPECIFIER)) {
      const target = resolve(file, m[1] ?? m[2]!)
      if (target && target !== file) targets.add(target)
    }
    graph.set(file, [...targets])
  }
  return graph
}

/** Strongly connected components with more than one file (Tarjan), each as a list of files. */
function importCircles(graph: Map<string, string[]>): string[][] {
  let index = 0
  const indices = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const circles: string[][] = []
  const visit = (v: string) => {
    indices.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!))
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) circles.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!indices.has(v)) visit(v)
  return circles
}

const top = (file: string) => file.split('/')[0] as Top
const within = (file: string, dir: string) => file === dir || file.startsWith(`${dir}/`)

function layerViolations(graph: Map<string, string[]>): string[] {
  const found: string[] = []
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (!(TOP as readonly string[]).includes(top(to))) continue
      if (!MAY_IMPORT[top(from)].includes(top(to))) found.push(`${from} → ${to} (${top(from)}/ may import only ${MAY_IMPORT[top(from)].join(', ')})`)
      for (const [importer, forbidden] of LIB_FORBIDDEN) {
        if (within(from, importer) && within(to, forbidden)) found.push(`${from} → ${to} (${forbidden} sits above ${importer})`)
      }
    }
  }
  return found
}

describe('the import graph', () => {
  const graph = importGraph()

  it('reads the source files and their imports', () => {
    // guards the regex: if it stopped matching, every other check here would pass vacuously
    expect(graph.size).toBeGreaterThan(100)
    expect(graph.get('worker/main.ts')).toContain('lib/db/prisma.ts')
    expect(graph.get('lib/grading/image.ts')).toContain('lib/cpython/source.ts')
  })

  it('has no import circle between files', () => {
    expect(importCircles(graph)).toEqual([])
  })

  it('keeps the layer order (scripts → worker → lib, app → components → lib, lib/grading → lib/content)', () => {
    expect(layerViolations(graph)).toEqual([])
  })

  it('finds a circle and a layer violation when there is one', () => {
    const bad = new Map([
      ['lib/content/a.ts', ['lib/grading/b.ts']],
      ['lib/grading/b.ts', ['lib/content/a.ts']],
      ['worker/main.ts', ['scripts/lib/setup.mjs']],
    ])
    expect(importCircles(bad)).toEqual([['lib/content/a.ts', 'lib/grading/b.ts']])
    expect(layerViolations(bad)).toEqual([
      'lib/content/a.ts → lib/grading/b.ts (lib/grading sits above lib/content)',
      'worker/main.ts → scripts/lib/setup.mjs (worker/ may import only worker, lib)',
    ])
  })
})
