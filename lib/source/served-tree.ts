import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

import { courseCpythonVersion } from '@/lib/cpython/baseline'
import { cpythonCacheDir } from '@/lib/cpython/source'

// Which extracted pristine tree the source viewer serves. The grader builds from the course's tarball when it has
// one (2.7.8) and otherwise from Debian's 2.7.18; the viewer follows it: the course's version when that tree is
// extracted, else the newest extracted tree of any version. Nothing here extracts or downloads anything.

/** Versions with a completely extracted tree in the cache, the newest extraction first. */
export function extractedTreeVersions(cacheDir: string = cpythonCacheDir()): string[] {
  if (!existsSync(cacheDir)) return []
  const found = readdirSync(cacheDir)
    .map((name) => ({ name, m: /^(\d+\.\d+\.\d+)-[0-9a-f]{12}$/.exec(name) }))
    .filter((e): e is { name: string; m: RegExpExecArray } => e.m !== null && existsSync(path.join(cacheDir, e.name, '.extracted')))
    .map((e) => ({ version: e.m[1], mtime: statSync(path.join(cacheDir, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)
  return [...new Set(found.map((e) => e.version))]
}

/** The version the viewer serves by default, or null when no tree is extracted at all. */
export function servedTreeVersion(extracted: readonly string[] = extractedTreeVersions(), course: string = courseCpythonVersion()): string | null {
  if (extracted.includes(course)) return course
  return extracted[0] ?? null
}
