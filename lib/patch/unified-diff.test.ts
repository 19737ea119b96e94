import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'

import { applyUnifiedDiff, parsePatch, validatePatch } from '.'

import { diffSequences, diffSequencesBounded } from './line-diff'
import { countChangedLines, createDraftPatch, createUnifiedDiff, matchLineEndings } from './unified-diff'

const scratch = mkdtempSync(path.join(tmpdir(), 'workbench-diff-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let runs = 0

/**
 * Apply `diff` with the real GNU patch, as the grader does (`patch -p1`, here without fuzz so that any wrong context
 * line fails), to a temporary copy of `original` at `file`, and return what patch made of it.
 */
function applyWithPatch(file: string, original: string, diff: string): string {
  const tree = path.join(scratch, `tree-${++runs}`)
  mkdirSync(path.dirname(path.join(tree, file)), { recursive: true })
  writeFileSync(path.join(tree, file), original)
  const diffFile = path.join(scratch, `draft-${runs}.diff`)
  writeFileSync(diffFile, diff)
  const result = spawnSync('patch', ['-p1', '--batch', '--forward', '--fuzz=0', '--no-backup-if-mismatch', '-i', diffFile], { cwd: tree, encoding: 'utf8' })
  if (result.error) throw new Error(`could not run patch(1): ${result.error.message}. Install it (apt-get install patch).`)
  expect(result.stderr, `patch -p1 stderr for\n${diff}`).toBe('')
  expect(result.status, `patch -p1 output: ${result.stdout}\n${diff}`).toBe(0)
  // applied cleanly: no offsets reported, no rejects left behind
  expect(result.stdout).not.toMatch(/offset|fuzz|FAILED|rej/i)
  expect(readdirSync(path.dirname(path.join(tree, file))).filter((n) => n.endsWith('.rej') || n.endsWith('.orig'))).toEqual([])
  return readFileSync(path.join(tree, file), 'utf8')
}

/** The diff of original → edited, checked three ways: patch(1), the in-memory applier, and patch validation. */
function roundTrip(original: string, edited: string, file = 'Python/ceval.c', options: { validate?: boolean; budget?: number } = {}): string {
  const diff = createUnifiedDiff(file, original, edited, options.budget === undefined ? {} : { budget: options.budget })
  const expected = matchLineEndings(original, edited)
  expect(diff).not.toBe('')
  expect(applyWithPatch(file, original, diff)).toBe(expected)
  const parsed = parsePatch(diff)
  expect(parsed.issues).toEqual([])
  expect(applyUnifiedDiff(original, parsed.files[0]!, { maxOffset: 0 })).toBe(expected)
  if (options.validate ?? true) {
    const validation = validatePatch(diff, { allowedPaths: [file], allowCreate: [], pristineHas: (p) => p === file })
    expect(validation.ok ? [] : validation.errors).toEqual([])
    // what a submission stores is byte for byte what the student saw
    if (validation.ok) expect(validation.normalized).toBe(diff)
  }
  return diff
}

const numbered = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}`)
const text = (lines: string[], finalNewline = true) => lines.join('\n') + (finalNewline && lines.length ? '\n' : '')

describe('createUnifiedDiff', () => {
  it('writes a/ and b/ headers and a canonical hunk for a one-line change', () => {
    const original = text(numbered(10))
    const edited = original.replace('line 5\n', 'line five\n')
    expect(roundTrip(original, edited)).toBe(
      [
        '--- a/Python/ceval.c',
        '+++ b/Python/ceval.c',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    )
  })

  it('returns nothing for an unchanged file, and for one that differs only in line endings from a paste', () => {
    const original = text(numbered(5))
    expect(createUnifiedDiff('f.c', original, original)).toBe('')
    expect(createUnifiedDiff('f.c', original, original.replace(/\n/g, '\r\n'))).toBe('')
    expect(createDraftPatch([{ path: 'f.c', original, edited: original }])).toBe('')
  })

  it('edits at the very start of the file (a changed first line, and lines inserted before it)', () => {
    const original = text(numbered(8))
    const changed = roundTrip(original, original.replace('line 1\n', 'LINE 1\n'))
    expect(changed).toContain('@@ -1,4 +1,4 @@\n-line 1\n+LINE 1\n line 2\n')
    const inserted = roundTrip(original, `/* header */\n#include "x.h"\n${original}`)
    expect(inserted).toContain('@@ -1,3 +1,5 @@\n+/* header */\n+#include "x.h"\n line 1\n')
  })

  it('edits at the very end of the file (a changed last line, and lines appended)', () => {
    const original = text(numbered(8))
    expect(roundTrip(original, original.replace('line 8\n', 'LINE 8\n'))).toContain('@@ -5,4 +5,4 @@\n line 5\n line 6\n line 7\n-line 8\n+LINE 8\n')
    expect(roundTrip(original, `${original}appended 1\nappended 2\n`)).toContain('@@ -6,3 +6,5 @@\n line 6\n line 7\n line 8\n+appended 1\n+appended 2\n')
  })

  it('keeps a file without a final newline that way, marking its last line on both sides', () => {
    const original = text(numbered(4), false)
    const diff = roundTrip(original, original.replace('line 4', 'line four'))
    expect(diff).toContain('-line 4\n\\ No newline at end of file\n+line four\n\\ No newline at end of file\n')
    // a change far from the end leaves the marker out of the hunk entirely
    const long = text(numbered(20), false)
    expect(roundTrip(long, long.replace('line 2\n', 'line two\n'))).not.toContain('No newline')
    // …and a context-only last line is marked once
    expect(roundTrip(original, original.replace('line 2', 'line two'))).toMatch(/ line 4\n\\ No newline at end of file\n$/)
  })

  it('adds a missing final newline, and removes one', () => {
    const without = text(numbered(3), false)
    const withNewline = text(numbered(3))
    expect(roundTrip(without, withNewline)).toBe(
      ['--- a/Python/ceval.c', '+++ b/Python/ceval.c', '@@ -1,3 +1,3 @@', ' line 1', ' line 2', '-line 3', '\\ No newline at end of file', '+line 3', ''].join(
        '\n',
      ),
    )
    expect(roundTrip(withNewline, without)).toBe(
      ['--- a/Python/ceval.c', '+++ b/Python/ceval.c', '@@ -1,3 +1,3 @@', ' line 1', ' line 2', '-line 3', '+line 3', '\\ No newline at end of file', ''].join(
        '\n',
      ),
    )
    // appending to a file that had no final newline
    roundTrip(without, `${without}\nline 4\n`)
    roundTrip(without, `${without}\nline 4`)
  })

  it('makes one hunk per distant change and merges changes whose context would touch', () => {
    const original = text(numbered(40))
    const far = roundTrip(original, original.replace('line 3\n', 'LINE 3\n').replace('line 30\n', 'LINE 30\n'))
    expect(far.match(/^@@ .* @@$/gm)).toEqual(['@@ -1,6 +1,6 @@', '@@ -27,7 +27,7 @@'])
    // 6 unchanged lines between two changes (= 2 × 3 context lines): one hunk
    const close = roundTrip(original, original.replace('line 10\n', 'LINE 10\n').replace('line 17\n', 'LINE 17\n'))
    expect(close.match(/^@@ .* @@$/gm)).toEqual(['@@ -7,14 +7,14 @@'])
    // 7 unchanged lines between them: two hunks
    const apart = roundTrip(original, original.replace('line 10\n', 'LINE 10\n').replace('line 18\n', 'LINE 18\n'))
    expect(apart.match(/^@@ .* @@$/gm)).toEqual(['@@ -7,7 +7,7 @@', '@@ -15,7 +15,7 @@'])
  })

  it('numbers hunks after earlier insertions and deletions on each side', () => {
    const original = text(numbered(60))
    const edited = original.replace('line 5\n', 'line 5\nnew a\nnew b\nnew c\n').replace('line 30\nline 31\n', '').replace('line 50\n', 'LINE 50\n')
    const diff = roundTrip(original, edited)
    expect(diff.match(/^@@ .* @@$/gm)).toEqual(['@@ -3,6 +3,9 @@', '@@ -27,8 +30,6 @@', '@@ -47,7 +48,7 @@'])
  })

  it('handles pure deletions and insertions with a zero-length side, including emptying and filling a file', () => {
    const original = text(numbered(6))
    expect(roundTrip(original, original.replace('line 3\n', ''))).toContain('@@ -1,6 +1,5 @@')
    expect(roundTrip('', 'int x;\n')).toBe(['--- a/Python/ceval.c', '+++ b/Python/ceval.c', '@@ -0,0 +1,1 @@', '+int x;', ''].join('\n'))
    expect(createUnifiedDiff('f.c', 'a\nb\n', '')).toBe(['--- a/f.c', '+++ b/f.c', '@@ -1,2 +0,0 @@', '-a', '-b', ''].join('\n'))
    // with no context lines, an insertion names the line it follows
    expect(createUnifiedDiff('f.c', 'a\nb\n', 'a\nnew\nb\n', { context: 0 })).toContain('@@ -1,0 +2,1 @@\n+new\n')
    expect(createUnifiedDiff('f.c', 'a\nb\n', 'new\na\nb\n', { context: 0 })).toContain('@@ -0,0 +1,1 @@\n+new\n')
  })

  it('turns CRLF typed or pasted into an LF file into LF, so only the real change is in the diff', () => {
    const original = text(['int a;', 'int b;', 'int c;', 'int d;'])
    const pasted = 'int a;\r\nint b = 2;\r\nint c;\r\nint d;\r\n'
    const diff = roundTrip(original, pasted)
    expect(diff).not.toContain('\r')
    expect(diff).toContain('-int b;\n+int b = 2;\n')
    // a lone CR (old Mac line ending) is a line break too
    expect(roundTrip(original, 'int a;\rint b = 2;\rint c;\rint d;\r')).toContain('+int b = 2;\n')
  })

  it('keeps CRLF in a file that uses it on every line, so patch(1) reproduces the bytes', () => {
    const original = 'REM one\r\nREM two\r\nREM three\r\n'
    // the editor may hand the text back with LF; the file keeps its CRLF
    const diff = roundTrip(original, 'REM one\nREM 2\nREM three\n', 'PC/build.bat', { validate: false })
    expect(diff).toContain('-REM two\r\n+REM 2\r\n')
    // headers stay LF, like git diff and diff -u write them
    expect(diff.startsWith('--- a/PC/build.bat\n+++ b/PC/build.bat\n@@ -1,3 +1,3 @@\n')).toBe(true)
  })

  it('keeps unicode in comments as is (UTF-8 through patch)', () => {
    const original = text(['/* ceval.c */', 'int x;', '/* naïve — “quoted” */', 'int y;'])
    const edited = original.replace('int x;\n', 'int x; /* café, 日本語, 🐍, Ω≈ç√ */\n').replace('naïve', 'naïve, now σ-aware')
    const diff = roundTrip(original, edited)
    expect(diff).toContain('+int x; /* café, 日本語, 🐍, Ω≈ç√ */\n')
    expect(Buffer.byteLength(diff, 'utf8')).toBeGreaterThan(diff.length)
  })

  it('keeps blank lines, tabs and trailing spaces exact', () => {
    const original = text(['static int', 'f(void)', '{', '\treturn 0;', '}', '', ''])
    const edited = text(['static int', 'f(void)', '{', '\tint unused;   ', '', '\treturn 0;', '}', '', ''])
    const diff = roundTrip(original, edited)
    expect(diff).toContain('+\tint unused;   \n+\n')
  })

  it('never loses a line in random edits of a file full of repeated lines (round trip through patch -p1)', () => {
    let seed = 20140908
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const pool = ['', '}', '{', '    break;', '    case LOAD_FAST:', '/* comment */', 'x++;', 'if (err) goto error;', '#endif', '    Py_DECREF(v);']
    for (let round = 0; round < 40; round++) {
      const lines = Array.from({ length: 30 + random(40) }, () => pool[random(pool.length)]!)
      const original = text(lines, random(4) !== 0)
      const edited = [...lines]
      for (let e = 0, n = 1 + random(8); e < n; e++) {
        const at = random(edited.length + 1)
        const what = random(3)
        if (what === 0) edited.splice(at, 0, pool[random(pool.length)]!, `added ${round}.${e}`)
        else if (what === 1) edited.splice(at, 1 + random(3))
        else edited[Math.min(at, edited.length - 1)] = `changed ${round}.${e}`
      }
      const editedText = text(edited, random(4) !== 0)
      if (editedText === original) continue
      roundTrip(original, editedText)
    }
  })

  it('joins several files in path order', () => {
    const patch = createDraftPatch([
      { path: 'Python/sysmodule.c', original: 'a\n', edited: 'b\n' },
      { path: 'Python/ceval.c', original: 'c\n', edited: 'd\n' },
      { path: 'Python/unchanged.c', original: 'e\n', edited: 'e\n' },
    ])
    expect(patch.match(/^\+\+\+ .*$/gm)).toEqual(['+++ b/Python/ceval.c', '+++ b/Python/sysmodule.c'])
    expect(countChangedLines(patch)).toEqual({ added: 2, removed: 2, files: 2 })
    const validation = validatePatch(patch, { allowedPaths: ['Python/*.c'], allowCreate: [], pristineHas: () => true })
    expect(validation.ok && validation.normalized).toBe(patch)
  })
})

describe('createUnifiedDiff with a spent budget (whole-block fallback)', () => {
  it('replaces everything between the first and the last change as one hunk that patch -p1 applies exactly', () => {
    const original = text(numbered(200))
    const edited = original.replace('line 20\n', 'LINE 20\n').replace('line 90\n', '').replace('line 150\n', 'line 150\nnew\n')
    const exact = roundTrip(original, edited)
    expect(exact.match(/^@@ /gm)).toHaveLength(3)
    const fallback = roundTrip(original, edited, 'Python/ceval.c', { budget: 0 })
    // one hunk from 3 lines before the first change to 3 lines after the last
    expect(fallback.match(/^@@ .* @@$/gm)).toEqual(['@@ -17,137 +17,137 @@'])
    expect(countChangedLines(fallback)).toEqual({ added: 131, removed: 131, files: 1 })
  })

  it("the review's exploit at the line limit: a 5 000-line file replaced by 55 000 identical lines, diffed fast and applied exactly", () => {
    const original = text(Array.from({ length: 5000 }, (_, i) => (i % 9 === 0 ? '' : `    x = PyInt_FromLong(${i});`)))
    const edited = 'x\n'.repeat(55_000)
    const started = performance.now()
    const diff = createUnifiedDiff('Python/ceval.c', original, edited)
    const elapsed = performance.now() - started
    expect(diff.startsWith('--- a/Python/ceval.c\n+++ b/Python/ceval.c\n@@ -1,5000 +1,55000 @@\n')).toBe(true)
    expect(applyWithPatch('Python/ceval.c', original, diff)).toBe(edited)
    // a generous absolute bound for one call (the ratio tests in line-diff.test.ts are the precise ones); before
    // the budget this took minutes
    expect(elapsed).toBeLessThan(2000)
  })

  it('round-trips through the real patch -p1 for random drafts and any budget, truncated or not (property)', () => {
    const pool = ['', '}', '{', '    break;', '    case LOAD_FAST:', 'x++;', '#endif', '\tPy_DECREF(v);', 'trailing  ']
    const draft = fc.record({ lines: fc.array(fc.constantFrom(...pool), { maxLength: 40 }), finalNewline: fc.boolean() })
    fc.assert(
      fc.property(draft, draft, fc.integer({ min: 0, max: 300 }), (before, after, budget) => {
        const original = text(before.lines, before.finalNewline)
        const edited = text(after.lines, after.finalNewline)
        fc.pre(original !== edited)
        roundTrip(original, edited, 'Python/ceval.c', { budget })
      }),
      { numRuns: 150 },
    )
  })

  it('shares one budget between the files of a draft patch, so many files cannot multiply the work', () => {
    const original = text(numbered(300))
    const edited = original.replace('line 50\n', 'LINE 50\n').replace('line 250\n', 'LINE 250\n')
    const files = Array.from({ length: 4 }, (_, i) => ({ path: `Python/f${i}.c`, original, edited }))
    // what one file's exact diff costs
    const { spent, truncated } = diffSequencesBounded(numbered(300), edited.slice(0, -1).split('\n'))
    expect(truncated).toBe(false)
    const patch = createDraftPatch(files, { budget: spent })
    const sections = patch.split(/(?=^--- a\/)/m)
    expect(sections).toHaveLength(4)
    // the first file (in path order) spends the whole budget on its exact diff; the others get the fallback block
    expect(sections.map((d) => d.match(/^@@ /gm)!.length)).toEqual([2, 1, 1, 1])
    files.forEach((f, i) => expect(applyWithPatch(f.path, original, sections[i]!)).toBe(edited))
  })
})

describe('countChangedLines', () => {
  it('counts removed lines that look like file headers as lines', () => {
    const diff = createUnifiedDiff('f.c', 'keep\n-- old\n++ old\n', 'keep\n-- new\n++ new\n')
    expect(countChangedLines(diff)).toEqual({ added: 2, removed: 2, files: 1 })
  })
})

describe('diffSequences', () => {
  it('finds a shortest edit script (checked against the LCS length by dynamic programming)', () => {
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 48271) % 2147483647
      return seed % n
    }
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: random(25) }, () => 'abcd'[random(4)]!)
      const b = Array.from({ length: random(25) }, () => 'abcd'[random(4)]!)
      const ops = diffSequences(a, b)
      // a valid script: replaying it rebuilds b from a
      const rebuilt: string[] = []
      let oldNext = 0
      for (const op of ops) {
        if (op.kind === 'equal') {
          expect(op.oldIndex).toBe(oldNext++)
          expect(a[op.oldIndex]).toBe(b[op.newIndex])
          rebuilt.push(a[op.oldIndex]!)
        } else if (op.kind === 'delete') expect(op.oldIndex).toBe(oldNext++)
        else rebuilt.push(b[op.newIndex]!)
      }
      expect(oldNext).toBe(a.length)
      expect(rebuilt).toEqual(b)
      expect(ops.filter((op) => op.kind === 'equal').length).toBe(lcsLength(a, b))
    }
  })

  it('is fast on a large file with scattered edits and on a whole-file replacement', () => {
    const a = Array.from({ length: 6000 }, (_, i) => `line ${i} ${i % 7 === 0 ? '' : 'x'}`)
    const b = a.map((l, i) => (i % 500 === 0 ? `${l} changed` : l))
    let started = performance.now()
    diffSequences(a, b)
    expect(performance.now() - started).toBeLessThan(1000)
    const c = Array.from({ length: 3000 }, (_, i) => `other ${i}`)
    started = performance.now()
    const ops = diffSequences(a.slice(0, 3000), c)
    expect(ops.filter((op) => op.kind === 'equal')).toHaveLength(0)
    expect(performance.now() - started).toBeLessThan(3000)
  })
})

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!)
      diagonal = up
    }
  }
  return row[b.length]!
}
