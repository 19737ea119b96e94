import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { decodeRuns, equalRuns, splitLines } from './line-map'
import { extractedTreeVersions, servedTreeVersion } from './served-tree'
import { lineMapFor, mapCitedRange } from './version-map'

const committed = JSON.parse(readFileSync(path.join(import.meta.dirname, 'line-maps', '2.7.8-2.7.18.json'), 'utf8')) as { files: Record<string, string> }

function fakeCache(trees: Record<string, Record<string, string>>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cpython-cache-'))
  for (const [version, files] of Object.entries(trees)) {
    const base = path.join(dir, `${version}-0123456789ab`)
    mkdirSync(base, { recursive: true })
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(base, 'src', rel)), { recursive: true })
      writeFileSync(path.join(base, 'src', rel), text)
    }
    writeFileSync(path.join(base, 'files.txt'), `${Object.keys(files).sort().join('\n')}\n`)
    writeFileSync(path.join(base, '.extracted'), '{}\n')
  }
  return dir
}

describe('the tree the viewer serves', () => {
  it("is the course's version when extracted, else whatever tree is, else none", () => {
    expect(servedTreeVersion(['2.7.18', '2.7.8'], '2.7.8')).toBe('2.7.8')
    expect(servedTreeVersion(['2.7.18'], '2.7.8')).toBe('2.7.18')
    expect(servedTreeVersion([], '2.7.8')).toBeNull()
  })

  it('lists only completely extracted trees', () => {
    const dir = fakeCache({ '2.7.18': { 'Python/ceval.c': 'x\n' } })
    mkdirSync(path.join(dir, '2.7.8-0123456789ab')) // unpacking never finished: no .extracted marker
    mkdirSync(path.join(dir, 'downloads'))
    expect(extractedTreeVersions(dir)).toEqual(['2.7.18'])
  })
})

describe('mapping 2.7.8 line references to 2.7.18', () => {
  it('with only the 2.7.18 tree (as on CI), uses the committed map: the main loop at ceval.c:964 is at 1069', () => {
    const onlyNew = fakeCache({ '2.7.18': { 'Python/ceval.c': 'x\n' } })
    expect(mapCitedRange('Python/ceval.c', { start: 964, end: 964 }, '2.7.8', '2.7.18', onlyNew)).toEqual({
      range: { start: 1069, end: 1069 },
      mapped: true,
      exact: true,
    })
    // Include/object.h did not change before line 106
    expect(mapCitedRange('Include/object.h', { start: 106, end: 112 }, '2.7.8', '2.7.18', onlyNew).range).toEqual({ start: 106, end: 112 })
  })

  it('with both trees, computes the map from their files', () => {
    const both = fakeCache({
      '2.7.8': { 'Python/x.c': 'a\nb\nloop\nc\n' },
      '2.7.18': { 'Python/x.c': 'a\nnew 1\nnew 2\nb\nloop\nc\n' },
    })
    expect(mapCitedRange('Python/x.c', { start: 3, end: 4 }, '2.7.8', '2.7.18', both)).toEqual({ range: { start: 5, end: 6 }, mapped: true, exact: true })
    expect(lineMapFor('Python/missing.c', '2.7.8', '2.7.18', both)).toBeNull()
  })

  it('leaves references alone when the versions agree, and says when a file has no map', () => {
    expect(mapCitedRange('Python/ceval.c', { start: 964, end: 970 }, '2.7.8', '2.7.8')).toEqual({ range: { start: 964, end: 970 }, mapped: false, exact: true })
    const onlyNew = fakeCache({ '2.7.18': {} })
    expect(mapCitedRange('Lib/not-cited.py', { start: 5, end: 5 }, '2.7.8', '2.7.18', onlyNew)).toEqual({
      range: { start: 5, end: 5 },
      mapped: false,
      exact: false,
    })
  })
})
