import { formatSourceRef, parseSourceRef, type SourceRef } from '@/lib/content/source-ref'

import { CITED_VERSION } from './line-map'

// Links into the source viewer (/source/<path>?lines=a-b). Safe to import from client components.

export type SourceLink = { label: string; href: string; path: string; startLine?: number; endLine?: number }

/**
 * /source/Python/ceval.c?lines=964-1020&v=2.7.8 for a reference written in the content: `v` says which version's
 * line numbers these are, so a server showing another version maps them to the same code.
 */
export function sourceHref(ref: SourceRef): string {
  const path = ref.path.split('/').map(encodeURIComponent).join('/')
  if (ref.startLine === undefined) return `/source/${path}`
  const end = ref.endLine !== undefined && ref.endLine !== ref.startLine ? `-${ref.endLine}` : ''
  return `/source/${path}?lines=${ref.startLine}${end}&v=${CITED_VERSION}`
}

export function sourceLink(ref: SourceRef): SourceLink {
  return { label: formatSourceRef(ref), href: sourceHref(ref), path: ref.path, startLine: ref.startLine, endLine: ref.endLine }
}

/** Stored `sources` JSON ([{ path, startLine?, endLine? }]) → links; anything malformed is skipped. */
export function sourceLinks(stored: unknown): SourceLink[] {
  if (!Array.isArray(stored)) return []
  const out: SourceLink[] = []
  for (const item of stored) {
    if (!item || typeof item !== 'object' || typeof (item as SourceRef).path !== 'string') continue
    const ref = parseSourceRef(formatSourceRef(item as SourceRef))
    if (ref) out.push(sourceLink(ref))
  }
  return out
}

/**
 * A code span in an explanation that names a file of the tree (`Python/ceval.c:2506-2527`,
 * `Include/object.h`) becomes a link to the viewer. A path needs a directory and an extension, so `tp_iter`
 * or `a/b` stay plain code.
 */
export function sourceRefInCode(code: string, hasFile?: (path: string) => boolean): SourceRef | null {
  if (!/^[A-Za-z][\w.-]*\/[\w./-]*\.[A-Za-z0-9]+(:\d+(-\d+)?)?$/.test(code.trim())) return null
  const ref = parseSourceRef(code)
  if (!ref) return null
  if (hasFile && !hasFile(ref.path)) return null
  return ref
}

/** Parse `?lines=120-140` (or `120`) into a range; null when absent or malformed. */
export function parseLineRange(value: string | null | undefined): { start: number; end: number } | null {
  const m = /^(\d{1,7})(?:-(\d{1,7}))?$/.exec((value ?? '').trim())
  if (!m) return null
  const start = Number(m[1])
  const end = m[2] ? Number(m[2]) : start
  if (start < 1 || end < start) return null
  return { start, end }
}
