// npm run grade -- <assignment-slug|dir> <patch-file> [--json] [--public-only]
// Grades a patch locally with the grader image (GRADER_IMAGE, default cpython-course/grader:current).
// Exit status: 0 graded (whatever the score), 1 build failed, 2 patch rejected, 3 infrastructure or usage error.
import { existsSync, statSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

import { courseDir } from '@/lib/config/env'
import { gradePatch, type EngineResult } from '@/lib/grading/engine'
import { graderImageRef } from '@/lib/grading/image'

function usage(): never {
  console.error('usage: npm run grade -- <assignment-slug|dir> <patch-file> [--json] [--public-only]')
  process.exit(3)
}

function resolveAssignmentDir(argument: string): string {
  if (existsSync(argument) && statSync(argument).isDirectory()) return path.resolve(argument)
  const inCourse = path.join(courseDir(), 'homework', argument)
  if (existsSync(path.join(inCourse, 'assignment.yaml'))) return inCourse
  console.error(`grade: no assignment "${argument}" (looked for ${argument}/ and ${inCourse}/assignment.yaml)`)
  process.exit(3)
}

function printReport(result: EngineResult) {
  const line = '-'.repeat(72)
  console.log(line)
  console.log(`status: ${result.status}    score: ${result.score} / ${result.maxScore}`)
  console.log(`image: CPython ${result.image.version}${result.image.verified ? '' : ' (unverified tarball)'}, ${result.image.digest.slice(0, 19)}`)
  if (result.timings)
    console.log(
      `time: ${(result.timings.totalMs / 1000).toFixed(2)} s (build ${(result.timings.buildMs / 1000).toFixed(2)} s, tests ${(result.timings.testsMs / 1000).toFixed(2)} s)`,
    )
  console.log(line)
  if (result.status === 'rejected') {
    console.log('The patch was rejected before building:')
    for (const error of result.rejection ?? []) console.log(`  ${error.file ? `${error.file}: ` : ''}${error.message}`)
    return
  }
  if (!result.build.applied) {
    console.log(result.build.log)
    return
  }
  if (!result.build.ok) {
    console.log('The build failed:')
    for (const error of result.build.errors) console.log(`  ${error.file}:${error.line}${error.column ? `:${error.column}` : ''}: ${error.message}`)
    if (result.build.errors.length === 0) console.log(result.build.log.split('\n').slice(-30).join('\n'))
    return
  }
  for (const test of result.tests) {
    const mark = test.status === 'passed' ? 'PASS' : test.status.toUpperCase()
    console.log(
      `${mark.padEnd(8)} ${test.name.padEnd(32)} ${String(test.points).padStart(5)} / ${String(test.maxPoints).padEnd(5)} ${test.visibility.padEnd(7)} ${test.durationMs} ms`,
    )
    if (test.status !== 'passed') {
      if (test.message) console.log(`         ${test.message}`)
      if (test.diff)
        console.log(
          test.diff
            .split('\n')
            .map((l) => `         ${l}`)
            .join('\n'),
        )
      if (test.stderr?.trim())
        console.log(
          test.stderr
            .trimEnd()
            .split('\n')
            .slice(-8)
            .map((l) => `         stderr| ${l}`)
            .join('\n'),
        )
    }
  }
}

async function main() {
  const args = process.argv.slice(2)
  const flags = new Set(args.filter((a) => a.startsWith('--')))
  const positional = args.filter((a) => !a.startsWith('--'))
  if (positional.length !== 2) usage()
  const json = flags.has('--json')
  const assignmentDir = resolveAssignmentDir(positional[0])
  const patchText = await fs.readFile(positional[1], 'utf8')

  const result = await gradePatch({
    assignmentDir,
    patchText,
    image: graderImageRef(),
    publicOnly: flags.has('--public-only'),
    onEvent: json
      ? undefined
      : (event) => {
          if (event.type === 'phase') console.error(`[${event.phase}]`)
        },
  })

  if (json) {
    const summary = {
      score: result.score,
      maxScore: result.maxScore,
      status: result.status,
      tests: result.tests.map((t) => ({ name: t.name, visibility: t.visibility, status: t.status, points: t.points, durationMs: t.durationMs })),
      build: { ok: result.build.ok, errors: result.build.errors },
    }
    console.log(JSON.stringify(summary, null, 2))
  } else {
    printReport(result)
  }
  if (result.status === 'rejected') {
    if (json) for (const error of result.rejection ?? []) console.error(`rejected: ${error.file ? `${error.file}: ` : ''}${error.message}`)
    process.exit(2)
  }
  process.exit(result.status === 'build-failed' ? 1 : 0)
}

main().catch((error: unknown) => {
  console.error(`grade: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(3)
})
