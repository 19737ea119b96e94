import { readFileSync } from 'node:fs'

import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import type { z } from 'zod'

import type { ContentProblem } from './errors'

/** `questions[3].answer` from zod's ['questions', 3, 'answer']. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '')
}

/**
 * Parse a YAML file and validate it with a zod schema. Problems carry the file name, the path inside the
 * file and the line the offending value sits on, so an author can go straight to it.
 */
export function parseYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  displayName: string = file,
): { ok: true; value: z.output<S> } | { ok: false; problems: ContentProblem[] } {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    return { ok: false, problems: [{ file: displayName, path: '', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})` }] }
  }
  return parseYamlText(text, schema, displayName)
}

export function parseYamlText<S extends z.ZodType>(
  text: string,
  schema: S,
  displayName: string,
): { ok: true; value: z.output<S> } | { ok: false; problems: ContentProblem[] } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file: displayName,
        path: '',
        line: e.linePos?.[0]?.line,
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    }
  }
  const result = schema.safeParse(doc.toJS())
  if (result.success) return { ok: true, value: result.data }
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      file: displayName,
      path: formatIssuePath(issue.path),
      line: lineOf(doc.contents as Node | null, issue.path, lineCounter),
      message: issue.message,
    })),
  }
}

/** The line of the deepest node along `path` that exists in the document. */
function lineOf(root: Node | null, path: readonly PropertyKey[], counter: LineCounter): number | undefined {
  let node: Node | null | undefined = root
  let found: Node | null | undefined = root
  for (const key of path) {
    if (isMap(node)) {
      const pair: { key: unknown; value: unknown } | undefined = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key)
      node = (pair?.value as Node | null | undefined) ?? (pair?.key as Node | undefined)
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | undefined
    } else break
    if (!node) break
    found = node
  }
  const offset = found?.range?.[0]
  return offset === undefined ? undefined : counter.linePos(offset).line
}
