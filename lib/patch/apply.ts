// Apply one file's unified-diff hunks to that file's text, in memory. Shared by the instructor's diff view (pristine
// file → what the student's patch makes of it) and the in-browser workbench. Pure: no file system, no processes.
//
// Like `git apply`, a hunk must match its context exactly (no fuzz), but may be found a few lines away from where
// its header says (an offset), searching outward from the expected place. Hunks apply in order and never overlap.
import { hunkHeader, splitLines } from './hunks'
import type { FileDiff } from './parse'
import { stripOneComponent } from './paths'

export type HunkFailure = {
  /** 0-based index of the hunk in the file's diff */
  hunkIndex: number
  /** the hunk header as written, e.g. `@@ -120,7 +120,8 @@` */
  header: string
  /** 1-based line of the hunk header in the patch */
  patchLine: number
  /** 1-based line of the original file where the hunk was expected */
  expectedAt: number
  /** the first line that differs at the expected place, when there is one */
  mismatch?: { fileLine: number; expected: string; found: string | null }
}

export class PatchApplyError extends Error {
  constructor(
    readonly failure: HunkFailure,
    message: string,
  ) {
    super(message)
    this.name = 'PatchApplyError'
  }
}

export type ApplyOptions = {
  /** how far from its stated position a hunk may be found (default: anywhere in the file, nearest first, as git apply) */
  maxOffset?: number
  /**
   * Lines compared while looking for hunks, over the whole file (default DEFAULT_SEARCH_BUDGET). The patch is the
   * student's: 40 000 hunks each placed a file's length from where their headers say would cost billions of
   * comparisons. A hunk not found within the budget is reported as not applying, with the reason.
   */
  searchBudget?: number
  /** named in error messages */
  fileName?: string
}

/** About 20-50 ms of comparisons: any real patch's hunks are found with a tiny fraction of it. */
export const DEFAULT_SEARCH_BUDGET = 5_000_000

function matchesAt(lines: readonly string[], pos: number, expected: readonly string[]): boolean {
  if (pos < 0 || pos + expected.length > lines.length) return false
  for (let k = 0; k < expected.length; k++) if (lines[pos + k] !== expected[k]) return false
  return true
}

const show = (s: string | null) => (s === null ? 'the end of the file' : `\`${s.length > 80 ? `${s.slice(0, 77)}...` : s}\``)

/**
 * The text of the file after applying `fileDiff`'s hunks to `original`. Throws PatchApplyError naming the first
 * hunk that does not match (its header, its line in the patch, and the first differing line of the file).
 */
export function applyUnifiedDiff(original: string, fileDiff: Pick<FileDiff, 'hunks'>, options: ApplyOptions = {}): string {
  const maxOffset = options.maxOffset ?? Number.POSITIVE_INFINITY
  let budget = options.searchBudget ?? DEFAULT_SEARCH_BUDGET
  const name = options.fileName ? ` to ${options.fileName}` : ''
  const { lines, finalNewline: originalFinalNewline } = splitLines(original)
  const out: string[] = []
  let cursor = 0 // next unconsumed line of the original
  let offset = 0 // how far the previous hunk was from its stated place; later hunks are looked for there first
  let finalNewline = originalFinalNewline

  fileDiff.hunks.forEach((hunk, hunkIndex) => {
    if (!hunk.complete) {
      throw new PatchApplyError(
        { hunkIndex, header: hunkHeader(hunk), patchLine: hunk.line, expectedAt: hunk.oldStart },
        `hunk ${hunkIndex + 1} (patch line ${hunk.line}) is malformed and cannot be applied${name}`,
      )
    }
    const oldSide = hunk.lines.filter((l) => l.kind !== 'add')
    const newSide = hunk.lines.filter((l) => l.kind !== 'remove')
    const oldText = oldSide.map((l) => l.text)
    // a hunk that removes nothing and keeps no context inserts *after* line oldStart
    const stated = (oldText.length === 0 ? hunk.oldStart : hunk.oldStart - 1) + offset
    let pos = -1
    // Candidates are the places the old side fits, [cursor, highest], nearest to `stated` first (the place before it
    // on a tie). Distances at which neither side fits are skipped, not counted through: a header may claim line
    // 999 999 999 of a 10-line file.
    const highest = lines.length - oldText.length
    let overBudget = false
    const firstDistance = stated > highest ? stated - highest : stated < cursor ? cursor - stated : 0
    for (let d = firstDistance; d <= maxOffset; d++) {
      const below = stated - d
      const above = stated + d
      if (below < cursor && above > highest) break
      // each place tried costs the lines it compares (at least one)
      budget -= Math.max(1, oldText.length) * (d > 0 ? 2 : 1)
      if (budget < 0) {
        overBudget = true
        break
      }
      if (below >= cursor && below <= highest && matchesAt(lines, below, oldText)) {
        pos = below
        break
      }
      if (d > 0 && above >= cursor && above <= highest && matchesAt(lines, above, oldText)) {
        pos = above
        break
      }
    }
    if (overBudget) {
      throw new PatchApplyError(
        { hunkIndex, header: hunkHeader(hunk), patchLine: hunk.line, expectedAt: Math.max(1, Math.min(stated, lines.length) + 1) },
        `hunk ${hunkIndex + 1} (${hunkHeader(hunk)}, patch line ${hunk.line}) does not apply${name}: its lines are not near line ${Math.max(1, Math.min(stated + 1, lines.length))}, where its header puts it, and the patch's hunks are too far from their places to search for all of them. Make the patch with "git diff" against the CPython 2.7.8 sources`,
      )
    }
    const endsAtEof = pos >= 0 && pos + oldText.length === lines.length
    const oldClaimsEof = oldSide.length > 0 && oldSide[oldSide.length - 1]!.noNewlineAtEnd
    if (pos >= 0 && oldClaimsEof && (!endsAtEof || originalFinalNewline)) pos = -1
    if (pos < 0) {
      const at = Math.max(cursor, Math.min(stated, lines.length))
      let mismatch: HunkFailure['mismatch']
      for (let k = 0; k < oldText.length; k++) {
        const found = lines[at + k] ?? null
        if (found !== oldText[k]) {
          mismatch = { fileLine: at + k + 1, expected: oldText[k]!, found }
          break
        }
      }
      const detail = mismatch
        ? `: line ${mismatch.fileLine} is ${show(mismatch.found)} where the patch expects ${show(mismatch.expected)}`
        : oldClaimsEof
          ? ': the patch says the file ends without a newline there, and it does not'
          : ''
      throw new PatchApplyError(
        { hunkIndex, header: hunkHeader(hunk), patchLine: hunk.line, expectedAt: at + 1, mismatch },
        `hunk ${hunkIndex + 1} (${hunkHeader(hunk)}, patch line ${hunk.line}) does not apply${name}${detail}`,
      )
    }
    for (let k = cursor; k < pos; k++) out.push(lines[k]!)
    for (const l of newSide) out.push(l.text)
    cursor = pos + oldText.length
    offset = pos - (oldText.length === 0 ? hunk.oldStart : hunk.oldStart - 1)
    if (endsAtEof) {
      const lastNew = newSide[newSide.length - 1]
      // the new file's last line comes from this hunk, or (all trailing lines removed) from the untouched part above
      finalNewline = lastNew ? !lastNew.noNewlineAtEnd : true
    }
  })
  for (let k = cursor; k < lines.length; k++) out.push(lines[k]!)
  if (out.length === 0) return ''
  return out.join('\n') + (finalNewline ? '\n' : '')
}

/**
 * A file section's paths with their first component removed, as `patch -p1` and the validator do (`a/`, `b/`, but
 * also `orig/`, `new/`, `cpython-2.7.8/`); a path without a directory is kept; null for /dev/null.
 */
export function fileDiffPaths(fileDiff: Pick<FileDiff, 'oldFile' | 'newFile' | 'gitPaths'>): { oldPath: string | null; newPath: string | null } {
  const strip = (p: string | null | undefined) => (p ? (stripOneComponent(p)?.rel ?? p) : null)
  const oldPath = fileDiff.oldFile ? strip(fileDiff.oldFile.path) : strip(fileDiff.gitPaths?.old)
  const newPath = fileDiff.newFile ? strip(fileDiff.newFile.path) : strip(fileDiff.gitPaths?.new)
  return { oldPath, newPath }
}
