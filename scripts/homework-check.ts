// npm run homework:check [-- <slug>...] [--versions 2.7.8,2.7.18]
// For every assignment (or the named ones), on every CPython version that has a grader image on this machine
// (or the versions named): the reference solution scores full marks, the unpatched baseline scores less and fails
// every hidden test, every test has a timeout and deterministic expected output. Exit 1 when anything fails.
import { readdirSync, existsSync } from 'node:fs'
import path from 'node:path'

import { courseDir } from '@/lib/config/env'
import { extractTree, openPristineTree, resolveCpythonSource } from '@/lib/cpython/source'
import { docker } from '@/lib/grading/docker'
import { imageInfo, LABELS } from '@/lib/grading/image'
import { checkAssignment, type CheckOutcome } from '@/lib/homework/check'

import { loadDotEnv } from './lib/setup.mjs'

loadDotEnv()

/** The newest grader image per CPython version present on this Docker engine. */
async function graderImagesByVersion(): Promise<Map<string, { tag: string; version: string; sha256: string }>> {
  const listed = await docker(['images', '--filter', `label=${LABELS.version}`, '--format', '{{.Repository}}:{{.Tag}}\t{{.CreatedAt}}'])
  const rows = listed.stdout.text.split('\n').filter((l) => l && !l.includes('<none>')).map((l) => l.split('\t'))
  rows.sort((a, b) => (a[1] < b[1] ? 1 : -1))
  const out = new Map<string, { tag: string; version: string; sha256: string }>()
  for (const [tag] of rows) {
    const info = await imageInfo(tag)
    if (!out.has(info.version)) out.set(info.version, { tag, version: info.version, sha256: info.sha256 })
  }
  return out
}

async function treeFor(version: string, sha256: string) {
  // the tree of exactly the tarball the image was built from (cached by an earlier grader:image run)
  const cache = path.join(process.cwd(), '.data', 'cpython')
  const dir = existsSync(cache) ? readdirSync(cache).find((d) => d.startsWith(`${version}-${sha256.slice(0, 12)}`)) : undefined
  if (dir) return openPristineTree({ root: path.join(cache, dir, 'src'), fileList: path.join(cache, dir, 'files.txt'), version, sha256 })
  const source = await resolveCpythonSource({ env: { ...process.env, CPYTHON_VERSION: version } })
  return openPristineTree(await extractTree(source))
}

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  const slugs: string[] = []
  let wantedVersions: string[] | undefined
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--versions') wantedVersions = (args[++i] ?? '').split(',').filter(Boolean)
    else if (!args[i].startsWith('--')) slugs.push(args[i])
  }
  const homework = path.join(courseDir(), 'homework')
  const all = readdirSync(homework).filter((d) => existsSync(path.join(homework, d, 'assignment.yaml'))).sort()
  const chosen = slugs.length ? slugs : all
  for (const s of chosen) if (!all.includes(s)) throw new Error(`no assignment "${s}" in ${homework}`)

  const images = await graderImagesByVersion()
  const versions = wantedVersions ?? [...images.keys()].sort()
  if (versions.length === 0) throw new Error('no grader image on this machine: run `npm run grader:image` first')
  const outcomes: CheckOutcome[] = []
  for (const version of versions) {
    const image = images.get(version)
    if (!image) throw new Error(`no grader image for CPython ${version} (build one with CPYTHON_VERSION=${version} npm run grader:image)`)
    const tree = await treeFor(version, image.sha256)
    console.log(`\n== CPython ${version} (${image.tag})`)
    for (const slug of chosen) {
      const result = await checkAssignment(path.join(homework, slug), image, tree)
      outcomes.push(result)
      const detail = result.reference ? ` reference ${result.reference}${result.baseline ? `, baseline ${result.baseline}` : ''}` : ''
      console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${slug.padEnd(22)}${detail} (${result.seconds.toFixed(1)} s)`)
      for (const p of result.problems) console.log(`       ${p}`)
    }
  }
  const failed = outcomes.filter((o) => !o.ok).length
  console.log(`\nhomework:check: ${outcomes.length - failed} passed, ${failed} failed`)
  return failed ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`homework:check: ${(error as Error).message}`)
    process.exit(2)
  },
)
