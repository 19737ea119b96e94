// The pristine CPython tree: one type for every consumer, and the only ways to get one. A consumer adds its own
// cache on top only for what it adds itself (the workbench's decoded texts, the source viewer's directory index,
// content's line counts), never another copy of the file list.
//
//   pristineTree()           the tree the course serves (resolved and unpacked on first use, memoised per process):
//                            intake's validation and exact-apply check, the workbench, the staff diff view
//   pristineTreeFor(image)   the tree a grader image was built from (2.7.18 on CI, 2.7.8 in the course), for the
//                            engine's second validation
//   extractedPristineTree(v) a tree of version v already unpacked here, or null; never downloads or unpacks
//                            (content checks and the source viewer, at request time)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

import {
  cpythonCacheDir,
  extractTree,
  normaliseTreePath,
  resolveCpythonSource,
  treeDirectory,
  type Environment,
  type ExtractedTree,
  type ResolveOptions,
} from './source'

export interface PristineTree {
  /** the unpacked sources */
  root: string
  version: string
  /** sha256 of the tarball the tree was unpacked from */
  sha256: string
  /** every regular file, tree-relative and '/'-separated (files.txt) */
  files: ReadonlySet<string>
  /** false for a path that is not a file of the tree, including one that would leave it */
  hasFile(relPath: string): boolean
  /** every file, sorted */
  listFiles(): string[]
  /** UTF-8 text of a file; rejects with UnsafeTreePathError for `..`/absolute paths and ENOENT for others. */
  readFile(relPath: string): Promise<string>
  readFileBytes(relPath: string): Promise<Buffer>
}

/** Wraps an extracted tree. Only paths in files.txt are ever opened, so a symlink in the tarball cannot be followed. */
export function openExtractedTree(tree: ExtractedTree): PristineTree {
  const sorted = readFileSync(tree.fileList, 'utf8').split('\n').filter(Boolean)
  const files = new Set(sorted)
  const readFileBytes = async (relPath: string) => {
    const normalised = normaliseTreePath(relPath)
    if (!files.has(normalised)) throw Object.assign(new Error(`no such file in the pristine tree: ${normalised}`), { code: 'ENOENT' })
    return fs.readFile(path.join(tree.root, normalised))
  }
  return {
    root: tree.root,
    version: tree.version,
    sha256: tree.sha256,
    files,
    hasFile: (relPath) => {
      try {
        return files.has(normaliseTreePath(relPath))
      } catch {
        return false
      }
    },
    listFiles: () => [...sorted],
    readFileBytes,
    readFile: async (relPath) => (await readFileBytes(relPath)).toString('utf8'),
  }
}

let courseTree: Promise<PristineTree> | undefined

/** The pristine tree of the configured source (resolved and unpacked on first use, then memoised per process). */
export function pristineTree(options: ResolveOptions = {}): Promise<PristineTree> {
  courseTree ??= resolveCpythonSource(options)
    .then((source) => extractTree(source, options.env))
    .then(openExtractedTree)
  courseTree.catch(() => (courseTree = undefined))
  return courseTree
}

const imageTrees = new Map<string, Promise<PristineTree>>()

/**
 * The tree a grader image was built from: the cache holds it as <version>-<sha12>/files.txt when the image was built
 * on this machine. Otherwise the configured source's tree (pristineTree()). Memoised per version and checksum.
 */
export function pristineTreeFor(build: { version: string; sha256: string }, env: Environment = process.env): Promise<PristineTree> {
  const key = `${build.version}-${build.sha256}`
  let tree = imageTrees.get(key)
  if (!tree) {
    const base = treeDirectory(build, env)
    const extracted: ExtractedTree = { root: path.join(base, 'src'), fileList: path.join(base, 'files.txt'), version: build.version, sha256: build.sha256 }
    tree = (async () => {
      try {
        return openExtractedTree(extracted)
      } catch {
        return pristineTree()
      }
    })()
    imageTrees.set(key, tree)
    tree.catch(() => imageTrees.delete(key))
  }
  return tree
}

/** Trees opened by extractedPristineTree, by unpacked directory. */
const openedTrees = new Map<string, PristineTree>()

/**
 * The most recently unpacked tree of `version` in the cache, or null when none is unpacked yet. It never downloads
 * or unpacks anything: extraction belongs to `npm run grader:image` (and `npm start`, the test setup).
 */
export function extractedPristineTree(version: string, env: Environment = process.env): PristineTree | null {
  const cache = cpythonCacheDir(env)
  if (!existsSync(cache)) return null
  const candidates = readdirSync(cache)
    .filter((name) => name.startsWith(`${version}-`) && existsSync(path.join(cache, name, '.extracted')))
    .map((name) => path.join(cache, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  const base = candidates[0]
  if (!base) return null
  // an unpacked directory never changes once its marker is written (its name carries the tarball's checksum), so
  // its file list is read once per process, not on each request that asks (every quiz answer renders with it)
  let tree = openedTrees.get(base)
  if (!tree) {
    tree = openExtractedTree({ root: path.join(base, 'src'), fileList: path.join(base, 'files.txt'), version, sha256: markedSha256(base) })
    openedTrees.set(base, tree)
  }
  return tree
}

/** The tarball checksum extractTree wrote into the marker (its first 12 digits are in the directory name anyway). */
function markedSha256(base: string): string {
  try {
    const marker = JSON.parse(readFileSync(path.join(base, '.extracted'), 'utf8')) as { sha256?: unknown }
    if (typeof marker.sha256 === 'string') return marker.sha256
  } catch {
    // an older or hand-made marker: fall through
  }
  return path.basename(base).slice(path.basename(base).lastIndexOf('-') + 1)
}
