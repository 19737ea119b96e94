import { describe, expect, it } from 'vitest'

import { isEpochTimestamp, parseFileHeaderLine, parseGitHeaderPaths, parsePatch, unquoteCString } from './parse'

const lines = (...ls: string[]) => `${ls.join('\n')}\n`

describe('parsePatch: hunks', () => {
  it('reads a git diff and numbers every header and hunk line', () => {
    const parsed = parsePatch(
      lines(
        'diff --git a/Objects/intobject.c b/Objects/intobject.c',
        'index 28182f9..c9b2cce 100644',
        '--- a/Objects/intobject.c',
        '+++ b/Objects/intobject.c',
        '@@ -465,3 +465,4 @@ int_hash(PyIntObject *v)',
        '     long x = v -> ob_ival;',
        '+    /* CSC253 */',
        '     if (x == -1)',
        '         x = -2;',
      ),
    )
    expect(parsed.issues).toEqual([])
    const [file] = parsed.files
    expect(file).toMatchObject({ line: 1, format: 'git', gitPaths: { old: 'a/Objects/intobject.c', new: 'b/Objects/intobject.c', line: 1 } })
    expect(file!.headers).toEqual([{ keyword: 'index', value: '28182f9..c9b2cce 100644', line: 2 }])
    expect(file!.oldFile).toEqual({ path: 'a/Objects/intobject.c', timestamp: undefined, line: 3 })
    expect(file!.newFile).toEqual({ path: 'b/Objects/intobject.c', timestamp: undefined, line: 4 })
    const [hunk] = file!.hunks
    expect(hunk).toMatchObject({ oldStart: 465, oldCount: 3, newStart: 465, newCount: 4, section: 'int_hash(PyIntObject *v)', line: 5, complete: true })
    expect(hunk!.lines.map((l) => [l.kind, l.line])).toEqual([
      ['context', 6],
      ['add', 7],
      ['context', 8],
      ['context', 9],
    ])
    expect(hunk!.lines[1]!.text).toBe('    /* CSC253 */')
  })

  it('reads "@@ -5 +5 @@" as a count of 1 on each side', () => {
    const parsed = parsePatch(lines('--- a/x.c', '+++ b/x.c', '@@ -5 +5 @@', '-old', '+new'))
    expect(parsed.issues).toEqual([])
    expect(parsed.files[0]!.hunks[0]).toMatchObject({ oldStart: 5, oldCount: 1, newStart: 5, newCount: 1 })
  })

  it('reads zero-length ranges: a new file (-0,0) and an insertion between lines (-5,0)', () => {
    const parsed = parsePatch(
      lines(
        '--- /dev/null',
        '+++ b/Objects/new.c',
        '@@ -0,0 +1,3 @@',
        '+a',
        '+b',
        '+c',
        '--- a/Objects/old.c',
        '+++ b/Objects/old.c',
        '@@ -5,0 +6,2 @@',
        '+x',
        '+y',
      ),
    )
    expect(parsed.issues).toEqual([])
    expect(parsed.files).toHaveLength(2)
    expect(parsed.files[0]!.oldFile!.path).toBeNull()
    expect(parsed.files[0]!.hunks[0]).toMatchObject({ oldStart: 0, oldCount: 0, newStart: 1, newCount: 3 })
    expect(parsed.files[1]!.hunks[0]).toMatchObject({ oldStart: 5, oldCount: 0, newStart: 6, newCount: 2 })
  })

  it('rejects ranges that cannot exist: "-0,3", and a hunk with both ranges empty', () => {
    expect(parsePatch(lines('--- a/x', '+++ b/x', '@@ -0,3 +1,3 @@', ' a', ' b', ' c')).issues.map((i) => [i.code, i.line])).toEqual([
      ['hunk-header-malformed', 3],
    ])
    expect(parsePatch(lines('--- a/x', '+++ b/x', '@@ -1,0 +1,0 @@')).issues.map((i) => i.code)).toEqual(['hunk-header-malformed'])
  })

  it('treats an empty line inside a hunk as an empty context line (its space was trimmed)', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1,3 +1,3 @@', ' a', '', '-b', '+B'))
    expect(parsed.issues).toEqual([])
    expect(parsed.files[0]!.hunks[0]!.lines.map((l) => [l.kind, l.text])).toEqual([
      ['context', 'a'],
      ['context', ''],
      ['remove', 'b'],
      ['add', 'B'],
    ])
  })

  it('parses several files and several hunks per file', () => {
    const parsed = parsePatch(
      lines(
        '--- a/one.c',
        '+++ b/one.c',
        '@@ -1,2 +1,2 @@',
        '-a',
        '+A',
        ' b',
        '@@ -10 +10 @@',
        '-j',
        '+J',
        '--- a/two.c',
        '+++ b/two.c',
        '@@ -3 +3,2 @@',
        ' c',
        '+d',
      ),
    )
    expect(parsed.issues).toEqual([])
    expect(parsed.files.map((f) => [f.oldFile!.path, f.hunks.map((h) => h.line)])).toEqual([
      ['a/one.c', [3, 7]],
      ['a/two.c', [12]],
    ])
  })
})

describe('parsePatch: "\\ No newline at end of file"', () => {
  it('marks the line before it, on either side', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+b', '\\ No newline at end of file'))
    expect(parsed.issues).toEqual([])
    expect(parsed.files[0]!.hunks[0]!.lines.map((l) => [l.kind, l.noNewlineAtEnd, l.line])).toEqual([
      ['context', false, 4],
      ['remove', true, 5],
      ['add', true, 7],
    ])
  })

  it('adds a newline to a last line that had none (old side only)', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -3 +3,2 @@', '-end', '\\ No newline at end of file', '+end', '+more'))
    expect(parsed.issues).toEqual([])
    expect(parsed.files[0]!.hunks[0]!.lines.filter((l) => l.noNewlineAtEnd).map((l) => l.line)).toEqual([4])
  })

  it('may follow an unchanged last line', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1,2 +1,3 @@', '+new', ' a', ' b', '\\ No newline at end of file'))
    expect(parsed.issues).toEqual([])
    expect(parsed.files[0]!.hunks[0]!.lines[2]!.noNewlineAtEnd).toBe(true)
  })

  it('is reported when more lines of the same side follow it', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1,2 +1,2 @@', ' a', '\\ No newline at end of file', ' b'))
    expect(parsed.issues.map((i) => [i.code, i.line])).toEqual([['no-newline-misplaced', 6]])
  })

  it('is reported as the first line of a hunk, and twice in a row', () => {
    expect(parsePatch(lines('--- a/x', '+++ b/x', '@@ -1 +1 @@', '\\ No newline at end of file', '-a', '+b')).issues.map((i) => [i.code, i.line])).toEqual([
      ['no-newline-misplaced', 4],
    ])
    expect(
      parsePatch(lines('--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', '\\ No newline at end of file', '\\ No newline at end of file')).issues.map((i) => [
        i.code,
        i.line,
      ]),
    ).toEqual([['no-newline-misplaced', 7]])
  })

  it('is reported when another hunk of the file comes after it', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', '\\ No newline at end of file', '@@ -9 +9 @@', '-i', '+j'))
    expect(parsed.issues.map((i) => [i.code, i.line])).toEqual([['no-newline-misplaced', 7]])
  })
})

describe('parsePatch: counts are authoritative', () => {
  it('reads "--- " and "+++ " inside a hunk as removed and added lines when the counts say so', () => {
    const parsed = parsePatch(
      lines('--- a/readme.txt', '+++ b/readme.txt', '@@ -31,2 +31,2 @@', '--- os.popen() Usage Warnings', '+++ os.popen() usage warnings', ' '),
    )
    expect(parsed.issues).toEqual([])
    expect(parsed.files).toHaveLength(1)
    expect(parsed.files[0]!.hunks[0]!.lines.map((l) => [l.kind, l.text])).toEqual([
      ['remove', '-- os.popen() Usage Warnings'],
      ['add', '++ os.popen() usage warnings'],
      ['context', ''],
    ])
  })

  it('starts a new file at "--- "/"+++ " once the counts are used up', () => {
    const parsed = parsePatch(
      lines('--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', '--- a/../../etc/passwd', '+++ b/../../etc/passwd', '@@ -1 +1 @@', '-root', '+toor'),
    )
    expect(parsed.issues).toEqual([])
    expect(parsed.files.map((f) => f.newFile!.path)).toEqual(['b/x', 'b/../../etc/passwd'])
  })

  it('reports a hunk with more lines than its header says', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1,2 +1,2 @@', ' a', '-b', '+B', ' c', '@@ -9 +9 @@', '-i', '+j'))
    expect(parsed.issues).toHaveLength(1)
    expect(parsed.issues[0]).toMatchObject({ code: 'hunk-count-mismatch', line: 3 })
    expect(parsed.issues[0]!.message).toContain('the hunk has 3 old and 3 new lines')
    // The next hunk is still read.
    expect(parsed.files[0]!.hunks.map((h) => h.line)).toEqual([3, 8])
  })

  it('reports a hunk with fewer lines than its header says', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1,4 +1,4 @@', ' a', '-b', '+B', ' c', '@@ -9 +9 @@', '-i', '+j'))
    expect(parsed.issues.map((i) => [i.code, i.line])).toEqual([['hunk-count-mismatch', 3]])
    expect(parsed.issues[0]!.message).toContain('the hunk has 3 old and 3 new lines')
  })

  it('reports a hunk cut off by the end of the patch', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1,5 +1,5 @@', ' a', ' b'))
    expect(parsed.issues.map((i) => [i.code, i.line])).toEqual([['hunk-truncated', 3]])
    expect(parsed.issues[0]!.message).toContain('3 more old lines and 3 more new lines')
  })

  it('reports a line without a prefix inside a hunk', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1,3 +1,3 @@', ' a', 'b', ' c'))
    expect(parsed.issues.map((i) => [i.code, i.line])).toEqual([['hunk-bad-line', 5]])
  })

  it('reports text between hunks, and blank lines between hunks', () => {
    expect(parsePatch(lines('--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', 'oops', '@@ -9 +9 @@', '-i', '+j')).issues.map((i) => [i.code, i.line])).toEqual([
      ['garbage-between-hunks', 6],
    ])
    const blank = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', '', '@@ -9 +9 @@', '-i', '+j'))
    expect(blank.issues.map((i) => [i.code, i.line])).toEqual([['garbage-between-hunks', 6]])
    expect(blank.files[0]!.hunks).toHaveLength(2)
  })

  it('reports a hunk before any file header', () => {
    expect(parsePatch(lines('Some text', '@@ -1 +1 @@', '-a', '+b')).issues.map((i) => [i.code, i.line])).toEqual([['hunk-outside-file', 2]])
  })

  it('reports a malformed hunk header', () => {
    expect(parsePatch(lines('--- a/x', '+++ b/x', '@@ -1,3 +1,4', ' a')).issues.map((i) => [i.code, i.line])).toEqual([['hunk-header-malformed', 3]])
  })

  it('reports a file header with no hunk', () => {
    expect(parsePatch(lines('--- a/x', '+++ b/x')).issues.map((i) => [i.code, i.line])).toEqual([['file-without-hunks', 1]])
  })
})

describe('parsePatch: text around the diff', () => {
  it('allows a git format-patch preamble and the mail signature after the last hunk', () => {
    const parsed = parsePatch(
      lines(
        'From b94bd0a29bf70914b49ce333fd85591390c83925 Mon Sep 17 00:00:00 2001',
        'From: Student <s@cs.edu>',
        'Subject: [PATCH] CSC253 hw2',
        '',
        'Explain the change. --- not a header',
        '---',
        ' Objects/intobject.c | 2 +-',
        ' 1 file changed, 1 insertion(+), 1 deletion(-)',
        '',
        'diff --git a/Objects/intobject.c b/Objects/intobject.c',
        'index 28182f9..c9b2cce 100644',
        '--- a/Objects/intobject.c',
        '+++ b/Objects/intobject.c',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        '-- ',
        '2.39.5',
        '',
      ),
    )
    expect(parsed.issues).toEqual([])
    expect(parsed.preambleLines).toBe(9)
    expect(parsed.files[0]!.line).toBe(10)
    expect(parsed.trailerLine).toBe(17)
  })

  it('allows blank lines at the end', () => {
    const parsed = parsePatch(lines('--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', '', '  '))
    expect(parsed.issues).toEqual([])
    expect(parsed.trailerLine).toBe(6)
  })

  it('recognises diff -ruN command lines, timestamps and the epoch for missing files', () => {
    const parsed = parsePatch(
      lines(
        'diff -ruN Python-2.7.8.orig/Objects/csc253.c Python-2.7.8/Objects/csc253.c',
        '--- Python-2.7.8.orig/Objects/csc253.c\t1970-01-01 00:00:00.000000000 +0000',
        '+++ Python-2.7.8/Objects/csc253.c\t2026-11-23 19:51:24.680735670 +0000',
        '@@ -0,0 +1 @@',
        '+/* new */',
      ),
    )
    expect(parsed.issues).toEqual([])
    expect(parsed.files[0]!.oldFile).toEqual({ path: 'Python-2.7.8.orig/Objects/csc253.c', timestamp: '1970-01-01 00:00:00.000000000 +0000', line: 2 })
    expect(isEpochTimestamp(parsed.files[0]!.oldFile!.timestamp)).toBe(true)
    expect(isEpochTimestamp(parsed.files[0]!.newFile!.timestamp)).toBe(false)
    expect(isEpochTimestamp('1969-12-31 19:00:00.000000000 -0500')).toBe(true)
    expect(isEpochTimestamp('Thu Jan  1 00:00:00 1970')).toBe(true)
  })

  it('spots other diff formats in the preamble, where patch(1) would find and apply them', () => {
    const codes = (text: string) => parsePatch(text).issues.map((i) => i.code)
    expect(codes(lines('*** a/x.c\t2014-01-01', '--- b/x.c\t2014-01-02', '***************', '*** 1 ****', '! a', '--- 1 ----', '! b'))).toEqual([
      'context-diff',
    ])
    expect(codes(lines('5c5', '< a', '---', '> b'))).toEqual(['normal-diff'])
    expect(codes(lines('5c', 'b', '.'))).toEqual(['ed-diff'])
    expect(codes(lines('Binary files a/x.pyc and b/x.pyc differ'))).toEqual(['binary-patch'])
    expect(codes(lines('diff --cc Objects/x.c', 'index 1,2..3', '@@@ -1,1 -1,1 +1,1 @@@'))).toContain('combined-diff')
  })
})

describe('header helpers', () => {
  it('splits diff --git paths, with spaces and quotes', () => {
    expect(parseGitHeaderPaths('a/x.c b/x.c', 1)).toEqual({ old: 'a/x.c', new: 'b/x.c', line: 1 })
    expect(parseGitHeaderPaths('a/my file.c b/my file.c', 1)).toEqual({ old: 'a/my file.c', new: 'b/my file.c', line: 1 })
    expect(parseGitHeaderPaths('"a/x\\ty.c" "b/x\\ty.c"', 1)).toEqual({ old: 'a/x\ty.c', new: 'b/x\ty.c', line: 1 })
    expect(parseGitHeaderPaths('a/x y b/z w', 1)).toBeNull()
  })

  it('reads quoted and timestamped ---/+++ paths', () => {
    expect(parseFileHeaderLine('--- "a/caf\\303\\251.c"', 3)).toEqual({ path: 'a/café.c', timestamp: undefined, line: 3 })
    expect(parseFileHeaderLine('+++ /dev/null', 4).path).toBeNull()
    expect(parseFileHeaderLine('--- a/x.c  2014-06-30 02:53:07.000000000 +0000', 1)).toEqual({
      path: 'a/x.c',
      timestamp: '2014-06-30 02:53:07.000000000 +0000',
      line: 1,
    })
    expect(unquoteCString('"\\q"')).toBeUndefined()
  })
})

describe('parsePatch: cost', () => {
  const timed = (text: string) => {
    const started = performance.now()
    const parsed = parsePatch(text)
    return { parsed, ms: performance.now() - started }
  }
  const filler = (line: string) => Array<string>(120_000).fill(line)

  it('stays linear on hostile input (half a MiB of lines that look like a mail signature, hunk lines or ed commands)', () => {
    const signature = timed(lines('--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', ...filler('-- '), '--- a/y', '+++ b/y', '@@ -1 +1 @@', '-a', '+b'))
    expect(signature.ms).toBeLessThan(2000)
    expect(signature.parsed.issues.map((i) => [i.code, i.line])).toEqual([['garbage-between-hunks', 6]])

    const extra = timed(lines('--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b', ...filler('-x'), '--- a/y', '+++ b/y', '@@ -1 +1 @@', '-a', '+b'))
    expect(extra.ms).toBeLessThan(2000)
    expect(extra.parsed.issues.map((i) => i.code)).toEqual(['hunk-count-mismatch'])
    expect(extra.parsed.issues[0]!.message).toContain('the hunk has 120001 old and 1 new lines')

    const preamble = timed(lines(...filler('5a'), '--- a/y', '+++ b/y', '@@ -1 +1 @@', '-a', '+b'))
    expect(preamble.ms).toBeLessThan(2000)
    expect(preamble.parsed.issues).toEqual([])
  })
})
