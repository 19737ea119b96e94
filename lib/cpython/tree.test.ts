import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { extractedPristineTree, pristineTreeFor } from './tree'

// Trees laid out as extractTree leaves them: <cache>/<version>-<sha12>/{src/, files.txt, .extracted}.
let cache: string
const env = () => ({ CPYTHON_CACHE_DIR: cache })
const OLD_SHA = 'a'.repeat(64)
const NEW_SHA = 'b'.repeat(64)

async function fakeTree(version: string, sha256: string, files: Record<string, string>, mtime: Date) {
  const base = path.join(cache, `${version}-${sha256.slice(0, 12)}`)
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(base, 'src', rel)), { recursive: true })
    await fs.writeFile(path.join(base, 'src', rel), text)
  }
  await fs.writeFile(path.join(base, 'files.txt'), `${Object.keys(files).sort().join('\n')}\n`)
  await fs.writeFile(path.join(base, '.extracted'), `${JSON.stringify({ version, sha256 })}\n`)
  await fs.utimes(base, mtime, mtime)
}

beforeAll(async () => {
  cache = await fs.mkdtemp(path.join(os.tmpdir(), 'pristine-tree-'))
  await fakeTree('2.7.8', OLD_SHA, { 'Python/ceval.c': 'old\n' }, new Date('2026-01-01'))
  await fakeTree('2.7.8', NEW_SHA, { 'Python/ceval.c': 'new\n', README: 'r\n' }, new Date('2026-02-01'))
  // unpacking never finished: no marker, so it is not a tree
  await fs.mkdir(path.join(cache, '2.7.8-cccccccccccc', 'src'), { recursive: true })
})
afterAll(() => fs.rm(cache, { recursive: true, force: true }))

describe('extractedPristineTree', () => {
  it('opens the most recently unpacked tree of the version, with the checksum from its marker', async () => {
    const tree = extractedPristineTree('2.7.8', env())
    expect(tree).toMatchObject({ version: '2.7.8', sha256: NEW_SHA, root: path.join(cache, `2.7.8-${NEW_SHA.slice(0, 12)}`, 'src') })
    expect(tree!.listFiles()).toEqual(['Python/ceval.c', 'README'])
    expect([...tree!.files]).toEqual(['Python/ceval.c', 'README'])
    expect(tree!.hasFile('./Python/ceval.c')).toBe(true)
    expect(tree!.hasFile('../files.txt')).toBe(false)
    expect(await tree!.readFile('Python/ceval.c')).toBe('new\n')
  })

  it("reads a tree's file list once per process, and still finds a tree unpacked later", async () => {
    const first = extractedPristineTree('2.7.8', env())
    // the list on disk changes: the process keeps the one it read (an unpacked directory never changes)
    const list = path.join(cache, `2.7.8-${NEW_SHA.slice(0, 12)}`, 'files.txt')
    const kept = await fs.readFile(list, 'utf8')
    await fs.writeFile(list, 'Python/ceval.c\n')
    try {
      expect(extractedPristineTree('2.7.8', env())).toBe(first)
      expect(first!.hasFile('README')).toBe(true)
    } finally {
      await fs.writeFile(list, kept)
    }
    // a newer unpacked tree of the version is the one opened from then on
    const newest = 'd'.repeat(64)
    await fakeTree('2.7.8', newest, { 'Python/ceval.c': 'newest\n' }, new Date('2026-03-01'))
    try {
      const later = extractedPristineTree('2.7.8', env())
      expect(later).not.toBe(first)
      expect(later!.sha256).toBe(newest)
      expect(await later!.readFile('Python/ceval.c')).toBe('newest\n')
    } finally {
      await fs.rm(path.join(cache, `2.7.8-${newest.slice(0, 12)}`), { recursive: true, force: true })
    }
  })

  it('is null when no tree of that version is unpacked, and never unpacks one', async () => {
    expect(extractedPristineTree('2.7.18', env())).toBeNull()
    expect(extractedPristineTree('2.7.8', { CPYTHON_CACHE_DIR: path.join(cache, 'missing') })).toBeNull()
    expect(await fs.readdir(cache)).toHaveLength(3)
  })
})

describe('pristineTreeFor', () => {
  it('opens the tree a grader image was built from, not the newest one, and memoises it', async () => {
    const tree = await pristineTreeFor({ version: '2.7.8', sha256: OLD_SHA }, env())
    expect(tree.sha256).toBe(OLD_SHA)
    expect(tree.hasFile('README')).toBe(false)
    expect(await tree.readFile('Python/ceval.c')).toBe('old\n')
    expect(await pristineTreeFor({ version: '2.7.8', sha256: OLD_SHA }, env())).toBe(tree)
  })
})
