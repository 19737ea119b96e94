// Unified diffs of the workbench draft against the pristine tree: exactly what `patch -p1` (and `git apply`)
// applies to the pristine file to give the edited one. Pure: runs in the browser for the live diff and on the
// server when a draft is downloaded or submitted, so the student sees the very text that is graded.
//
// The output has the shape `validatePatch` renders as `normalized` (`--- a/<path>`, `+++ b/<path>`, canonical
// `@@ -a,b +c,d @@` headers, no timestamps, no git extended headers), so a draft's diff is stored byte for byte.
import { groupHunks, hunkHeader, splitLines, type SplitText } from './hunks'
import { DEFAULT_DIFF_BUDGET, diffSequencesBounded } from './line-diff'

export const DEFAULT_CONTEXT_LINES = 3

export type UnifiedDiffOptions = {
  /** unchanged lines shown around each change (3, like diff -u and git diff) */
  context?: number
  /**
   * Search work allowed (see line-diff.ts; for createDraftPatch, shared by all the files). Past it, the rest of a
   * file's changes become one replaced block: a longer diff, applied by `patch -p1` to exactly the same text.
   */
  budget?: number
}

export type DraftFileText = { path: string; original: string; edited: string }

/** GNU diff's marker after a line that is the last one of its file and has no line break after it. */
export const NO_NEWLINE_MARKER = '\\ No newline at end of file'

/**
 * Give `edited` the line endings of `original`, so that a file keeps its convention whatever the editor or a paste
 * produced, and the diff shows only real changes:
 * - original without any CR (every C source of the tree): CRLF and lone CR in the edit become LF;
 * - original with CRLF on every line: each line break of the edit becomes CRLF;
 * - anything else (mixed endings): the edit is left alone.
 */
export function matchLineEndings(original: string, edited: string): string {
  if (!original.includes('\r')) return edited.includes('\r') ? edited.replace(/\r\n?/g, '\n') : edited
  const breaks = original.match(/\r\n|\r|\n/g) ?? []
  if (breaks.length > 0 && breaks.every((b) => b === '\r\n')) return edited.replace(/\r\n|\r|\n/g, '\r\n')
  return edited
}

/**
 * The unified diff turning `original` into `edited` for the tree-relative `path`, with `a/` and `b/` prefixes;
 * '' when the texts are the same (after matching line endings). Line content is compared exactly, so a CR that is
 * part of a CRLF file's lines stays in the diff, and any Unicode is kept as is (the caller encodes it as UTF-8).
 */
export function createUnifiedDiff(path: string, original: string, edited: string, options: UnifiedDiffOptions = {}): string {
  return unifiedDiffWithCost(path, original, edited, options).diff
}

function unifiedDiffWithCost(path: string, original: string, edited: string, options: UnifiedDiffOptions): { diff: string; spent: number } {
  const context = Math.max(0, Math.floor(options.context ?? DEFAULT_CONTEXT_LINES))
  const target = matchLineEndings(original, edited)
  if (target === original) return { diff: '', spent: 0 }
  const before = splitLines(original)
  const after = splitLines(target)

  // A last line without a line break differs from the same text with one: give it a key no real line can have
  // (a real line never contains "\n"), so the diff replaces it and marks it.
  const keys = (s: SplitText) => s.lines.map((line, i) => (i === s.lines.length - 1 && !s.finalNewline ? `\n${line}` : line))
  const { ops, spent } = diffSequencesBounded(keys(before), keys(after), { budget: options.budget ?? DEFAULT_DIFF_BUDGET })

  const out = [`--- a/${path}`, `+++ b/${path}`]
  for (const hunk of groupHunks(ops, context)) {
    out.push(hunkHeader(hunk))
    for (const op of hunk.ops) {
      if (op.kind === 'equal') {
        out.push(` ${before.lines[op.oldIndex]}`)
        // an unchanged last line: both files end there, and both without a line break (the keys matched)
        if (op.oldIndex === before.lines.length - 1 && !before.finalNewline) out.push(NO_NEWLINE_MARKER)
      } else if (op.kind === 'delete') {
        out.push(`-${before.lines[op.oldIndex]}`)
        if (op.oldIndex === before.lines.length - 1 && !before.finalNewline) out.push(NO_NEWLINE_MARKER)
      } else {
        out.push(`+${after.lines[op.newIndex]}`)
        if (op.newIndex === after.lines.length - 1 && !after.finalNewline) out.push(NO_NEWLINE_MARKER)
      }
    }
  }
  return { diff: `${out.join('\n')}\n`, spent }
}

/** One patch for several files: each changed file's diff, in path order (unchanged files contribute nothing). */
export function createDraftPatch(files: readonly DraftFileText[], options: UnifiedDiffOptions = {}): string {
  let budget = options.budget ?? DEFAULT_DIFF_BUDGET
  let patch = ''
  for (const f of [...files].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))) {
    const { diff, spent } = unifiedDiffWithCost(f.path, f.original, f.edited, { ...options, budget })
    budget = Math.max(0, budget - spent)
    patch += diff
  }
  return patch
}

/** How many lines a patch made by this module adds and removes, and how many files it changes (“+12 −3”). */
export function countChangedLines(patch: string): { added: number; removed: number; files: number } {
  let added = 0
  let removed = 0
  let files = 0
  let oldLeft = 0
  let newLeft = 0
  for (const line of patch.split('\n')) {
    // inside a hunk, read exactly as many lines as its header announces: a removed "-- x" is not a file header
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('+')) {
        added++
        newLeft--
      } else if (line.startsWith('-')) {
        removed++
        oldLeft--
      } else if (line.startsWith(' ')) {
        oldLeft--
        newLeft--
      }
      continue
    }
    const header = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line)
    if (header) {
      oldLeft = header[1] === undefined ? 1 : Number(header[1])
      newLeft = header[2] === undefined ? 1 : Number(header[2])
    } else if (line.startsWith('+++ ')) files++
  }
  return { added, removed, files }
}
