import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { buildCachePath, buildCacheRoot, buildCacheSlot, parseCcacheStats, pruneBuildCaches } from './build-cache'

let root: string
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'build-cache-unit-'))
})
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

const key = { userId: 'u1', assignmentId: 'a1', imageId: 'sha256:0123456789abcdef' }

describe('build cache store', () => {
  it('gives each student, assignment and image a path of its own, naming no id', () => {
    const mine = buildCachePath(key, root)
    expect(mine.startsWith(path.join(root, '0123456789ab'))).toBe(true)
    expect(mine).not.toContain('u1')
    expect(buildCachePath({ ...key, userId: 'u2' }, root)).not.toBe(mine)
    expect(buildCachePath({ ...key, assignmentId: 'a2' }, root)).not.toBe(mine)
    expect(path.dirname(buildCachePath({ ...key, imageId: 'sha256:ffffffffffff00' }, root))).not.toBe(path.dirname(mine))
  })

  it("loads nothing for a cold start, then what the student's last build stored", async () => {
    const slot = buildCacheSlot(key, { root })
    expect(await slot.load()).toBeNull()
    await slot.store(Buffer.from('archive'))
    expect((await slot.load())?.toString()).toBe('archive')
    expect(await buildCacheSlot({ ...key, userId: 'u2' }, { root }).load()).toBeNull()
  })

  it('lives under GRADER_WORK_DIR unless BUILD_CACHE_DIR names a directory of its own (one every host may share)', () => {
    expect(buildCacheRoot({ GRADER_WORK_DIR: '/srv/grader' })).toBe('/srv/grader/build-cache')
    expect(buildCacheRoot({ GRADER_WORK_DIR: '/srv/grader', BUILD_CACHE_DIR: '/mnt/fleet-cache' })).toBe('/mnt/fleet-cache')
    expect(buildCacheRoot({ BUILD_CACHE_DIR: '' })).toBe(path.join(process.cwd(), '.data', 'build-cache'))
  })

  it('two hosts on one shared directory: each sees what the other stored, and pruning tolerates what the other removed', async () => {
    const onA = buildCacheSlot(key, { root })
    const onB = buildCacheSlot(key, { root })
    await onA.store(Buffer.from('from host A'))
    expect((await onB.load())?.toString()).toBe('from host A')
    // another archive is removed by some other host's pruning before this one prunes: it is simply gone, not an error
    const other = buildCacheSlot({ ...key, userId: 'u2' }, { root })
    await other.store(Buffer.from('u2'))
    await fs.rm(buildCachePath({ ...key, userId: 'u2' }, root))
    await expect(pruneBuildCaches({ root, totalBytes: 1_000 })).resolves.toEqual({ removed: 0, keptBytes: 'from host A'.length })
    await onB.store(Buffer.from('from host B'))
    expect((await onA.load())?.toString()).toBe('from host B')
  })

  it('keeps the most recently used archives within the total cap', async () => {
    const slots = ['a', 'b', 'c'].map((userId) => ({ userId, slot: buildCacheSlot({ ...key, userId }, { root, totalBytes: 1_000_000 }) }))
    for (const [index, { userId }] of slots.entries()) {
      await buildCacheSlot({ ...key, userId }, { root, totalBytes: 1_000_000 }).store(Buffer.alloc(400))
      const when = new Date(Date.now() - (3 - index) * 60_000)
      await fs.utimes(buildCachePath({ ...key, userId }, root), when, when)
    }
    const result = await pruneBuildCaches({ root, totalBytes: 900 })
    expect(result).toEqual({ removed: 1, keptBytes: 800 })
    expect(await slots[0].slot.load()).toBeNull()
    expect(await slots[2].slot.load()).not.toBeNull()
  })
})

describe('parseCcacheStats', () => {
  it('reads hits and misses from --print-stats and ignores anything else', () => {
    const text =
      'stats_updated_timestamp\t1700000000\ndirect_cache_hit\t120\npreprocessed_cache_hit\t3\ncache_miss\t2\ncalled_for_link\t1\nbogus line\ncache_miss_x\t-4\n'
    expect(parseCcacheStats(text)).toEqual({ hits: 123, misses: 2, uncacheable: 1 })
  })

  it('bounds forged figures and long input', () => {
    expect(parseCcacheStats(`direct_cache_hit\t${'9'.repeat(30)}\n`).hits).toBe(0)
    expect(parseCcacheStats(`direct_cache_hit\t99999999\n`).hits).toBe(1_000_000)
    expect(parseCcacheStats('x'.repeat(1_000_000)).hits).toBe(0)
  })
})
