/**
 * The template: text every student may share without it counting as a match. For a CPython patch that is the
 * pristine source of every file the class touched (context lines, and code a student copies from elsewhere in the
 * same file), the reference solution's own lines (a student who hands in the reference scores nothing with anyone)
 * and any starter code the instructor handed out. Dolos ignores every fingerprint that occurs in the template.
 */
import { extractContribution, type ContributionKind } from './extract'

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

export function buildTemplate(sources: TemplateSources, kind: ContributionKind): { text: string; parts: string[] } {
  const parts: string[] = []
  const chunks: string[] = []
  let size = 0
  const add = (label: string, text: string) => {
    if (text.trim() === '' || size + text.length > MAX_TEMPLATE_CHARS) return
    chunks.push(text)
    parts.push(label)
    size += text.length + 1
  }
  for (const [path, text] of [...sources.pristine].sort(([a], [b]) => a.localeCompare(b))) add(`pristine:${path}`, text)
  // the reference and starter patches are read exactly as a student's are, so their lines match students' lines
  if (sources.reference) add('reference-solution', extractContribution(sources.reference, { kind, contextLines: 0 }).text)
  if (sources.starter) add('starter-code', extractContribution(sources.starter, { kind, contextLines: 0 }).text)
  return { text: chunks.join('\n'), parts }
}
