import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { courseCpythonVersion } from './baseline'
import {
  CpythonSourceError,
  PINNED_TARBALLS,
  extractTree,
  normaliseTreePath,
  parsePatchlevelVersion,
  resolveCpythonSource,
  sha256OfFile,
  UnsafeTreePathError,
} from './source'
import { openExtractedTree } from './tree'

let work: string
let tarball: string

beforeAll(async () => {
  // A tiny stand-in for a CPython tarball: the same layout (one top-level folder), a patchlevel.h, a symlink.
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'cpython-source-'))
  const top = path.join(work, 'Python-2.7.99')
  await fs.mkdir(path.join(top, 'Include'), { recursive: true })
  await fs.mkdir(path.join(top, 'Python'), { recursive: true })
  await fs.writeFile(path.join(top, 'Include/patchlevel.h'), '#define PY_MAJOR_VERSION 2\n#define PY_VERSION      \t"2.7.99"\n')
  await fs.writeFile(path.join(top, 'Python/ceval.c'), '/* ceval */\n')
  await fs.writeFile(path.join(top, 'README'), 'readme\n')
  await fs.symlink('/etc/hostname', path.join(top, 'escape'))
  tarball = path.join(work, 'Python-2.7.99.tgz')
  execFileSync('tar', ['-czf', tarball, '-C', work, 'Python-2.7.99'])
})

afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true })
})

describe('parsePatchlevelVersion', () => {
  it('reads PY_VERSION, dropping the + of a development tree', () => {
    expect(parsePatchlevelVersion('#define PY_VERSION      \t"2.7.8"\n')).toBe('2.7.8')
    expect(parsePatchlevelVersion('#define PY_VERSION "2.7.18+"')).toBe('2.7.18')
    expect(parsePatchlevelVersion('/* nothing */')).toBeNull()
  })
})

describe('courseCpythonVersion', () => {
  it('defaults to 2.7.8', () => {
    expect(courseCpythonVersion({})).toBe('2.7.8')
    expect(courseCpythonVersion({ CPYTHON_VERSION: '2.7.18' })).toBe('2.7.18')
  })
})

describe('resolveCpythonSource with CPYTHON_TARBALL', () => {
  it('refuses a tarball whose checksum is not pinned, naming both pinned ones', async () => {
    const error = await resolveCpythonSource({ env: { CPYTHON_TARBALL: tarball } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CpythonSourceError)
    expect((error as Error).message).toContain(await sha256OfFile(tarball))
    expect((error as Error).message).toContain(PINNED_TARBALLS['2.7.8'].sha256)
    expect((error as Error).message).toContain('CPYTHON_ALLOW_UNVERIFIED=1')
  })

  it('accepts it as unverified when allowed, reading the version from patchlevel.h', async () => {
    const warnings: string[] = []
    const source = await resolveCpythonSource({ env: { CPYTHON_TARBALL: tarball, CPYTHON_ALLOW_UNVERIFIED: '1' }, warn: (m) => warnings.push(m) })
    expect(source).toEqual({ path: tarball, version: '2.7.99', sha256: await sha256OfFile(tarball), verified: false, origin: 'local' })
    expect(warnings.join('\n')).toMatch(/UNVERIFIED/)
  })

  it('reports a missing file clearly', async () => {
    await expect(resolveCpythonSource({ env: { CPYTHON_TARBALL: path.join(work, 'nope.tgz') } })).rejects.toThrow(/CPYTHON_TARBALL=.*nope\.tgz cannot be read/)
  })
})

describe('normaliseTreePath', () => {
  it('normalises harmless forms and refuses anything that could leave the tree', () => {
    expect(normaliseTreePath('Python/ceval.c')).toBe('Python/ceval.c')
    expect(normaliseTreePath('./Python//ceval.c')).toBe('Python/ceval.c')
    for (const bad of ['../etc/passwd', 'Python/../../x', '/etc/passwd', 'C:/x', 'a\\b', 'a\0b', '', '.']) {
      expect(() => normaliseTreePath(bad), bad).toThrow(UnsafeTreePathError)
    }
  })
})

describe('extractTree and the pristine tree', () => {
  it('unpacks once, lists regular files sorted, and reads only listed files', async () => {
    const env = { CPYTHON_CACHE_DIR: path.join(work, 'cache') }
    const source = { path: tarball, version: '2.7.99', sha256: await sha256OfFile(tarball), verified: false, origin: 'local' as const }
    const tree = await extractTree(source, env)
    expect(tree.root).toBe(path.join(work, 'cache', `2.7.99-${source.sha256.slice(0, 12)}`, 'src'))
    expect(await fs.readFile(tree.fileList, 'utf8')).toBe('Include/patchlevel.h\nPython/ceval.c\nREADME\n')

    // Idempotent: the marker short-circuits a second extraction (a file added by hand stays, nothing is redone).
    await fs.writeFile(path.join(tree.root, 'added-later'), 'x')
    await extractTree(source, env)
    expect(await fs.readFile(path.join(tree.root, 'added-later'), 'utf8')).toBe('x')

    const pristine = openExtractedTree(tree)
    expect(await pristine.listFiles()).toEqual(['Include/patchlevel.h', 'Python/ceval.c', 'README'])
    expect(await pristine.hasFile('Python/ceval.c')).toBe(true)
    expect(await pristine.hasFile('./Python/ceval.c')).toBe(true)
    expect(await pristine.hasFile('Python/missing.c')).toBe(false)
    expect(await pristine.hasFile('../Python-2.7.99.tgz')).toBe(false)
    expect(await pristine.hasFile('escape')).toBe(false) // a symlink is not a file of the tree
    expect(await pristine.readFile('Python/ceval.c')).toBe('/* ceval */\n')
    await expect(pristine.readFile('../../etc/passwd')).rejects.toThrow(UnsafeTreePathError)
    await expect(pristine.readFile('/etc/passwd')).rejects.toThrow(UnsafeTreePathError)
    await expect(pristine.readFile('escape')).rejects.toMatchObject({ code: 'ENOENT' })
    await expect(pristine.readFile('added-later')).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
