// A student's compiler cache (ccache) between their own builds of one assignment.
//
// The cache is one tar archive per (student, assignment, grader image ID) under the worker's data dir
// (GRADER_WORK_DIR or .data, in build-cache/<image12>/<key>.tar), or under BUILD_CACHE_DIR, which a fleet's hosts
// may share so that a resubmission finds its cache whichever host takes it. It enters a sandbox only as the contents of a
// size-capped tmpfs at /sandbox/ccache owned by the job's build uid (mode 0700, so the tests cannot read it), and
// leaves it the same way after the build: nothing of the host is mounted, every write the build makes is capped by
// the tmpfs, and what is kept is capped again here. Only the worker decides whose cache a job gets
// (worker/grade-run.ts: the submitting student's own first runs; never regrades, never `homework:check`).
// See docs/security.md "The build cache".
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import { readEnv, type EnvSource } from '@/lib/config/env'

/** tmpfs for the cache inside the sandbox; ccache's own max_size (bin/ccache.conf) stays below it. */
export const BUILD_CACHE_TMPFS_MB = 256
/** Largest archive kept for one key (more is dropped: the next build starts cold). */
export const BUILD_CACHE_MAX_ARCHIVE_BYTES = BUILD_CACHE_TMPFS_MB * 1024 * 1024
/** All archives on one host together; the least recently used go first. */
export const BUILD_CACHE_DEFAULT_TOTAL_BYTES = 8 * 1024 * 1024 * 1024

/** What a sandbox needs to restore and keep one student's cache. */
export interface BuildCacheSlot {
  /** The archive of the previous build, or null for a cold start. */
  load(): Promise<Buffer | null>
  /** Keeps the archive the build left (already capped by the sandbox). */
  store(archive: Buffer): Promise<void>
}

/** ccache's counters for one build (build-patched zeroes them before make). */
export interface BuildCacheStats {
  hits: number
  misses: number
  /** compilations ccache could not cache (links, configure probes). */
  uncacheable: number
}

export interface BuildCacheKey {
  userId: string
  assignmentId: string
  /** The grader image ID (sha256:…) the job runs: another image never sees this cache. */
  imageId: string
}

/**
 * BUILD_CACHE_DIR, or GRADER_WORK_DIR/build-cache. The workers of every host may share one directory: an archive is
 * written under a temporary name and renamed, read whole, and pruning tolerates files another host removed.
 */
export function buildCacheRoot(env: EnvSource = process.env): string {
  const e = readEnv(env)
  if (e.BUILD_CACHE_DIR) return path.resolve(e.BUILD_CACHE_DIR)
  return path.join(path.resolve(e.GRADER_WORK_DIR || path.join(process.cwd(), '.data')), 'build-cache')
}

/** The archive's path: no id appears in it, only a hash of the key. */
export function buildCachePath(key: BuildCacheKey, root = buildCacheRoot()): string {
  const image =
    key.imageId
      .replace(/^sha256:/, '')
      .replace(/[^0-9a-f]/g, '')
      .slice(0, 12) || 'unknown'
  const name = createHash('sha256').update(`${key.userId}\0${key.assignmentId}\0${key.imageId}`).digest('hex').slice(0, 40)
  return path.join(root, image, `${name}.tar`)
}

export interface BuildCacheOptions {
  root?: string
  /** Total cap over all archives under root (LRU by last use). */
  totalBytes?: number
}

/** One student's slot. Storing writes a temporary file and renames it, then prunes the whole store to its cap. */
export function buildCacheSlot(key: BuildCacheKey, options: BuildCacheOptions = {}): BuildCacheSlot {
  const root = options.root ?? buildCacheRoot()
  const file = buildCachePath(key, root)
  return {
    async load() {
      try {
        const stat = await fs.stat(file)
        if (!stat.isFile() || stat.size > BUILD_CACHE_MAX_ARCHIVE_BYTES) return null
        const archive = await fs.readFile(file)
        // last use, for the LRU pruning
        const now = new Date()
        await fs.utimes(file, now, now).catch(() => {})
        return archive
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    async store(archive) {
      if (archive.length === 0 || archive.length > BUILD_CACHE_MAX_ARCHIVE_BYTES) {
        await fs.rm(file, { force: true })
        return
      }
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
      const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`
      await fs.writeFile(temporary, archive, { mode: 0o600 })
      await fs.rename(temporary, file)
      await pruneBuildCaches({ root, totalBytes: options.totalBytes })
    },
  }
}

/**
 * Removes the least recently used archives until the rest fit totalBytes (BUILD_CACHE_TOTAL_BYTES, default 8 GiB),
 * and archives of images no longer in use go first simply by being old. Bounded: two directory levels.
 */
export async function pruneBuildCaches(options: BuildCacheOptions = {}): Promise<{ removed: number; keptBytes: number }> {
  const root = options.root ?? buildCacheRoot()
  const totalBytes = options.totalBytes ?? readEnv().BUILD_CACHE_TOTAL_BYTES ?? BUILD_CACHE_DEFAULT_TOTAL_BYTES
  const entries: { file: string; size: number; used: number }[] = []
  for (const image of await fs.readdir(root).catch(() => [] as string[])) {
    const dir = path.join(root, image)
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name)
      const stat = await fs.stat(file).catch(() => null)
      if (!stat?.isFile()) continue
      // a temporary file older than an hour was left by a worker that died mid-write
      if (name.endsWith('.tmp')) {
        if (Date.now() - stat.mtimeMs > 3_600_000) await fs.rm(file, { force: true })
        continue
      }
      entries.push({ file, size: stat.size, used: stat.mtimeMs })
    }
  }
  entries.sort((a, b) => b.used - a.used)
  let kept = 0
  let removed = 0
  for (const entry of entries) {
    if (kept + entry.size <= totalBytes) {
      kept += entry.size
      continue
    }
    await fs.rm(entry.file, { force: true })
    removed++
  }
  return { removed, keptBytes: kept }
}

/**
 * Reads `ccache --print-stats` (tab-separated `name<TAB>value` lines). The cache directory was written by student
 * code, so the text is bounded and only known counters are read; a forged figure only misreports the owner's run.
 */
export function parseCcacheStats(text: string): BuildCacheStats {
  const counters = new Map<string, number>()
  for (const line of text.slice(0, 16 * 1024).split('\n', 200)) {
    const tab = line.indexOf('\t')
    if (tab <= 0) continue
    const value = Number(line.slice(tab + 1).trim())
    if (Number.isSafeInteger(value) && value >= 0) counters.set(line.slice(0, tab), Math.min(value, 1_000_000))
  }
  const get = (name: string) => counters.get(name) ?? 0
  return {
    hits: get('direct_cache_hit') + get('preprocessed_cache_hit'),
    misses: get('cache_miss'),
    uncacheable:
      get('called_for_link') + get('compiler_check_failed') + get('could_not_use_precompiled_header') + get('compile_failed') + get('preprocessor_error'),
  }
}
