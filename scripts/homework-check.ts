// npm run homework:check [-- <slug>...] [--versions 2.7.8,2.7.18]
// For every assignment (or the named ones), on every CPython version that has a grader image on this machine
// (or the versions named): the reference solution scores full marks, the unpatched baseline scores less and fails
// every hidden test, every "should not pass" patch in <assignment>/shortcuts/ scores below full marks, every test
// has a timeout and deterministic expected output. Exit 1 when anything fails.
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'

import { courseDir } from '@/lib/config/env'
import { docker } from '@/lib/grading/docker'
import { imageInfo, LABELS } from '@/lib/grading/image'
import { checkAssignment, type CheckOutcome } from '@/lib/homework/check'

import { loadDotEnv } from './lib/setup.mjs'

loadDotEnv()

/** The newest grader image per CPython version present on this Docker engine. */
async function graderImagesByVersion(): Promise<Map<string, { tag: string; version: string; sha256: string }>> {
  const listed = await docker(['images', '--filter', `label=${LABELS.version}`, '--format', '{{.Repository}}:{{.Tag}}\t{{.CreatedAt}}'])
  const rows = listed.stdout.text
    .split('\n')
    .filter((l) => l && !l.includes('<none>'))
    .map((l) => l.split('\t'))
  rows.sort((a, b) => (a[1] < b[1] ? 1 : -1))
  const out = new Map<string, { tag: string; version: string; sha256: string }>()
  for (const [tag] of rows) {
    const info = await imageInfo(tag)
    if (!out.has(info.version)) out.set(info.version, { tag, version: info.version, sha256: info.sha256 })
  }
  return out
}

/** The pristine tree as the image holds it (/opt/cpython), so the baseline is made from exactly what is graded. */
async function treeOf(image: string) {
  const run = async (script: string) => {
    const result = await docker(['run', '--rm', '--network', 'none', '--entrypoint', 'sh', image, '-c', script], { maxOutputBytes: 8 * 1024 * 1024 })
    if (result.exitCode !== 0) throw new Error(`reading the tree in ${image} failed: ${result.stderr.text.trim()}`)
    return result.stdout.text
  }
  let files: Promise<string[]> | undefined
  return {
    listFiles: () => (files ??= run('cd /opt/cpython && find . -type f | sed "s#^./##" | sort').then((t) => t.split('\n').filter(Boolean))),
    readFile: (p: string) => {
      if (!/^[A-Za-z0-9_./+-]+$/.test(p) || p.split('/').includes('..')) throw new Error(`unsafe path ${p}`)
      return run(`cat "/opt/cpython/${p}"`)
    },
  }
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
  const all = readdirSync(homework)
    .filter((d) => existsSync(path.join(homework, d, 'assignment.yaml')))
    .sort()
  const chosen = slugs.length ? slugs : all
  for (const s of chosen) if (!all.includes(s)) throw new Error(`no assignment "${s}" in ${homework}`)

  const images = await graderImagesByVersion()
  const versions = wantedVersions ?? [...images.keys()].sort()
  if (versions.length === 0) throw new Error('no grader image on this machine: run `npm run grader:image` first')
  const outcomes: CheckOutcome[] = []
  for (const version of versions) {
    const image = images.get(version)
    if (!image) throw new Error(`no grader image for CPython ${version} (build one with CPYTHON_VERSION=${version} npm run grader:image)`)
    const tree = await treeOf(image.tag)
    console.log(`\n== CPython ${version} (${image.tag})`)
    for (const slug of chosen) {
      const result = await checkAssignment(path.join(homework, slug), image, tree)
      outcomes.push(result)
      const detail = result.reference ? ` reference ${result.reference}${result.baseline ? `, baseline ${result.baseline}` : ''}` : ''
      console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${slug.padEnd(22)}${detail} (${result.seconds.toFixed(1)} s)`)
      for (const sc of result.shortcuts ?? [])
        console.log(`       shortcut ${sc.name}${sc.score ? ` ${sc.score}` : ''}${sc.stoppedBy.length ? `, stopped by ${sc.stoppedBy.join(', ')}` : ''}`)
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
