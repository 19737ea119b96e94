import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { parseLineRange, sourceHref, sourceLinks, sourceRefInCode } from './links'
import { buildTree, languageForPath, treePathFromSegments } from './tree'

describe('treePathFromSegments', () => {
  it('joins plain segments and decodes percent-encoding', () => {
    expect(treePathFromSegments(['Python', 'ceval.c'])).toBe('Python/ceval.c')
    expect(treePathFromSegments(['Lib', 'test', 'test%5Fgrammar.py'])).toBe('Lib/test/test_grammar.py')
    expect(treePathFromSegments([])).toBe('')
    expect(treePathFromSegments(undefined)).toBe('')
  })
  it('refuses anything that could leave the tree', () => {
    for (const bad of [
      ['..', 'etc', 'passwd'],
      ['Python', '..', '..', 'x'],
      ['..%2F..%2Fetc'],
      ['%2E%2E', 'x'],
      ['%2Fetc%2Fpasswd'],
      ['a%5Cb'],
      ['ceval.c%00.txt'],
      ['.'],
      ['a', ''],
      ['%E0%A4%A'],
    ]) {
      expect(treePathFromSegments(bad), bad.join('/')).toBeNull()
    }
  })
})

describe('buildTree', () => {
  let root: string
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tree-'))
    fs.mkdirSync(path.join(root, 'Python'))
    fs.mkdirSync(path.join(root, 'Include'))
    fs.writeFileSync(path.join(root, 'Python', 'ceval.c'), 'int x;\nint y;\n')
    fs.writeFileSync(path.join(root, 'Include', 'object.h'), Buffer.from([0x63, 0xe9, 0x0a])) // "cé\n" in Latin-1
    fs.writeFileSync(path.join(root, 'logo.ico'), Buffer.from([0, 1, 2, 3]))
    fs.writeFileSync(path.join(root, 'README'), '')
    fs.writeFileSync(path.join(root, 'secret.txt'), 'not listed')
  })
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

  const tree = () => buildTree(root, '2.7.8', ['Include/object.h', 'Python/ceval.c', 'README', 'logo.ico'])

  it('lists directories first, then files', () => {
    expect(
      tree()
        .list('')
        .map((e) => `${e.kind}:${e.path}`),
    ).toEqual(['dir:Include', 'dir:Python', 'file:logo.ico', 'file:README'])
    expect(tree().list('Python')).toEqual([{ name: 'ceval.c', path: 'Python/ceval.c', kind: 'file' }])
    expect(tree().isDirectory('Python')).toBe(true)
    expect(tree().isDirectory('Python/ceval.c')).toBe(false)
    expect(tree().hasFile('Python/ceval.c')).toBe(true)
  })

  it('reads text (UTF-8, else Latin-1), counts lines and recognises binary files', async () => {
    expect(await tree().read('Python/ceval.c')).toMatchObject({ kind: 'text', text: 'int x;\nint y;\n', lineCount: 2, encoding: 'utf-8' })
    expect(await tree().read('Include/object.h')).toMatchObject({ kind: 'text', text: 'cé\n', lineCount: 1, encoding: 'latin-1' })
    expect(await tree().read('logo.ico')).toMatchObject({ kind: 'binary', bytes: 4 })
    expect(await tree().read('README')).toMatchObject({ kind: 'text', lineCount: 0 })
  })

  it('opens only files listed in the tree', async () => {
    await expect(tree().read('secret.txt')).rejects.toThrow(/no such file/)
    await expect(tree().read('../etc/passwd')).rejects.toThrow()
  })
})

describe('languageForPath', () => {
  it('maps the tree’s file types to Monaco languages', () => {
    expect(languageForPath('Python/ceval.c')).toBe('c')
    expect(languageForPath('Include/object.h')).toBe('c')
    expect(languageForPath('Lib/dis.py')).toBe('python')
    expect(languageForPath('Makefile.pre.in')).toBe('plaintext')
    expect(languageForPath('Modules/Setup.dist')).toBe('plaintext')
    expect(languageForPath('README')).toBe('plaintext')
  })
})

describe('source links', () => {
  it('builds viewer URLs with the line range', () => {
    expect(sourceHref({ path: 'Python/ceval.c', startLine: 964, endLine: 1020 })).toBe('/source/Python/ceval.c?lines=964-1020&v=2.7.8')
    expect(sourceHref({ path: 'Python/ceval.c', startLine: 964, endLine: 964 })).toBe('/source/Python/ceval.c?lines=964&v=2.7.8')
    expect(sourceHref({ path: 'Include/object.h' })).toBe('/source/Include/object.h')
  })
  it('reads stored sources and skips malformed ones', () => {
    expect(sourceLinks([{ path: 'Python/ceval.c', startLine: 1, endLine: 2 }, { path: '../x' }, 'junk', null])).toEqual([
      { label: 'Python/ceval.c:1-2', href: '/source/Python/ceval.c?lines=1-2&v=2.7.8', path: 'Python/ceval.c', startLine: 1, endLine: 2 },
    ])
    expect(sourceLinks(null)).toEqual([])
  })
  it('recognises source references in code spans', () => {
    expect(sourceRefInCode('Python/ceval.c:2506-2527')).toEqual({ path: 'Python/ceval.c', startLine: 2506, endLine: 2527 })
    expect(sourceRefInCode('Include/object.h')).toEqual({ path: 'Include/object.h' })
    for (const code of ['tp_iter', 'a/b', 'x = 1', 'ceval.c', '/etc/passwd', 'Python/../x.c']) expect(sourceRefInCode(code), code).toBeNull()
    expect(sourceRefInCode('Python/nope.c', (p) => p === 'Python/ceval.c')).toBeNull()
  })
  it('parses ?lines=', () => {
    expect(parseLineRange('120-140')).toEqual({ start: 120, end: 140 })
    expect(parseLineRange('7')).toEqual({ start: 7, end: 7 })
    for (const bad of ['', '0', '140-120', 'a-b', '1-2-3', null, undefined]) expect(parseLineRange(bad)).toBeNull()
  })
})
