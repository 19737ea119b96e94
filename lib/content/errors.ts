import { plural } from '@/lib/text/plural'

/** One problem found in a content file: which file, where inside it, and what is wrong. */
export type ContentProblem = { file: string; path: string; line?: number; message: string }

export function formatProblem(p: ContentProblem): string {
  const where = [p.file + (p.line ? `:${p.line}` : ''), p.path].filter(Boolean).join(' ')
  return `${where}: ${p.message}`
}

/** Thrown when content files do not validate; carries every problem, not only the first. */
export class ContentValidationError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(`${plural(problems.length, 'problem')} in course content:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`)
    this.name = 'ContentValidationError'
  }
}
