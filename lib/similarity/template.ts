/**
 * The template: text every student may share without it counting as a match. For a CPython patch that is the
 * pristine source of every file the class touched (context lines, and code a student copies from elsewhere in the
 * same file), the reference solution's own lines (a student who hands in the reference scores nothing with anyone)
 * and any starter code the instructor handed out. Dolos ignores every fingerprint that occurs in the template.
 */
import { DEFAULT_CONTEXT_LINES, extractContribution, type Contribution, type ContributionKind } from './extract'

export type TemplateSources = {
  /** pristine files by path (relative to the CPython tree) */
  pristine: ReadonlyMap<string, string>
  /** the assignment's reference solution (a patch), when there is one */
  reference?: string | null
  /** starter code the instructor handed out (a patch), when there is one */
  starter?: string | null
}

/** Cap on the template's size: a handful of CPython's largest files fit (ceval.c is 160 KiB). */
export const MAX_TEMPLATE_CHARS = 8 * 1024 * 1024

export type Template = {
  /** plain texts, each tokenised whole: the pristine files */
  texts: string[]
  /** patches read exactly as a student's are (same context, same own-lines rule), so that their lines match students' */
  contributions: Contribution[]
  /** what went in, for the run's parameters: "pristine:Python/ceval.c", "reference-solution", "starter-code" */
  parts: string[]
}

export function buildTemplate(sources: TemplateSources, kind: ContributionKind, contextLines = DEFAULT_CONTEXT_LINES): Template {
  const parts: string[] = []
  const chunks: string[] = []
  const contributions: Contribution[] = []
  let size = 0
  for (const [path, text] of [...sources.pristine].sort(([a], [b]) => a.localeCompare(b))) {
    if (text.trim() === '' || size + text.length > MAX_TEMPLATE_CHARS) continue
    chunks.push(text)
    parts.push(`pristine:${path}`)
    size += text.length + 1
  }
  for (const [label, patch] of [
    ['reference-solution', sources.reference],
    ['starter-code', sources.starter],
  ] as const) {
    if (!patch) continue
    const contribution = extractContribution(patch, { kind, contextLines })
    if (contribution.rows.length === 0) continue
    contributions.push(contribution)
    parts.push(label)
  }
  return { texts: chunks, contributions, parts }
}
