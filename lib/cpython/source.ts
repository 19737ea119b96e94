// Where the course's CPython source comes from, and how it is unpacked (opening the unpacked tree: ./tree.ts).
//
// Resolution order (first that succeeds wins):
//   1. CPYTHON_TARBALL: a local file. Its sha256 must be one of PINNED_TARBALLS, unless CPYTHON_ALLOW_UNVERIFIED=1,
//      in which case the version is read from Include/patchlevel.h inside it and the result is marked unverified.
//   2. python.org's tarball of the pinned version (CPYTHON_VERSION, default 2.7.8), with a short timeout, verified.
//   3. Debian bullseye's python2.7 orig tarball (2.7.18), verified. This is a different baseline than the course's
//      2.7.8, so it is announced loudly; CI machines (no 2.7.8 tarball, no python.org) set CPYTHON_VERSION=2.7.18.
// Downloads are cached under .data/cpython/downloads so later runs make no network request at all.
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import { readEnv } from '@/lib/config/env'

import { courseCpythonVersion } from './baseline'

export type SourceOrigin = 'local' | 'python.org' | 'debian'

/** process.env or a plain object standing in for it (tests). */
export type Environment = Readonly<Record<string, string | undefined>>

export interface CpythonSource {
  path: string
  version: string
  sha256: string
  verified: boolean
  origin: SourceOrigin
}

export interface PinnedTarball {
  sha256: string
  url: string
  fileName: string
}

export const PINNED_TARBALLS: Readonly<Record<string, PinnedTarball>> = {
  '2.7.8': {
    sha256: '74d70b914da4487aa1d97222b29e9554d042f825f26cb2b93abd20fdda56b557',
    url: 'https://www.python.org/ftp/python/2.7.8/Python-2.7.8.tgz',
    fileName: 'Python-2.7.8.tgz',
  },
  // Byte-identical to Debian's python2.7_2.7.18.orig.tar.gz.
  '2.7.18': {
    sha256: 'da3080e3b488f648a3d7a4560ddee895284c3380b11d6de75edb986526b9a814',
    url: 'https://www.python.org/ftp/python/2.7.18/Python-2.7.18.tgz',
    fileName: 'Python-2.7.18.tgz',
  },
}

const DEBIAN_FALLBACK_VERSION = '2.7.18'
const DEBIAN_ORIG_FILE = 'python2.7_2.7.18.orig.tar.gz'
const DEBIAN_SOURCES_LINE = 'deb-src http://deb.debian.org/debian bullseye main'

export function cpythonCacheDir(env: Environment = process.env): string {
  return path.resolve(readEnv(env).CPYTHON_CACHE_DIR || path.join(process.cwd(), '.data', 'cpython'))
}

export class CpythonSourceError extends Error {
  override name = 'CpythonSourceError'
}

export interface ResolveOptions {
  env?: Environment
  /** Where warnings go; the fallback must be impossible to miss in a build log. */
  warn?: (message: string) => void
  downloadTimeoutMs?: number
}

export async function resolveCpythonSource(options: ResolveOptions = {}): Promise<CpythonSource> {
  const env = options.env ?? process.env
  const warn = options.warn ?? ((message: string) => console.warn(message))
  const wanted = courseCpythonVersion(env)
  const cacheDir = cpythonCacheDir(env)
  const downloads = path.join(cacheDir, 'downloads')

  const localTarball = readEnv(env).CPYTHON_TARBALL
  if (localTarball) return resolveLocalTarball(path.resolve(localTarball), readEnv(env).CPYTHON_ALLOW_UNVERIFIED, warn)

  const pinned = PINNED_TARBALLS[wanted]
  if (pinned) {
    const cached = path.join(downloads, pinned.fileName)
    if (await hasPinnedChecksum(cached, pinned.sha256)) {
      return { path: cached, version: wanted, sha256: pinned.sha256, verified: true, origin: 'python.org' }
    }
    const timeoutMs = options.downloadTimeoutMs ?? readEnv(env).CPYTHON_DOWNLOAD_TIMEOUT_MS
    const downloaded = await downloadFromPythonOrg(pinned, cached, timeoutMs)
    if (downloaded.ok) return { path: cached, version: wanted, sha256: pinned.sha256, verified: true, origin: 'python.org' }
    warn(`cpython: python.org download of ${pinned.fileName} failed (${downloaded.reason}); trying Debian's archive`)
  }

  const debianTarball = await fetchDebianOrigTarball(downloads)
  warn(debianFallbackBanner(wanted))
  return {
    path: debianTarball,
    version: DEBIAN_FALLBACK_VERSION,
    sha256: PINNED_TARBALLS[DEBIAN_FALLBACK_VERSION].sha256,
    verified: true,
    origin: 'debian',
  }
}

function debianFallbackBanner(wanted: string): string {
  const line = '!'.repeat(100)
  const mismatch =
    wanted === DEBIAN_FALLBACK_VERSION
      ? ''
      : `\n!!! The course is pinned to CPython ${wanted}; an image built from this tarball is refused at grading time unless\n` +
        `!!! CPYTHON_VERSION=${DEBIAN_FALLBACK_VERSION} (as on CI) or GRADER_ALLOW_BASELINE_MISMATCH=1.`
  return (
    `${line}\n!!! USING THE DEBIAN FALLBACK: CPython ${DEBIAN_FALLBACK_VERSION} (${DEBIAN_ORIG_FILE}, sha256 verified).` +
    `\n!!! Set CPYTHON_TARBALL to a local Python-${wanted}.tgz to use the course's own baseline.${mismatch}\n${line}`
  )
}

async function resolveLocalTarball(file: string, allowUnverified: boolean, warn: (m: string) => void): Promise<CpythonSource> {
  try {
    const stat = await fs.stat(file)
    if (!stat.isFile()) throw new CpythonSourceError(`CPYTHON_TARBALL=${file} is not a regular file`)
  } catch (error) {
    if (error instanceof CpythonSourceError) throw error
    throw new CpythonSourceError(`CPYTHON_TARBALL=${file} cannot be read: ${(error as Error).message}`)
  }
  const sha256 = await sha256OfFile(file)
  const known = Object.entries(PINNED_TARBALLS).find(([, pinned]) => pinned.sha256 === sha256)
  if (known) return { path: file, version: known[0], sha256, verified: true, origin: 'local' }
  if (!allowUnverified) {
    const table = Object.entries(PINNED_TARBALLS)
      .map(([version, pinned]) => `  ${version}: ${pinned.sha256}`)
      .join('\n')
    throw new CpythonSourceError(
      `CPYTHON_TARBALL=${file} has sha256 ${sha256}, which matches no pinned CPython release:\n${table}\n` +
        'Use an official tarball, or set CPYTHON_ALLOW_UNVERIFIED=1 to build from it anyway (marked unverified).',
    )
  }
  const version = await readVersionFromTarball(file)
  warn(`cpython: using UNVERIFIED tarball ${file} (sha256 ${sha256}); version ${version} read from Include/patchlevel.h`)
  return { path: file, version, sha256, verified: false, origin: 'local' }
}

/** Reads PY_VERSION from Include/patchlevel.h inside a tarball, without unpacking the rest. */
export async function readVersionFromTarball(tarball: string): Promise<string> {
  const result = await runCommand('tar', ['-xzOf', tarball, '--wildcards', '--no-anchored', 'Include/patchlevel.h'])
  if (result.code !== 0) throw new CpythonSourceError(`${tarball}: no Include/patchlevel.h found (${result.stderr.trim()})`)
  const version = parsePatchlevelVersion(result.stdout)
  if (!version) throw new CpythonSourceError(`${tarball}: Include/patchlevel.h has no PY_VERSION line`)
  return version
}

export function parsePatchlevelVersion(patchlevelH: string): string | null {
  const match = /^#define\s+PY_VERSION\s+"([^"]+)"/m.exec(patchlevelH)
  return match ? match[1].replace(/\+$/, '') : null
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

async function hasPinnedChecksum(file: string, sha256: string): Promise<boolean> {
  try {
    return (await sha256OfFile(file)) === sha256
  } catch {
    return false
  }
}

async function downloadFromPythonOrg(pinned: PinnedTarball, destination: string, timeoutMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  await fs.mkdir(path.dirname(destination), { recursive: true })
  const partial = `${destination}.${randomBytes(4).toString('hex')}.part`
  try {
    const response = await fetch(pinned.url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' })
    if (!response.ok || !response.body) return { ok: false, reason: `HTTP ${response.status}` }
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), createWriteStream(partial))
    const sha256 = await sha256OfFile(partial)
    if (sha256 !== pinned.sha256) {
      // A wrong checksum from the official site is not a network hiccup: refuse rather than fall back quietly.
      throw new CpythonSourceError(`${pinned.url} downloaded with sha256 ${sha256}, expected ${pinned.sha256}`)
    }
    await fs.rename(partial, destination)
    return { ok: true }
  } catch (error) {
    if (error instanceof CpythonSourceError) throw error
    const cause = (error as { cause?: { code?: string } }).cause?.code
    return { ok: false, reason: cause ?? (error as Error).message }
  } finally {
    await fs.rm(partial, { force: true })
  }
}

/** apt-get source with a private sources list, so the host's own apt configuration is neither needed nor touched. */
async function fetchDebianOrigTarball(downloads: string): Promise<string> {
  const destination = path.join(downloads, DEBIAN_ORIG_FILE)
  const expected = PINNED_TARBALLS[DEBIAN_FALLBACK_VERSION].sha256
  if (await hasPinnedChecksum(destination, expected)) return destination

  const aptRoot = path.join(path.dirname(downloads), 'debian-apt')
  const lists = path.join(aptRoot, 'lists')
  const cache = path.join(aptRoot, 'cache')
  const sourcesList = path.join(aptRoot, 'sources.list')
  await fs.mkdir(path.join(lists, 'partial'), { recursive: true })
  await fs.mkdir(path.join(cache, 'archives', 'partial'), { recursive: true })
  await fs.writeFile(sourcesList, `${DEBIAN_SOURCES_LINE}\n`)
  const aptOptions = [
    '-o',
    `Dir::Etc::SourceList=${sourcesList}`,
    '-o',
    'Dir::Etc::SourceParts=/dev/null',
    '-o',
    `Dir::State::Lists=${lists}`,
    '-o',
    `Dir::Cache=${cache}`,
    '-o',
    'APT::Sandbox::User=root',
    '-q',
  ]
  const update = await runCommand('apt-get', [...aptOptions, 'update'])
  if (update.code !== 0) {
    throw new CpythonSourceError(`no CPython tarball: python.org unreachable and 'apt-get update' failed:\n${update.stderr}`)
  }
  const workDir = await fs.mkdtemp(path.join(aptRoot, 'source-'))
  try {
    const source = await runCommand('apt-get', [...aptOptions, 'source', '--download-only', 'python2.7'], { cwd: workDir })
    const downloaded = path.join(workDir, DEBIAN_ORIG_FILE)
    if (source.code !== 0) {
      throw new CpythonSourceError(`no CPython tarball: 'apt-get source python2.7' failed:\n${source.stderr || source.stdout}`)
    }
    const sha256 = await sha256OfFile(downloaded)
    if (sha256 !== expected) throw new CpythonSourceError(`Debian's ${DEBIAN_ORIG_FILE} has sha256 ${sha256}, expected ${expected}`)
    await fs.mkdir(downloads, { recursive: true })
    await fs.rename(downloaded, destination)
    return destination
  } finally {
    await fs.rm(workDir, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The pristine tree

export interface ExtractedTree {
  /** Directory holding the unpacked tree (the tarball's top-level folder stripped). */
  root: string
  /** Sorted list of regular files, relative, '/'-separated. */
  fileList: string
  version: string
  sha256: string
}

export function treeDirectory(source: Pick<CpythonSource, 'version' | 'sha256'>, env: Environment = process.env) {
  return path.join(cpythonCacheDir(env), `${source.version}-${source.sha256.slice(0, 12)}`)
}

/** Unpacks the tarball once; later calls (and concurrent ones) find the marker and return at once. */
export async function extractTree(source: CpythonSource, env: Environment = process.env): Promise<ExtractedTree> {
  const base = treeDirectory(source, env)
  const tree: ExtractedTree = {
    root: path.join(base, 'src'),
    fileList: path.join(base, 'files.txt'),
    version: source.version,
    sha256: source.sha256,
  }
  const marker = path.join(base, '.extracted')
  if (await exists(marker)) return tree

  await fs.mkdir(base, { recursive: true })
  const staging = await fs.mkdtemp(path.join(base, '.staging-'))
  try {
    const untar = await runCommand('tar', ['-xzf', source.path, '-C', staging, '--strip-components=1', '--no-same-owner'])
    if (untar.code !== 0) throw new CpythonSourceError(`cannot unpack ${source.path}: ${untar.stderr.trim()}`)
    const files = (await listRegularFiles(staging)).sort()
    try {
      await fs.rename(staging, tree.root)
    } catch (error) {
      // Another process won the race; its tree is the same bytes.
      if (!(await exists(marker)) && !(await exists(tree.root))) throw error
    }
    await fs.writeFile(`${tree.fileList}.tmp`, `${files.join('\n')}\n`)
    await fs.rename(`${tree.fileList}.tmp`, tree.fileList)
    await fs.writeFile(marker, `${JSON.stringify({ version: source.version, sha256: source.sha256 })}\n`)
  } finally {
    await fs.rm(staging, { recursive: true, force: true })
  }
  return tree
}

async function listRegularFiles(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
}

export class UnsafeTreePathError extends Error {
  override name = 'UnsafeTreePathError'
}

/** Normalises a tree-relative path, refusing anything that could leave the tree. */
export function normaliseTreePath(relPath: string): string {
  if (typeof relPath !== 'string' || relPath.length === 0) throw new UnsafeTreePathError('empty path')
  if (relPath.includes('\0') || relPath.includes('\\')) throw new UnsafeTreePathError(`invalid character in path: ${relPath}`)
  if (relPath.startsWith('/') || /^[A-Za-z]:/.test(relPath)) throw new UnsafeTreePathError(`absolute path: ${relPath}`)
  const segments = relPath.split('/')
  if (segments.includes('..')) throw new UnsafeTreePathError(`path leaves the tree: ${relPath}`)
  const normalised = segments.filter((segment) => segment !== '' && segment !== '.').join('/')
  if (!normalised) throw new UnsafeTreePathError(`empty path: ${relPath}`)
  return normalised
}

// ---------------------------------------------------------------------------------------------------------------

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file)
    return true
  } catch {
    return false
  }
}

interface CommandResult {
  code: number
  stdout: string
  stderr: string
}

function runCommand(command: string, args: string[], options: { cwd?: string } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }))
  })
}
