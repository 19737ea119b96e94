import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

import { gradePatch, type EngineResult } from '@/lib/grading/engine'
import { loadAssignment, type LoadedAssignment } from '@/lib/content/assignment-manifest'
import { checkAnnotationOnly, matchesAnyGlob } from '@/lib/patch'

export type ShortcutOutcome = { name: string; cheats: string; score?: string; stoppedBy: string[] }
export type CheckOutcome = {
  assignment: string
  version: string
  ok: boolean
  problems: string[]
  reference?: string
  baseline?: string
  shortcuts?: ShortcutOutcome[]
  seconds: number
}

/** A "should not pass" patch an author keeps in `<assignment>/shortcuts/<name>.diff`. */
export type Shortcut = { name: string; file: string; cheats: string; stoppedBy: string[]; patchText: string }

/**
 * Reads `shortcuts/*.diff`. Each file starts with comment lines before the diff:
 *   # cheats: what the patch gets away with, in one line   (required)
 *   # stopped-by: test_a, test_b                          (optional: these tests must fail)
 * The comment lines are stripped before grading; the rest is an ordinary `-p1` patch.
 */
export async function loadShortcuts(dir: string): Promise<{ shortcuts: Shortcut[]; problems: string[] }> {
  const folder = path.join(dir, 'shortcuts')
  const names = (await readdir(folder).catch(() => [] as string[])).filter((f) => !f.startsWith('.')).sort()
  const shortcuts: Shortcut[] = []
  const problems: string[] = []
  for (const file of names) {
    if (!file.endsWith('.diff')) {
      problems.push(`shortcuts/${file}: only <name>.diff files belong in shortcuts/`)
      continue
    }
    const text = await readFile(path.join(folder, file), 'utf8')
    const lines = text.split('\n')
    let i = 0
    let cheats = ''
    let stoppedBy: string[] = []
    for (; i < lines.length && lines[i].startsWith('#'); i++) {
      const m = /^#\s*([a-z-]+):\s*(.*)$/.exec(lines[i])
      if (m?.[1] === 'cheats') cheats = m[2].trim()
      else if (m?.[1] === 'stopped-by')
        stoppedBy = m[2]
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
    }
    if (!cheats) problems.push(`shortcuts/${file}: the first lines must say "# cheats: <what the patch gets away with>"`)
    shortcuts.push({ name: file.replace(/\.diff$/, ''), file: `shortcuts/${file}`, cheats, stoppedBy, patchText: lines.slice(i).join('\n') })
  }
  return { shortcuts, problems }
}

// Output that would make a test depend on the run rather than the interpreter's behaviour.
const NONDETERMINISTIC: [RegExp, string][] = [
  [/\b0x[0-9a-f]{6,}\b/i, 'a memory address (0x…)'],
  [/ at 0x[0-9a-f]+/i, 'an object repr with its address'],
  [/\b\d+\.\d{3,}\s*(s|sec|seconds|ms)\b/, 'a timing'],
  [/\b(19|20)\d\d-\d\d-\d\d[ T]\d\d:\d\d/, 'a timestamp'],
]

/**
 * A comment-only change to the first allowed file: the interpreter built from it behaves exactly like the
 * pristine one, so grading it measures what the unpatched baseline scores.
 */
export async function baselinePatch(
  assignment: LoadedAssignment,
  listFiles: () => Promise<string[]>,
  readPristine: (p: string) => Promise<string>,
): Promise<string> {
  const file =
    (await listFiles()).find((f) => f.endsWith('.c') && matchesAnyGlob(f, assignment.allowedPaths)) ??
    (await listFiles()).find((f) => matchesAnyGlob(f, assignment.allowedPaths))
  if (!file) throw new Error(`no file of the tree matches allowedPaths ${assignment.allowedPaths.join(', ')}`)
  const first = (await readPristine(file)).split('\n')[0]
  return [`--- a/${file}`, `+++ b/${file}`, '@@ -1 +1,2 @@', '+/* baseline check: no change in behaviour */', ` ${first}`, ''].join('\n')
}

/**
 * Everything `npm run homework:check` asks of one assignment on one grader image: a valid manifest whose tests all
 * have timeouts and deterministic expected output; the reference solution scoring full marks (annotation: only
 * comments, enough of them, and a tree that builds); the unpatched baseline scoring less, with every hidden test
 * failing; every "should not pass" patch in `shortcuts/` scoring less than full marks (annotation: refused by the
 * comment rules).
 */
export async function checkAssignment(
  dir: string,
  image: { tag: string; version: string },
  tree: { listFiles(): Promise<string[]>; readFile(p: string): Promise<string> },
): Promise<CheckOutcome> {
  const started = performance.now()
  const problems: string[] = []
  const assignment = await loadAssignment(dir)
  const name = assignment.slug
  const outcome = (extra: Partial<CheckOutcome> = {}): CheckOutcome => ({
    assignment: name,
    version: image.version,
    ok: problems.length === 0,
    problems,
    seconds: (performance.now() - started) / 1000,
    ...extra,
  })

  for (const test of assignment.tests) {
    if (!(test.timeoutSeconds > 0)) problems.push(`test ${test.name} has no timeout`)
    for (const [pattern, what] of NONDETERMINISTIC)
      if (pattern.test(test.expectedText)) problems.push(`test ${test.name}: the expected output contains ${what}`)
  }
  const solution = await readFile(path.join(dir, 'solution.diff'), 'utf8').catch(() => null)
  if (solution === null) {
    problems.push('solution.diff (the reference solution) is missing')
    return outcome()
  }
  const grade = (patchText: string): Promise<EngineResult> =>
    gradePatch({ assignment, patchText, image: image.tag, expectedVersion: image.version, jobId: `hwcheck-${name}` })

  if (assignment.manifest.kind === 'annotation') {
    const files = assignment.manifest.annotation?.files ?? []
    const comments = checkAnnotationOnly(solution, { files })
    if (!comments.ok) problems.push(...comments.errors.map((e) => `solution.diff line ${e.line}: ${e.message}`))
    const minimum = assignment.manifest.annotation?.minimumPerFile ?? 1
    for (const f of files)
      if ((comments.counts[f] ?? 0) < minimum)
        problems.push(`solution.diff has ${comments.counts[f] ?? 0} annotations in ${f}; the assignment asks for ${minimum}`)
    const built = await grade(solution)
    if (!built.build.ok)
      problems.push(`the annotated tree does not build: ${built.build.errors[0]?.message ?? built.build.log.split('\n').slice(-3).join(' ')}`)
    const loaded = await loadShortcuts(dir)
    problems.push(...loaded.problems)
    // An annotation is graded by hand, so a "should not pass" patch there is one the comment rules must refuse.
    for (const shortcut of loaded.shortcuts) {
      const checked = checkAnnotationOnly(shortcut.patchText, { files })
      if (checked.ok) problems.push(`${shortcut.file} passes the annotation rules; it cheats: ${shortcut.cheats || '?'}`)
    }
    return outcome({
      reference: `${Object.values(comments.counts).reduce((a, b) => a + b, 0)} annotations, builds: ${built.build.ok}`,
      shortcuts: loaded.shortcuts.map((s) => ({ name: s.name, cheats: s.cheats, stoppedBy: [] })),
    })
  }

  const reference = await grade(solution)
  if (reference.status !== 'graded')
    problems.push(
      `the reference solution was ${reference.status}: ${reference.rejection?.[0]?.message ?? reference.build.errors[0]?.message ?? reference.build.log.split('\n').slice(-5).join(' | ')}`,
    )
  else if (reference.score !== reference.maxScore) {
    const failed = reference.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name} (${t.status}${t.message ? `: ${t.message}` : ''})`)
    problems.push(`the reference solution scores ${reference.score}/${reference.maxScore}; failing: ${failed.join(', ')}`)
  }
  const baseline = await grade(
    await baselinePatch(
      assignment,
      () => tree.listFiles(),
      (p) => tree.readFile(p),
    ),
  )
  if (baseline.status !== 'graded') problems.push(`the baseline did not build: ${baseline.build.log.split('\n').slice(-3).join(' ')}`)
  else {
    if (baseline.score >= baseline.maxScore) problems.push(`the unpatched baseline already scores ${baseline.score}/${baseline.maxScore}`)
    const passingHidden = baseline.tests.filter((t) => t.visibility === 'hidden' && t.status === 'passed').map((t) => t.name)
    if (passingHidden.length) problems.push(`hidden tests pass without the patch: ${passingHidden.join(', ')}`)
  }
  const shortcuts = await checkShortcuts(dir, assignment, grade, problems)
  return outcome({ reference: `${reference.score}/${reference.maxScore}`, baseline: `${baseline.score}/${baseline.maxScore}`, shortcuts })
}

/**
 * Every author-kept "should not pass" patch must be graded (it applies and builds: otherwise it proves nothing) and
 * score below full marks; the tests its `# stopped-by:` line names must exist and fail.
 */
async function checkShortcuts(
  dir: string,
  assignment: LoadedAssignment,
  grade: (patchText: string) => Promise<EngineResult>,
  problems: string[],
): Promise<ShortcutOutcome[]> {
  const loaded = await loadShortcuts(dir)
  problems.push(...loaded.problems)
  const out: ShortcutOutcome[] = []
  for (const shortcut of loaded.shortcuts) {
    const where = shortcut.file
    for (const t of shortcut.stoppedBy)
      if (!assignment.tests.some((test) => test.name === t)) problems.push(`${where}: stopped-by names ${t}, which is not a test of this assignment`)
    const result = await grade(shortcut.patchText)
    if (result.status !== 'graded') {
      problems.push(
        `${where} was ${result.status}, not graded: ${result.rejection?.[0]?.message ?? result.build.errors[0]?.message ?? result.build.log.split('\n').slice(-3).join(' | ')}`,
      )
      out.push({ name: shortcut.name, cheats: shortcut.cheats, stoppedBy: [] })
      continue
    }
    const failing = result.tests.filter((t) => t.status !== 'passed').map((t) => t.name)
    if (result.score >= result.maxScore) problems.push(`${where} scores full marks (${result.score}/${result.maxScore}); it cheats: ${shortcut.cheats || '?'}`)
    const stillPassing = shortcut.stoppedBy.filter((t) => !failing.includes(t))
    if (stillPassing.length) problems.push(`${where}: ${stillPassing.join(', ')} should stop it but passed`)
    out.push({ name: shortcut.name, cheats: shortcut.cheats, score: `${result.score}/${result.maxScore}`, stoppedBy: failing })
  }
  return out
}
