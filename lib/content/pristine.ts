import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

import { courseCpythonVersion, cpythonCacheDir } from '@/lib/cpython/source'

import type { TreeLookup } from './sync'

/**
 * The already-extracted pristine tree of a CPython version (default: the course's), as a synchronous lookup for content
 * checks, or null when none is extracted yet. It never downloads anything: extraction belongs to
 * `npm run grader:image`.
 */
export async function findExtractedTree(version: string = courseCpythonVersion()): Promise<(TreeLookup & { root: string; version: string }) | null> {
  const cache = cpythonCacheDir()
  if (!existsSync(cache)) return null
  const candidates = readdirSync(cache)
    .filter((name) => name.startsWith(`${version}-`) && existsSync(path.join(cache, name, '.extracted')))
    .map((name) => path.join(cache, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  if (candidates.length === 0) return null
  const base = candidates[0]
  const files = new Set(readFileSync(path.join(base, 'files.txt'), 'utf8').split('\n').filter(Boolean))
  const root = path.join(base, 'src')
  const lineCounts = new Map<string, number>()
  return {
    root,
    version,
    hasFile: (p) => files.has(p),
    lineCount: (p) => {
      if (!files.has(p)) return undefined
      let n = lineCounts.get(p)
      if (n === undefined) {
        const text = readFileSync(path.join(root, p), 'latin1')
        n = text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
        lineCounts.set(p, n)
      }
      return n
    },
  }
}

/** Lecture chapters and questions cite lines of the 2.7.8 sources, whatever baseline the grader uses. */
export const LECTURE_SOURCE_VERSION = '2.7.8'
