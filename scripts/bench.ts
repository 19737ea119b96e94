// npm run bench [-- --runs N] [--naive-runs N] [--json]
//
// Measures the grading fast path against its floor and against a naive grader, on the cube-builtin fixture
// (a one-hunk new builtin in Python/bltinmodule.c, three tests). Medians over N runs (default 5) of:
//   one-file   gradePatch end to end: validation, container start, tree copy, patch, `make python`, 3 tests, removal
//   header     the same plus a comment-only change to Include/object.h (rebuilds most objects)
//   header first submission (cache empty)
//              the header patch with a student's build cache that is still empty: what every first submission of a
//              header change costs, ccache's bookkeeping on 111 misses included (the build fills the cache)
//   header resubmission (cache warm)
//              the header patch again with the student's build cache (lib/grading/build-cache.ts) filled by one
//              untimed build of the same patch: what a student's resubmission keeping the header change costs
//   floor      measured directly: one `docker run --rm` that applies the patch in the image's own tree, compiles that
//              one file, links, and runs the 3 tests; no sandbox setup at all
//   naive      configure + make from the tarball in a fresh container, then patch... as a grader without a
//              pre-built image would do per submission. About 100 s per run on 2 cores: the default 5 runs take
//              8-10 minutes; `--naive-runs 1` for a quick look, `--naive-runs 0` to skip.
// Ratios printed: one-file / floor (goal ≤ 2), header resubmission / floor (goal ≤ 2) and naive / one-file (goal ≥ 15).
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { resolveCpythonSource, sha256OfFile, treeDirectory } from '@/lib/cpython/source'
import { buildCacheSlot, type BuildCacheSlot } from '@/lib/grading/build-cache'
import { docker } from '@/lib/grading/docker'
import { gradePatch, type EngineResult } from '@/lib/grading/engine'
import { graderImageRef, imageInfo, type GraderImageInfo } from '@/lib/grading/image'
import { loadAssignment, type LoadedAssignment } from '@/lib/content/assignment-manifest'

const fixtures = path.resolve(import.meta.dirname, '../tests/fixtures')

interface Options {
  runs: number
  naiveRuns: number
  json: boolean
}

function parseOptions(argv: string[]): Options {
  const optionValue = (flag: string, fallback: number) => {
    const index = argv.indexOf(flag)
    if (index < 0) return fallback
    const value = Number(argv[index + 1])
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number`)
    return value
  }
  return { runs: Math.max(1, optionValue('--runs', 5)), naiveRuns: optionValue('--naive-runs', 5), json: argv.includes('--json') }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function timed(what: string, runs: number, body: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = []
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    await body()
    samples.push(performance.now() - started)
    process.stderr.write(`  ${what} ${run + 1}/${runs}: ${seconds(samples.at(-1)!)}\n`)
  }
  return samples
}

function expectFullMarks(result: EngineResult, what: string) {
  if (result.status !== 'graded' || result.score !== result.maxScore) {
    throw new Error(`${what}: expected full marks, got ${result.status} ${result.score}/${result.maxScore}\n${result.build.log.slice(-2000)}`)
  }
}

/** A comment-only hunk at the top of Include/object.h, written against the image's own pristine tree. */
async function headerHunk(info: GraderImageInfo): Promise<string> {
  const objectH = path.join(treeDirectory({ version: info.version, sha256: info.sha256 }), 'src/Include/object.h')
  const firstLines = (await fs.readFile(objectH, 'utf8')).split('\n').slice(0, 3)
  return [
    '--- a/Include/object.h',
    '+++ b/Include/object.h',
    `@@ -1,3 +1,4 @@`,
    '+/* bench: a comment-only change to a header that nearly every object file includes */',
    ...firstLines.map((line) => ` ${line}`),
    '',
  ].join('\n')
}

/** Files for the floor and naive containers: the patch and the test programs, mounted read-only at /input. */
async function writeInputs(assignment: LoadedAssignment, patch: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'grader-bench-'))
  await fs.writeFile(path.join(dir, 'patch'), patch)
  for (const [index, test] of assignment.tests.entries()) {
    await fs.writeFile(path.join(dir, `t${index}.py`), test.programText)
    await fs.writeFile(path.join(dir, `t${index}.in`), test.stdinText ?? '')
  }
  await fs.chmod(dir, 0o755)
  return dir
}

/** The shell lines that run every test once with ./python (fixed text: test args are quoted by us, not a student). */
function testCommands(assignment: LoadedAssignment): string {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`
  return assignment.tests
    .map((test, index) => `./python -B /input/t${index}.py ${test.args.map(quote).join(' ')} < /input/t${index}.in > /dev/null || [ $? -eq ${test.exitCode} ]`)
    .join('\n')
}

async function runContainer(args: string[], what: string): Promise<void> {
  const result = await docker(args, { maxOutputBytes: 64 * 1024 })
  if (result.exitCode !== 0)
    throw new Error(`${what} failed (exit ${result.exitCode}):\n${result.stdout.text.slice(-3000)}\n${result.stderr.text.slice(-3000)}`)
}

async function main() {
  const options = parseOptions(process.argv.slice(2))
  const image = graderImageRef()
  const info = await imageInfo(image)
  const base = await loadAssignment(path.join(fixtures, 'assignments/cube-builtin'))
  const cubePatch = await fs.readFile(path.join(fixtures, 'patches/cube.patch'), 'utf8')
  const headerPatch = cubePatch + (await headerHunk(info))
  const withHeader: LoadedAssignment = { ...base, allowedPaths: [...base.allowedPaths, 'Include/object.h'] }
  console.error(`bench: ${image} (CPython ${info.version}, ${info.digest.slice(0, 19)}), ${os.availableParallelism()} cores`)

  const grade = async (assignment: LoadedAssignment, patchText: string, what: string, buildCache?: BuildCacheSlot) => {
    const result = await gradePatch({ assignment, patchText, image, expectedVersion: info.version, buildCache })
    expectFullMarks(result, what)
    return result
  }

  // One untimed run first: the page cache and Docker's own caches should be warm for every measurement alike.
  await grade(base, cubePatch, 'warm-up')

  console.error('one-file .c patch, end to end:')
  const oneFile = await timed('one-file', options.runs, () => grade(base, cubePatch, 'one-file'))
  console.error('header patch (Include/object.h), end to end:')
  const header = await timed('header', options.runs, () => grade(withHeader, headerPatch, 'header'))
  console.error('header resubmission with the cache warm (one untimed build fills it):')
  const cacheRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-build-cache-'))
  const slot = buildCacheSlot({ userId: 'bench', assignmentId: 'cube-builtin', imageId: info.digest }, { root: cacheRoot })
  let headerWarm: number[]
  let headerFirst: number[]
  let warmHits = 0
  try {
    console.error("header first submission (the student's cache empty):")
    let student = 0
    headerFirst = await timed('header-first', options.runs, () =>
      grade(
        withHeader,
        headerPatch,
        'header first submission',
        buildCacheSlot({ userId: `bench-first-${student++}`, assignmentId: 'cube-builtin', imageId: info.digest }, { root: cacheRoot }),
      ),
    )
    await grade(withHeader, headerPatch, 'header (filling the cache)', slot)
    headerWarm = await timed('header-warm', options.runs, async () => {
      warmHits = (await grade(withHeader, headerPatch, 'header resubmission', slot)).cache?.hits ?? 0
    })
  } finally {
    await fs.rm(cacheRoot, { recursive: true, force: true })
  }

  const inputs = await writeInputs(base, cubePatch)
  try {
    console.error('floor (start + compile one file + link + tests, nothing else):')
    const floorScript = ['set -e', 'cd /opt/cpython', 'patch -p1 --batch --quiet < /input/patch', 'make python > /dev/null 2>&1', testCommands(base)].join('\n')
    const floor = await timed('floor', options.runs, () =>
      runContainer(['run', '--rm', '--network', 'none', '--user', '1000:1000', '-v', `${inputs}:/input:ro`, image, 'sh', '-c', floorScript], 'floor'),
    )

    let naive: number[] = []
    if (options.naiveRuns > 0) {
      const source = await resolveCpythonSource({ warn: () => {} })
      if ((await sha256OfFile(source.path)) !== info.sha256) {
        throw new Error(`the configured CPython tarball (${source.path}) is not the one ${image} was built from; set CPYTHON_TARBALL`)
      }
      console.error(`naive full build from ${source.path} (about 100 s per run):`)
      const naiveScript = [
        'set -e',
        'cd /naive',
        'tar -xzf /tarball/cpython.tgz --strip-components=1',
        'touch configure pyconfig.h.in Include/Python-ast.h Python/Python-ast.c Include/graminit.h Python/graminit.c',
        'patch -p1 --batch --quiet < /input/patch',
        "CFLAGS= OPT='-DNDEBUG -fwrapv -O2 -Wall -Wstrict-prototypes' ./configure --quiet > /dev/null",
        'make -j"$(nproc)" > /dev/null 2>&1',
        testCommands(base),
      ].join('\n')
      naive = await timed('naive', options.naiveRuns, () =>
        runContainer(
          [
            'run',
            '--rm',
            '--network',
            'none',
            '--user',
            '1000:1000',
            '--tmpfs',
            '/naive:rw,exec,size=1g,uid=1000,gid=1000',
            '-v',
            `${inputs}:/input:ro`,
            '-v',
            `${source.path}:/tarball/cpython.tgz:ro`,
            image,
            'sh',
            '-c',
            naiveScript,
          ],
          'naive build',
        ),
      )
    }

    const report = {
      image,
      cpython: info.version,
      runs: options.runs,
      naiveRuns: options.naiveRuns,
      medianMs: {
        oneFile: Math.round(median(oneFile)),
        header: Math.round(median(header)),
        headerFirst: Math.round(median(headerFirst)),
        headerWarm: Math.round(median(headerWarm)),
        floor: Math.round(median(floor)),
        naive: naive.length ? Math.round(median(naive)) : null,
      },
      ratios: {
        oneFileOverFloor: Math.round((median(oneFile) / median(floor)) * 100) / 100,
        headerWarmOverFloor: Math.round((median(headerWarm) / median(floor)) * 100) / 100,
        naiveOverOneFile: naive.length ? Math.round((median(naive) / median(oneFile)) * 10) / 10 : null,
      },
    }
    if (options.json) {
      console.log(JSON.stringify(report, null, 2))
      return
    }
    console.log('')
    console.log(`CPython ${info.version}, ${image}, medians of ${options.runs} runs (naive: ${options.naiveRuns})`)
    console.log(`  one-file .c patch, end to end   ${seconds(report.medianMs.oneFile)}`)
    console.log(`  Include/object.h patch           ${seconds(report.medianMs.header)}`)
    console.log(`  header first submission (empty)  ${seconds(report.medianMs.headerFirst)}`)
    console.log(`  header resubmission (cache warm) ${seconds(report.medianMs.headerWarm)}   (${warmHits} cache hits)`)
    console.log(`  floor                            ${seconds(report.medianMs.floor)}`)
    console.log(`  naive full build                 ${report.medianMs.naive === null ? 'skipped' : seconds(report.medianMs.naive)}`)
    const goal = (ok: boolean) => (ok ? 'ok' : 'MISSED')
    console.log(`  one-file / floor = ${report.ratios.oneFileOverFloor}x   (goal <= 2x: ${goal(report.ratios.oneFileOverFloor <= 2)})`)
    console.log(`  header resubmission / floor = ${report.ratios.headerWarmOverFloor}x   (goal <= 2x: ${goal(report.ratios.headerWarmOverFloor <= 2)})`)
    if (report.ratios.naiveOverOneFile !== null) {
      console.log(`  naive / one-file = ${report.ratios.naiveOverOneFile}x   (goal >= 15x: ${goal(report.ratios.naiveOverOneFile >= 15)})`)
    }
  } finally {
    await fs.rm(inputs, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
