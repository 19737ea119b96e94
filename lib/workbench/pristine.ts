import { pristineTree, type PristineTree } from '@/lib/cpython/tree'

// The pristine files the workbench starts from: the same tree (same tarball, same resolution) that submissions are
// validated against, so a diff made here applies to what the grader patches.

/** Larger files are not opened in the workbench (the biggest C file of 2.7.8 is about 400 KiB). */
export const MAX_WORKBENCH_FILE_BYTES = 2 * 1024 * 1024

/**
 * Lines per draft file. The diff of a draft costs time per line (and, within its budget, per line changed); the
 * longest file of 2.7.8 (Mac/Modules/qt/_Qtmodule.c) has 28 091, so twice that leaves room for any real edit
 * while a 2 MiB paste of blank lines (a million of them) is refused instead of diffed.
 */
export const MAX_DRAFT_FILE_LINES = 60_000

/**
 * Lines of a whole draft patch: the pristine and the edited text of every changed file, added up. Keeps the
 * linear part of building the patch (splitting, interning, rendering) around 100 ms in the worst case.
 */
export const MAX_DRAFT_PATCH_LINES = 150_000

/** Number of lines of a text, counting a last line without a line break (linear, no regex). */
export function countLines(text: string): number {
  if (text === '') return 0
  let lines = 0
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++
  return text.endsWith('\n') ? lines : lines + 1
}

export type PristineText =
  | { kind: 'text'; path: string; text: string; bytes: number }
  /** shown read-only as Latin-1 text: a patch is UTF-8, so it could not reproduce these bytes */
  | { kind: 'not-utf8'; path: string; text: string; bytes: number }
  | { kind: 'binary'; path: string; bytes: number }
  | { kind: 'too-large'; path: string; bytes: number }

const cache = new Map<string, PristineText>()
const CACHE_ENTRIES = 48

/** The course's tree (lib/cpython/tree.ts); this module only adds the cache of decoded texts above. */
export function workbenchTree(): Promise<PristineTree> {
  return pristineTree({ warn: (m) => console.warn(m) })
}

/** A file of the pristine tree as text, exactly as its bytes say (a byte-order mark is kept). Throws for unknown paths. */
export async function readPristineText(path: string): Promise<PristineText> {
  const tree = await workbenchTree()
  const key = `${tree.sha256}:${path}`
  const hit = cache.get(key)
  if (hit) {
    // most recently used last
    cache.delete(key)
    cache.set(key, hit)
    return hit
  }
  const bytes = await tree.readFileBytes(path)
  let result: PristineText
  if (bytes.length > MAX_WORKBENCH_FILE_BYTES) result = { kind: 'too-large', path, bytes: bytes.length }
  else if (bytes.subarray(0, 8192).includes(0)) result = { kind: 'binary', path, bytes: bytes.length }
  else {
    try {
      result = { kind: 'text', path, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), bytes: bytes.length }
    } catch {
      result = { kind: 'not-utf8', path, text: bytes.toString('latin1'), bytes: bytes.length }
    }
  }
  cache.set(key, result)
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!)
  return result
}

/** Paths of the tree containing every word of `query` (case-insensitive), best matches first. */
export async function searchPristineTree(query: string, limit = 40): Promise<string[]> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return []
  const files = (await workbenchTree()).listFiles()
  const scored: { path: string; score: number }[] = []
  for (const file of files) {
    const lower = file.toLowerCase()
    if (!words.every((w) => lower.includes(w))) continue
    const base = lower.slice(lower.lastIndexOf('/') + 1)
    const last = words[words.length - 1]!
    // the file name itself first, then shorter paths, then source files before the rest
    const score = (base === last ? 0 : base.startsWith(last) ? 1 : base.includes(last) ? 2 : 3) * 10_000 + (/\.[ch]$/.test(base) ? 0 : 5000) + file.length
    scored.push({ path: file, score })
  }
  return scored
    .sort((x, y) => x.score - y.score || (x.path < y.path ? -1 : 1))
    .slice(0, limit)
    .map((s) => s.path)
}
