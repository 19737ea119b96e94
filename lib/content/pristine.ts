import { readFileSync } from 'node:fs'
import path from 'node:path'

import { CANONICAL_CPYTHON, courseCpythonVersion } from '@/lib/cpython/baseline'
import { extractedPristineTree } from '@/lib/cpython/tree'

/** What content checks ask of a CPython tree: does a file exist, and how many lines has it. */
export type TreeLookup = { hasFile(p: string): boolean; lineCount?(p: string): number | undefined }

/**
 * The already-extracted pristine tree of a CPython version (default: the course's), as a synchronous lookup for content
 * checks, or null when none is extracted yet. It never downloads anything: extraction belongs to
 * `npm run grader:image`.
 */
export async function findExtractedTree(version: string = courseCpythonVersion()): Promise<(TreeLookup & { root: string; version: string }) | null> {
  const tree = extractedPristineTree(version)
  if (!tree) return null
  const { root, files } = tree
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

/** Lecture chapters and questions cite lines of the canonical release's sources, whatever baseline the grader uses. */
export const LECTURE_SOURCE_VERSION = CANONICAL_CPYTHON
