/**
 * What a student wrote, taken out of their patch. Most of every patched file is the same pristine CPython for the
 * whole class, so comparing patched files (or whole patches, whose context lines are pristine too) flags every pair.
 * A contribution keeps only the added lines of each hunk (a changed line is a removed line plus an added one; the
 * added side is what the student wrote), plus a few context lines around them so that a C parser sees whole
 * statements. The context is pristine, and pristine code is template (see template.ts), so it never counts as a
 * match by itself.
 *
 * Annotation homework adds only comments, so its contribution is the text of the added comments instead.
 *
 * Every row of a contribution remembers where it came from (file and line of the patched file), so a shared
 * fragment can be shown next to the patch and linked to the source viewer. Pure: no I/O.
 */
import { parsePatch } from '@/lib/patch/parse'
import { stripOneComponent } from '@/lib/patch/paths'

/** The submission cap (lib/grading/patch-policy.ts): no stored patch is larger, and no more is read of any text. */
export const MAX_PATCH_CHARS = 512 * 1024
/**
 * At most this many rows per contribution: bounded work per patch whatever a patch holds. The course's largest
 * reference solution adds about 150 lines; Dolos' longest-fragment search is quadratic in the fingerprints two
 * patches share, so a bound well above real homework (with MAX_TOKENS in compare.ts) keeps a pathological pair short.
 */
export const MAX_ROWS = 2_000

export type ContributionKind = 'code' | 'comments'

/** One row of a contribution's text. `path` is null for the blank separator between two blocks. */
export type ContributionRow = {
  path: string | null
  /** 1-based line in the patched file (the new side of the hunk); 0 for a separator */
  line: number
  /** true for a line the student added, false for context */
  added: boolean
  /** where in the pristine file this is: a context line's own number, or for an added line the pristine line it precedes */
  pristineLine: number
}

export type Contribution = {
  kind: ContributionKind
  /** the text compared: one line per row */
  text: string
  rows: ContributionRow[]
  /** how many added lines it holds */
  addedLines: number
  /** files it touches, relative to the CPython tree */
  paths: string[]
  /** true when the patch was larger than the caps and only its beginning was read */
  truncated: boolean
}

export type ExtractOptions = {
  kind: ContributionKind
  /** context lines kept on each side of a run of added lines (code only) */
  contextLines?: number
}

export const DEFAULT_CONTEXT_LINES = 3

function relativePath(raw: string | null | undefined): string | null {
  if (!raw) return null
  return stripOneComponent(raw)?.rel ?? raw
}

/**
 * A comment line's words without its comment markers and the course's `CSC253:` tag: what the student wrote.
 * Returns null for a line that holds no comment text (a code line, an empty `*` line or a lone `*\/`).
 */
export function commentText(line: string): string | null {
  let t = line.trim()
  t = t
    .replace(/^\/\/+/, '')
    .replace(/^\/\*+/, '')
    .replace(/\*+\/\s*$/, '')
    .replace(/^\*+(?!\/)/, '')
  t = t.replace(/^\s*CSC253\b:?/i, '').trim()
  return t === '' ? null : t
}

/** The student's own lines of a patch, as a contribution to compare. Invalid input yields an empty contribution. */
export function extractContribution(patch: string, options: ExtractOptions): Contribution {
  const truncated = patch.length > MAX_PATCH_CHARS
  const parsed = parsePatch(truncated ? patch.slice(0, MAX_PATCH_CHARS) : patch)
  const context = options.kind === 'code' ? Math.max(0, options.contextLines ?? DEFAULT_CONTEXT_LINES) : 0
  const lines: string[] = []
  const rows: ContributionRow[] = []
  const paths = new Set<string>()
  let addedLines = 0
  let full = false

  const push = (text: string, row: ContributionRow) => {
    if (rows.length >= MAX_ROWS) {
      full = true
      return
    }
    lines.push(text)
    rows.push(row)
  }
  const separate = () => {
    if (rows.length > 0 && rows[rows.length - 1]!.path !== null) push('', { path: null, line: 0, added: false, pristineLine: 0 })
  }

  for (const file of parsed.files) {
    const path = relativePath(file.newFile?.path ?? file.gitPaths?.new)
    if (!path || file.binary) continue
    for (const hunk of file.hunks) {
      // the new side of the hunk: context and added lines, with their line numbers in the patched file
      const side: { text: string; line: number; added: boolean; pristineLine: number }[] = []
      let n = hunk.newStart
      let o = hunk.oldStart
      for (const l of hunk.lines) {
        if (l.kind === 'remove') {
          o++
          continue
        }
        side.push({ text: l.text, line: n++, added: l.kind === 'add', pristineLine: l.kind === 'add' ? o : o++ })
      }
      const keep = new Uint8Array(side.length)
      side.forEach((s, i) => {
        if (!s.added) return
        for (let j = Math.max(0, i - context); j <= Math.min(side.length - 1, i + context); j++) keep[j] = 1
      })
      let open = false
      side.forEach((s, i) => {
        if (!keep[i]) {
          open = false
          return
        }
        if (options.kind === 'comments') {
          const words = commentText(s.text)
          if (words === null) return
          if (!open) separate()
          open = true
          push(words, { path, line: s.line, added: true, pristineLine: s.pristineLine })
        } else {
          if (!open) separate()
          open = true
          push(s.text, { path, line: s.line, added: s.added, pristineLine: s.pristineLine })
        }
        if (s.added) addedLines++
        paths.add(path)
      })
    }
  }
  return { kind: options.kind, text: lines.join('\n'), rows, addedLines, paths: [...paths].sort(), truncated: truncated || full }
}
