// Decides a test outside the sandbox, from the program's exit status and stdout, against the expected output that
// never entered the sandbox. Nothing the program printed is read as a verdict: only this comparison decides.
//
// Normalisation (deliberately small): "\r\n" becomes "\n" on both sides, and whitespace at the very end of the
// output is ignored (Python 2's print always ends with "\n"; hand-written .out files may or may not). Everything
// else, including trailing spaces inside the output and blank lines in the middle, must match exactly.
import { groupHunks, hunkHeader, splitLines } from '@/lib/patch/hunks'
import { diffSequences, type DiffOp } from '@/lib/patch/line-diff'

export interface CompareInput {
  expectedStdout: string
  actualStdout: string
  expectedExitCode?: number
  actualExitCode: number | null
}

export type CompareOutcome = { passed: true } | { passed: false; reason: 'exit-code' | 'output'; message: string; diff?: string }

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
// Line diff: the patch kernel's bounded Myers diff (lib/patch/line-diff.ts) printed as a unified diff with this
// module's labels and line cap. When the outputs are too different (more than maxEditDistance changed lines) the
// middle, between the common first and last lines, is shown as one replaced block instead.

export interface DiffOptions {
  /** Context lines around each change. */
  context?: number
  /** The diff text is cut after this many lines, with a note saying how many were left out. */
  maxLines?: number
  /** Above this edit distance the exact diff is not worth showing. */
  maxEditDistance?: number
  expectedLabel?: string
  actualLabel?: string
}

type Edit = { kind: 'same' | 'delete' | 'insert'; text: string; oldLine: number; newLine: number }

export function unifiedDiff(expected: string, actual: string, options: DiffOptions = {}): string {
  const context = options.context ?? 3
  const maxLines = options.maxLines ?? 200
  const oldLines = outputLines(expected)
  const newLines = outputLines(actual)
  const ops = diffOps(oldLines, newLines, options.maxEditDistance ?? 1000)
  const out = [`--- ${options.expectedLabel ?? 'expected'}`, `+++ ${options.actualLabel ?? 'actual'}`]
  for (const hunk of groupHunks(ops, context)) {
    out.push(hunkHeader(hunk))
    for (const op of hunk.ops)
      out.push(op.kind === 'equal' ? ` ${oldLines[op.oldIndex]}` : op.kind === 'delete' ? `-${oldLines[op.oldIndex]}` : `+${newLines[op.newIndex]}`)
  }
  if (out.length > maxLines) {
    const omitted = out.length - maxLines
    return [...out.slice(0, maxLines), `... diff truncated (${omitted} more line${omitted === 1 ? '' : 's'})`].join('\n')
  }
  return out.join('\n')
}

/** Output is compared as written: a final "\n" (which normaliseOutput removes first) is an empty last line. */
function outputLines(text: string): string[] {
  const { lines, finalNewline } = splitLines(text)
  if (finalNewline && text !== '') lines.push('')
  return lines
}

/** The edit script as entries that carry their text and both line positions (for an insertion, the old lines before it). */
export function diffLines(oldLines: string[], newLines: string[], maxEditDistance = 1000): Edit[] {
  const edits: Edit[] = []
  let oldBefore = 0
  let newBefore = 0
  for (const op of diffOps(oldLines, newLines, maxEditDistance)) {
    if (op.kind === 'equal') {
      edits.push({ kind: 'same', text: oldLines[op.oldIndex]!, oldLine: op.oldIndex, newLine: op.newIndex })
      oldBefore = op.oldIndex + 1
      newBefore = op.newIndex + 1
    } else if (op.kind === 'delete') {
      edits.push({ kind: 'delete', text: oldLines[op.oldIndex]!, oldLine: op.oldIndex, newLine: newBefore })
      oldBefore = op.oldIndex + 1
    } else {
      edits.push({ kind: 'insert', text: newLines[op.newIndex]!, oldLine: oldBefore, newLine: op.newIndex })
      newBefore = op.newIndex + 1
    }
  }
  return edits
}

/**
 * The shortest edit script (within the kernel's work budget, so linear on any student output), or, when it changes
 * more than maxEditDistance lines, the common prefix and suffix around one replaced block.
 */
function diffOps(oldLines: readonly string[], newLines: readonly string[], maxEditDistance: number): DiffOp[] {
  const ops = diffSequences(oldLines, newLines)
  let changes = 0
  for (const op of ops) if (op.kind !== 'equal') changes++
  if (changes <= maxEditDistance) return ops

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
  const replaced: DiffOp[] = []
  for (let i = 0; i < prefix; i++) replaced.push({ kind: 'equal', oldIndex: i, newIndex: i })
  for (let i = prefix; i < oldLines.length - suffix; i++) replaced.push({ kind: 'delete', oldIndex: i })
  for (let j = prefix; j < newLines.length - suffix; j++) replaced.push({ kind: 'insert', newIndex: j })
  for (let i = 0; i < suffix; i++) replaced.push({ kind: 'equal', oldIndex: oldLines.length - suffix + i, newIndex: newLines.length - suffix + i })
  return replaced
}
