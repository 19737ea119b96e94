import { describe, expect, it } from 'vitest'

import { applyUnifiedDiff, fileDiffPaths, PatchApplyError } from './apply'
import { parsePatch } from './parse'
import { patchedFiles } from './patched-files'

const ORIGINAL = `${['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].join('\n')}\n`

function diff(...lines: string[]) {
  const parsed = parsePatch(['--- a/f.c', '+++ b/f.c', ...lines, ''].join('\n'))
  expect(parsed.issues).toEqual([])
  return parsed.files[0]!
}

function failure(fn: () => unknown): PatchApplyError {
  try {
    fn()
  } catch (e) {
    if (e instanceof PatchApplyError) return e
    throw e
  }
  throw new Error('expected a PatchApplyError')
}

describe('applyUnifiedDiff', () => {
  it('replaces, adds and removes lines in several hunks', () => {
    const fd = diff('@@ -1,3 +1,3 @@', ' one', '-two', '+TWO', ' three', '@@ -8,3 +8,4 @@', ' eight', ' nine', '+nine and a half', ' ten')
    expect(applyUnifiedDiff(ORIGINAL, fd)).toBe(ORIGINAL.replace('two', 'TWO').replace('nine\n', 'nine\nnine and a half\n'))
    const removal = diff('@@ -4,3 +4,1 @@', '-four', '-five', ' six')
    expect(applyUnifiedDiff(ORIGINAL, removal)).toBe(ORIGINAL.replace('four\nfive\n', ''))
  })

  it('finds a hunk that moved (an offset), searching near the stated line first', () => {
    const fd = diff('@@ -2,2 +2,2 @@', ' five', '-six', '+SIX')
    expect(applyUnifiedDiff(ORIGINAL, fd)).toBe(ORIGINAL.replace('six', 'SIX'))
    const repeated = 'x\ny\nx\ny\nx\ny\n'
    // three identical places: the one nearest the stated line 3 wins
    expect(applyUnifiedDiff(repeated, diff('@@ -3,2 +3,2 @@', ' x', '-y', '+Y'))).toBe('x\ny\nx\nY\nx\ny\n')
  })

  it('searches the whole file (nearest first) unless told a maximum offset', () => {
    const long = `${Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n')}\n`
    const far = diff('@@ -10,2 +10,2 @@', ' line 900', '-line 901', '+LINE 901')
    expect(applyUnifiedDiff(long, far)).toBe(long.replace('line 901\n', 'LINE 901\n'))
    expect(failure(() => applyUnifiedDiff(long, far, { maxOffset: 100 })).failure.expectedAt).toBe(10)
  })

  it('creates a file from nothing and deletes one to nothing', () => {
    const created = parsePatch(['--- /dev/null', '+++ b/new.c', '@@ -0,0 +1,2 @@', '+int x;', '+int y;', ''].join('\n')).files[0]!
    expect(applyUnifiedDiff('', created)).toBe('int x;\nint y;\n')
    const deleted = parsePatch(['--- a/old.c', '+++ /dev/null', '@@ -1,2 +0,0 @@', '-a', '-b', ''].join('\n')).files[0]!
    expect(applyUnifiedDiff('a\nb\n', deleted)).toBe('')
    expect(fileDiffPaths(created)).toEqual({ oldPath: null, newPath: 'new.c' })
    expect(fileDiffPaths(deleted)).toEqual({ oldPath: 'old.c', newPath: null })
  })

  it('strips exactly one leading component from each path, whatever its name, as patch -p1 and validation do', () => {
    const prefixed = parsePatch(['--- orig/Python/ceval.c', '+++ new/Python/ceval.c', '@@ -1 +1 @@', '-a', '+b', ''].join('\n')).files[0]!
    expect(fileDiffPaths(prefixed)).toEqual({ oldPath: 'Python/ceval.c', newPath: 'Python/ceval.c' })
    const git = parsePatch(
      [
        'diff --git cpython-2.7.8/Python/ceval.c cpython-mine/Python/ceval.c',
        '--- cpython-2.7.8/Python/ceval.c',
        '+++ cpython-mine/Python/ceval.c',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        '',
      ].join('\n'),
    ).files[0]!
    expect(fileDiffPaths(git)).toEqual({ oldPath: 'Python/ceval.c', newPath: 'Python/ceval.c' })
  })

  it('inserts after the stated line when a hunk has no context', () => {
    expect(applyUnifiedDiff('a\nb\n', diff('@@ -1,0 +2,1 @@', '+inserted'))).toBe('a\ninserted\nb\n')
  })

  it('honours "No newline at end of file" on either side', () => {
    const add = diff('@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+b')
    expect(applyUnifiedDiff('a\nb', add)).toBe('a\nb\n')
    const drop = diff('@@ -1,2 +1,2 @@', ' a', '-b', '+b', '\\ No newline at end of file')
    expect(applyUnifiedDiff('a\nb\n', drop)).toBe('a\nb')
    // the patch says the old file has no final newline, but it has one
    expect(failure(() => applyUnifiedDiff('a\nb\n', add)).message).toMatch(/hunk 1 .* does not apply/)
  })

  it('names the failing hunk, its patch line and the first differing line', () => {
    const fd = diff('@@ -1,2 +1,2 @@', ' one', '-two', '+2', '@@ -5,2 +5,2 @@', ' five', '-SIX', '+6')
    const error = failure(() => applyUnifiedDiff(ORIGINAL, fd, { fileName: 'Objects/f.c' }))
    expect(error.failure).toMatchObject({ hunkIndex: 1, patchLine: 7, header: '@@ -5,2 +5,2 @@', mismatch: { fileLine: 6, expected: 'SIX', found: 'six' } })
    expect(error.message).toBe('hunk 2 (@@ -5,2 +5,2 @@, patch line 7) does not apply to Objects/f.c: line 6 is `six` where the patch expects `SIX`')
  })

  it('does not match a hunk past the end of the file, nor let hunks overlap', () => {
    expect(failure(() => applyUnifiedDiff('a\n', diff('@@ -1,2 +1,2 @@', ' a', '-b', '+c'))).failure.mismatch).toEqual({
      fileLine: 2,
      expected: 'b',
      found: null,
    })
    // both hunks want line "two"; the second may not reuse what the first consumed
    const overlap = diff('@@ -2,1 +2,1 @@', '-two', '+TWO', '@@ -3,1 +3,1 @@', '-two', '+again')
    expect(failure(() => applyUnifiedDiff(ORIGINAL, overlap)).failure.hunkIndex).toBe(1)
  })

  it('leaves the text alone with no hunks and keeps a missing final newline', () => {
    expect(applyUnifiedDiff('a\nb', { hunks: [] })).toBe('a\nb')
    expect(applyUnifiedDiff('', { hunks: [] })).toBe('')
  })
})

describe('patchedFiles', () => {
  it('returns before and after for every file and reports a file that does not apply instead of throwing', async () => {
    const patch = [
      'diff --git a/f.c b/f.c',
      '--- a/f.c',
      '+++ b/f.c',
      '@@ -1,2 +1,2 @@',
      ' one',
      '-two',
      '+TWO',
      'diff --git a/g.c b/g.c',
      '--- a/g.c',
      '+++ b/g.c',
      '@@ -1,1 +1,1 @@',
      '-nope',
      '+yes',
      'diff --git a/n.c b/n.c',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/n.c',
      '@@ -0,0 +1 @@',
      '+fresh',
      '',
    ].join('\n')
    const files = await patchedFiles(patch, async (p) => (p === 'f.c' ? ORIGINAL : p === 'g.c' ? 'something else\n' : null))
    expect(files.map((f) => [f.path, f.status, f.error === null])).toEqual([
      ['f.c', 'modified', true],
      ['g.c', 'modified', false],
      ['n.c', 'created', true],
    ])
    expect(files[0]!.modified).toBe(ORIGINAL.replace('two', 'TWO'))
    expect(files[1]!.error).toMatch(/^hunk 1 .*g\.c: line 1 is `something else` where the patch expects `nope`$/)
    expect(files[2]!.modified).toBe('fresh\n')
  })
})
