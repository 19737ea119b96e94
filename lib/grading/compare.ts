// Decides a test outside the sandbox, from the program's exit status and stdout, against the expected output that
// never entered the sandbox. Nothing the program printed is read as a verdict: only this comparison decides.
//
// Normalisation (deliberately small): "\r\n" becomes "\n" on both sides, and whitespace at the very end of the
// output is ignored (Python 2's print always ends with "\n"; hand-written .out files may or may not). Everything
// else, including trailing spaces inside the output and blank lines in the middle, must match exactly.

export interface CompareInput {
  expectedStdout: string
  actualStdout: string
  expectedExitCode?: number
  actualExitCode: number | null
}

export type CompareOutcome =
  | { passed: true }
  | { passed: false; reason: 'exit-code' | 'output'; message: string; diff?: string }

// The program's stdout is student-controlled (up to 256 KiB per test), so everything here is a linear scan: no
// regular expression that can backtrack. `trimEnd` removes exactly what `/\s+$/` did (WhiteSpace and
// LineTerminator code points, as \s), but in one backward pass instead of one pass per start position (quadratic
// on a long run of spaces followed by anything else).
export function normaliseOutput(text: string): string {
  return (text.includes('\r') ? text.split('\r\n').join('\n') : text).trimEnd()
}

export function compareOutput(input: CompareInput, diffOptions: DiffOptions = {}): CompareOutcome {
  const expectedExitCode = input.expectedExitCode ?? 0
  const expected = normaliseOutput(input.expectedStdout)
  const actual = normaliseOutput(input.actualStdout)
  const outputMatches = expected === actual
  const diff = outputMatches ? undefined : unifiedDiff(expected, actual, diffOptions)
  if (input.actualExitCode !== expectedExitCode) {
    const got = input.actualExitCode === null ? 'no exit status' : `exit status ${input.actualExitCode}`
    return { passed: false, reason: 'exit-code', message: `expected exit status ${expectedExitCode}, got ${got}`, ...(diff ? { diff } : {}) }
  }
  if (!outputMatches) return { passed: false, reason: 'output', message: 'output differs from the expected output', diff }
  return { passed: true }
}

// ---------------------------------------------------------------------------------------------------------------
// Line diff: Myers' O((N+M)·D) algorithm on lines after trimming the common prefix and suffix, printed as a unified
// diff. When the outputs are too different (D above a cap) the middle is shown as one replaced block instead.

export interface DiffOptions {
  /** Context lines around each change. */
  context?: number
  /** The diff text is cut after this many lines, with a note saying how many were left out. */
  maxLines?: number
  /** Above this edit distance the exact diff is not worth computing. */
  maxEditDistance?: number
  expectedLabel?: string
  actualLabel?: string
}

type Edit = { kind: 'same' | 'delete' | 'insert'; text: string; oldLine: number; newLine: number }

export function unifiedDiff(expected: string, actual: string, options: DiffOptions = {}): string {
  const context = options.context ?? 3
  const maxLines = options.maxLines ?? 200
  const oldLines = splitLines(expected)
  const newLines = splitLines(actual)
  const edits = diffLines(oldLines, newLines, options.maxEditDistance ?? 1000)
  const hunks = groupHunks(edits, context)
  const out = [`--- ${options.expectedLabel ?? 'expected'}`, `+++ ${options.actualLabel ?? 'actual'}`]
  for (const hunk of hunks) {
    const first = hunk[0]
    const oldCount = hunk.filter((edit) => edit.kind !== 'insert').length
    const newCount = hunk.filter((edit) => edit.kind !== 'delete').length
    // A range of zero lines starts one line earlier, as in diff -u.
    const oldStart = oldCount === 0 ? first.oldLine : first.oldLine + 1
    const newStart = newCount === 0 ? first.newLine : first.newLine + 1
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`)
    for (const edit of hunk) out.push(`${edit.kind === 'same' ? ' ' : edit.kind === 'delete' ? '-' : '+'}${edit.text}`)
  }
  if (out.length > maxLines) {
    const omitted = out.length - maxLines
    return [...out.slice(0, maxLines), `... diff truncated (${omitted} more line${omitted === 1 ? '' : 's'})`].join('\n')
  }
  return out.join('\n')
}

function splitLines(text: string): string[] {
  return text === '' ? [] : text.split('\n')
}

export function diffLines(oldLines: string[], newLines: string[], maxEditDistance = 1000): Edit[] {
  let prefix = 0
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++
  let suffix = 0
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix++
  }
  const oldMiddle = oldLines.slice(prefix, oldLines.length - suffix)
  const newMiddle = newLines.slice(prefix, newLines.length - suffix)

  const edits: Edit[] = []
  for (let i = 0; i < prefix; i++) edits.push({ kind: 'same', text: oldLines[i], oldLine: i, newLine: i })
  const middle = myers(oldMiddle, newMiddle, maxEditDistance) ?? replaceAll(oldMiddle, newMiddle)
  for (const edit of middle) edits.push({ ...edit, oldLine: edit.oldLine + prefix, newLine: edit.newLine + prefix })
  for (let i = 0; i < suffix; i++) {
    const oldLine = oldLines.length - suffix + i
    const newLine = newLines.length - suffix + i
    edits.push({ kind: 'same', text: oldLines[oldLine], oldLine, newLine })
  }
  return edits
}

function replaceAll(oldLines: string[], newLines: string[]): Edit[] {
  return [
    ...oldLines.map((text, i): Edit => ({ kind: 'delete', text, oldLine: i, newLine: 0 })),
    ...newLines.map((text, j): Edit => ({ kind: 'insert', text, oldLine: oldLines.length, newLine: j })),
  ]
}

/**
 * Shortest edit script; null when it needs more than maxD edits. Lines are compared as interned integers: student
 * output may repeat one long line thousands of times, and comparing strings in every snake step would multiply the
 * O((N + M)·D) search by the line length.
 */
function myers(a: string[], b: string[], maxD: number): Edit[] | null {
  const ids = new Map<string, number>()
  const intern = (line: string) => {
    let id = ids.get(line)
    if (id === undefined) ids.set(line, (id = ids.size))
    return id
  }
  const ai = Int32Array.from(a, intern)
  const bi = Int32Array.from(b, intern)
  const n = a.length
  const m = b.length
  const max = Math.min(n + m, maxD)
  const offset = max + 1
  let v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  let found = false
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice())
    const next = v.slice()
    for (let k = -d; k <= d; k += 2) {
      let x: number
      if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) x = v[offset + k + 1]
      else x = v[offset + k - 1] + 1
      let y = x - k
      while (x < n && y < m && ai[x] === bi[y]) {
        x++
        y++
      }
      next[offset + k] = x
      if (x >= n && y >= m) {
        v = next
        found = true
        break outer
      }
    }
    v = next
  }
  if (!found) return null

  // Walk back through the saved frontiers to recover the path.
  const edits: Edit[] = []
  let x = n
  let y = m
  for (let d = trace.length - 1; d >= 0; d--) {
    const frontier = trace[d]
    const k = x - y
    let previousK: number
    if (k === -d || (k !== d && frontier[offset + k - 1] < frontier[offset + k + 1])) previousK = k + 1
    else previousK = k - 1
    const previousX = d === 0 ? 0 : frontier[offset + previousK]
    const previousY = previousX - previousK
    while (x > previousX && y > previousY) {
      x--
      y--
      edits.push({ kind: 'same', text: a[x], oldLine: x, newLine: y })
    }
    if (d > 0) {
      if (x === previousX) {
        y--
        edits.push({ kind: 'insert', text: b[y], oldLine: x, newLine: y })
      } else {
        x--
        edits.push({ kind: 'delete', text: a[x], oldLine: x, newLine: y })
      }
    }
  }
  return edits.reverse()
}

function groupHunks(edits: Edit[], context: number): Edit[][] {
  const changed = edits.map((edit, i) => (edit.kind === 'same' ? -1 : i)).filter((i) => i >= 0)
  if (changed.length === 0) return []
  const hunks: Edit[][] = []
  let start = Math.max(0, changed[0] - context)
  let end = Math.min(edits.length - 1, changed[0] + context)
  for (const index of changed.slice(1)) {
    if (index - context <= end + 1) {
      end = Math.min(edits.length - 1, index + context)
    } else {
      hunks.push(edits.slice(start, end + 1))
      start = Math.max(0, index - context)
      end = Math.min(edits.length - 1, index + context)
    }
  }
  hunks.push(edits.slice(start, end + 1))
  return hunks
}
