import 'server-only'

import fs from 'node:fs/promises'
import path from 'node:path'

import { normaliseTreePath, UnsafeTreePathError } from '@/lib/cpython/source'
import { extractedPristineTree } from '@/lib/cpython/tree'

import { extractedTreeVersions, servedTreeVersion } from './served-tree'

// The pristine CPython tree as the source viewer sees it: the tree extracted at setup (npm start / npm run
// grader:image / the test setup) from the same tarball the grader image uses. Nothing is downloaded or
// extracted at request time. Only paths listed in the tree's files.txt are ever opened, so `..`, absolute paths
// and symlinks cannot lead outside it.

export const MAX_VIEWABLE_BYTES = 4 * 1024 * 1024

export type DirectoryEntry = { name: string; path: string; kind: 'dir' | 'file' }

export type SourceTree = {
  version: string
  root: string
  fileCount: number
  hasFile(relPath: string): boolean
  isDirectory(relPath: string): boolean
  /** entries of a directory ('' = the top), directories first, then files, each sorted by name */
  list(dir: string): DirectoryEntry[]
  /** every file path, sorted */
  files(): readonly string[]
  read(relPath: string): Promise<SourceFile>
}

export type SourceFile =
  | { kind: 'text'; path: string; text: string; lineCount: number; bytes: number; encoding: 'utf-8' | 'latin-1' }
  | { kind: 'binary' | 'too-large'; path: string; bytes: number }

const cached = new Map<string, SourceTree>()

/**
 * The extracted tree the grader uses (the course's version, or the fallback tree when only that one is extracted),
 * or a given extracted version; null when there is no such tree.
 */
export async function sourceTree(version?: string): Promise<SourceTree | null> {
  const wanted = version ?? servedTreeVersion()
  if (!wanted || (version && !extractedTreeVersions().includes(version))) return null
  const found = extractedPristineTree(wanted)
  if (!found) return null
  const hit = cached.get(found.root)
  if (hit) return hit
  const tree = buildTree(found.root, found.version, found.listFiles().sort())
  cached.set(found.root, tree)
  return tree
}

/** A tree-relative path from URL segments, or null when it could leave the tree or is malformed. */
export function treePathFromSegments(segments: readonly string[] | undefined): string | null {
  if (!segments || segments.length === 0) return ''
  let decoded: string[]
  try {
    // Next hands catch-all segments over still percent-encoded in some versions and decoded in others
    decoded = segments.map((s) => (/%[0-9A-Fa-f]{2}/.test(s) ? decodeURIComponent(s) : s))
  } catch {
    return null
  }
  if (decoded.some((s) => s === '' || s === '.' || s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0'))) return null
  try {
    return normaliseTreePath(decoded.join('/'))
  } catch (e) {
    if (e instanceof UnsafeTreePathError) return null
    throw e
  }
}

export function buildTree(root: string, version: string, sortedFiles: string[]): SourceTree {
  const fileSet = new Set(sortedFiles)
  const dirs = new Map<string, { dirs: Set<string>; files: string[] }>()
  const dirEntry = (d: string) => {
    let e = dirs.get(d)
    if (!e) dirs.set(d, (e = { dirs: new Set(), files: [] }))
    return e
  }
  dirEntry('')
  for (const file of sortedFiles) {
    const parts = file.split('/')
    for (let i = 0; i < parts.length - 1; i++) {
      const parent = parts.slice(0, i).join('/')
      dirEntry(parent).dirs.add(parts[i])
      dirEntry(parts.slice(0, i + 1).join('/'))
    }
    dirEntry(parts.slice(0, -1).join('/')).files.push(parts[parts.length - 1])
  }
  const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0)

  return {
    version,
    root,
    fileCount: sortedFiles.length,
    hasFile: (p) => fileSet.has(p),
    isDirectory: (p) => dirs.has(p),
    files: () => sortedFiles,
    list(dir) {
      const e = dirs.get(dir)
      if (!e) return []
      const prefix = dir ? `${dir}/` : ''
      return [
        ...[...e.dirs].sort(byName).map((name) => ({ name, path: prefix + name, kind: 'dir' as const })),
        ...[...e.files].sort(byName).map((name) => ({ name, path: prefix + name, kind: 'file' as const })),
      ]
    },
    async read(relPath) {
      const p = normaliseTreePath(relPath)
      if (!fileSet.has(p)) throw Object.assign(new Error(`no such file in the pristine tree: ${p}`), { code: 'ENOENT' })
      const full = path.join(root, p)
      const stat = await fs.stat(full)
      if (stat.size > MAX_VIEWABLE_BYTES) return { kind: 'too-large', path: p, bytes: stat.size }
      const bytes = await fs.readFile(full)
      if (bytes.subarray(0, 8192).includes(0)) return { kind: 'binary', path: p, bytes: bytes.length }
      let text: string
      let encoding: 'utf-8' | 'latin-1' = 'utf-8'
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
      } catch {
        // a few files of the 2.7 tree are Latin-1
        text = bytes.toString('latin1')
        encoding = 'latin-1'
      }
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      const lineCount = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
      return { kind: 'text', path: p, text, lineCount, bytes: bytes.length, encoding }
    },
  }
}

/** Monaco's language id for a file of the tree. */
export function languageForPath(p: string): string {
  const name = p.split('/').pop() ?? ''
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : ''
  if (/^(Makefile|Setup)(\..*)?$/.test(name) || ext === 'mk' || (ext === 'in' && name.startsWith('Makefile'))) return 'plaintext'
  const byExt: Record<string, string> = {
    c: 'c',
    h: 'c',
    cpp: 'cpp',
    cc: 'cpp',
    py: 'python',
    pyw: 'python',
    sh: 'shell',
    bat: 'bat',
    ps1: 'powershell',
    html: 'html',
    htm: 'html',
    xml: 'xml',
    css: 'css',
    js: 'javascript',
    json: 'json',
    ini: 'ini',
    cfg: 'ini',
    m: 'objective-c',
    md: 'markdown',
    rst: 'restructuredtext',
    sql: 'sql',
    ac: 'shell',
  }
  return byExt[ext] ?? 'plaintext'
}
