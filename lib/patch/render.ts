import { hunkHeader } from './hunks'
import type { Hunk } from './parse'

export type RenderableFile = { path: string; created: boolean; deleted: boolean; hunks: Hunk[] }

/**
 * Write the patch that will be applied, from the parsed and checked structure rather than from the submitted text.
 *
 * Why re-render: `patch` looks for diffs anywhere in its input (including a commit message), guesses file names from
 * several header lines, and accepts formats we reject. Rendering only what was validated (a plain unified diff, one
 * section per file, `a/` and `b/` prefixes, canonical `@@ -a,b +c,d @@` headers, no preamble, no git extended headers)
 * means `git apply` and `patch -p1` can only ever see the checked files and hunks.
 */
export function renderPatch(files: readonly RenderableFile[]): string {
  const out: string[] = []
  for (const file of files) {
    out.push(`--- ${file.created ? '/dev/null' : `a/${file.path}`}`)
    out.push(`+++ ${file.deleted ? '/dev/null' : `b/${file.path}`}`)
    for (const hunk of file.hunks) {
      // The heading after "@@" is free text (git puts the function name there); keep it only if it is plain text.
      const section =
        hunk.section && !/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/.test(hunk.section) ? ` ${hunk.section}` : ''
      out.push(`${hunkHeader(hunk)}${section}`)
      for (const line of hunk.lines) {
        out.push(`${line.kind === 'context' ? ' ' : line.kind === 'add' ? '+' : '-'}${line.text}`)
        if (line.noNewlineAtEnd) out.push('\\ No newline at end of file')
      }
    }
  }
  return out.length ? `${out.join('\n')}\n` : ''
}
