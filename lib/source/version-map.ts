import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { cpythonCacheDir } from '@/lib/cpython/source'

import committed from './line-maps/2.7.8-2.7.18.json'
import { CITED_VERSION, decodeRuns, equalRuns, mapRange, splitLines, type EqualRun, type LineRange } from './line-map'
import { extractedTreeVersions } from './served-tree'

// Line references in the content are written against CPython 2.7.8. When the viewer serves another version, each
// cited file's lines go through a diff of the two versions: computed from both trees when both are extracted, else
// read from the map committed in lib/source/line-maps/ (made by `npm run source:line-map` on a machine with both).

export { CITED_VERSION }

export type CommittedLineMap = { from: string; to: string; files: Record<string, string> }

const COMMITTED: readonly CommittedLineMap[] = [committed as CommittedLineMap]

const computed = new Map<string, EqualRun[] | null>()

function extractedFileLines(version: string, relPath: string, cacheDir: string): string[] | null {
  if (!existsSync(cacheDir)) return null
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith(`${version}-`) || !existsSync(path.join(cacheDir, name, '.extracted'))) continue
    const listed = readFileSync(path.join(cacheDir, name, 'files.txt'), 'utf8').split('\n')
    if (!listed.includes(relPath)) return null
    return splitLines(readFileSync(path.join(cacheDir, name, 'src', relPath), 'latin1'))
  }
  return null
}

/**
 * The equal runs between `from` and `to` for one file, or null when nothing is known (the file is missing from one
 * version, or neither both trees nor a committed map is available).
 */
export function lineMapFor(relPath: string, from: string, to: string, cacheDir: string = cpythonCacheDir()): EqualRun[] | null {
  const key = `${from}>${to}>${relPath}`
  if (computed.has(key)) return computed.get(key) ?? null
  let runs: EqualRun[] | null = null
  const versions = extractedTreeVersions(cacheDir)
  if (versions.includes(from) && versions.includes(to)) {
    const a = extractedFileLines(from, relPath, cacheDir)
    const b = extractedFileLines(to, relPath, cacheDir)
    if (a && b) runs = equalRuns(a, b)
  } else {
    const map = COMMITTED.find((m) => m.from === from && m.to === to)
    const encoded = map?.files[relPath]
    if (encoded !== undefined) runs = decodeRuns(encoded)
  }
  computed.set(key, runs)
  return runs
}

export type MappedRange = { range: LineRange; mapped: boolean; exact: boolean }

/** A range cited against `from`, in the lines of `to`'s copy of the file. */
export function mapCitedRange(relPath: string, range: LineRange, from: string, to: string, cacheDir?: string): MappedRange {
  if (from === to) return { range, mapped: false, exact: true }
  const runs = lineMapFor(relPath, from, to, cacheDir)
  if (!runs) return { range, mapped: false, exact: false }
  return { range: mapRange(runs, range), mapped: true, exact: true }
}
