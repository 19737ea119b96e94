/**
 * Stable rejection codes for submitted patches. The web app, the API and the tests key on these strings, so a code
 * is never renamed or reused for a different problem; add a new one instead.
 */
export const PATCH_ERROR_CODES = [
  // The bytes as a whole
  'empty-patch',
  'no-file-changes',
  'too-large',
  'nul-byte',
  'not-utf8',
  'mixed-line-endings',
  'bare-carriage-return',
  'line-too-long',
  'too-many-files',
  'too-many-errors',
  // Diff formats other than unified
  'context-diff',
  'ed-diff',
  'normal-diff',
  'combined-diff',
  // Structure of a unified diff
  'bad-file-header',
  'file-without-hunks',
  'hunk-outside-file',
  'hunk-header-malformed',
  'hunk-truncated',
  'hunk-count-mismatch',
  'hunk-bad-line',
  'garbage-between-hunks',
  'no-newline-misplaced',
  'hunks-overlap',
  'hunks-out-of-order',
  'diff-only-in',
  // Kinds of change the grader does not accept
  'binary-patch',
  'rename-or-copy',
  'mode-change',
  'symlink',
  'unsupported-file-mode',
  // Paths
  'path-absolute',
  'path-escapes-tree',
  'path-backslash',
  'path-control-character',
  'path-bad-character',
  'path-not-canonical',
  'path-too-long',
  'path-forbidden',
  'missing-prefix',
  'inconsistent-prefix',
  'path-mismatch',
  'path-not-allowed',
  'path-not-in-tree',
  'duplicate-file',
  // Creating and deleting files
  'create-not-allowed',
  'delete-not-allowed',
  'create-existing-file',
  'bad-create-or-delete',
] as const

export type PatchErrorCode = (typeof PATCH_ERROR_CODES)[number]

export type PatchError = {
  code: PatchErrorCode
  /** Path relative to the CPython tree (or as written in the patch when it cannot be made relative). */
  file?: string
  /** 1-based line number in the submitted patch. */
  line?: number
  /** Written for the student: starts with "line N:" when a line is known, names the file and the fix. */
  message: string
}

export function atLine(line: number | undefined, text: string): string {
  return line === undefined ? text : `line ${line}: ${text}`
}

/** Quote a path or line fragment for a message, showing invisible characters instead of printing them. */
export function show(value: string, max = 120): string {
  const visible = Array.from(value)
    .map((ch) => {
      const cp = ch.codePointAt(0)!
      if (ch === '\t') return '\\t'
      if (cp < 0x20 || cp === 0x7f || isInvisibleFormatChar(cp)) return `\\u{${cp.toString(16).toUpperCase()}}`
      return ch
    })
    .join('')
  const clipped = visible.length > max ? `${visible.slice(0, max)}…` : visible
  return `"${clipped}"`
}

/** Bidirectional overrides, zero-width characters and other format characters that make text lie about itself. */
export function isInvisibleFormatChar(cp: number): boolean {
  return (
    cp === 0xad ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0xfeff ||
    (cp >= 0x80 && cp <= 0x9f)
  )
}
