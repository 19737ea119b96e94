/** A pointer into the pristine CPython tree, written `Python/ceval.c:964-1020` in content files. */
export type SourceRef = { path: string; startLine?: number; endLine?: number }

const SOURCE_REF = /^([A-Za-z0-9_.\-/]+?)(?::(\d+)(?:-(\d+))?)?$/

export function parseSourceRef(text: string): SourceRef | null {
  const m = SOURCE_REF.exec(text.trim())
  if (!m) return null
  const [, path, start, end] = m
  if (path.startsWith('/') || path.split('/').some((seg) => seg === '..' || seg === '.' || seg === '')) return null
  const ref: SourceRef = { path }
  if (start) ref.startLine = Number(start)
  if (end) ref.endLine = Number(end)
  if (ref.startLine !== undefined && (ref.startLine < 1 || (ref.endLine !== undefined && ref.endLine < ref.startLine))) return null
  return ref
}

export function formatSourceRef(ref: SourceRef): string {
  if (ref.startLine === undefined) return ref.path
  return `${ref.path}:${ref.startLine}${ref.endLine !== undefined && ref.endLine !== ref.startLine ? `-${ref.endLine}` : ''}`
}
