import { createHash } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { matchesGlob } from './glob'
import { PATCH_LIMITS, patchPolicySettingsSchema, type PatchPolicy } from './policy'
import { validatePatch } from './validate'

const tree = new Set(['Objects/intobject.c', 'Objects/longobject.c', 'Python/ceval.c', 'Include/intobject.h', 'Lib/test/test_int.py'])
const policy: PatchPolicy = { allowedPaths: ['Objects/*.c', 'Python/ceval.c', 'Include/**'], pristineHas: (p) => tree.has(p) }

const lines = (...ls: string[]) => `${ls.join('\n')}\n`
const hunkFor = (path: string, line = 10) =>
  lines(
    `diff --git a/${path} b/${path}`,
    'index 1111111..2222222 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -${line},2 +${line},3 @@`,
    ' a',
    '+/* CSC253 */',
    ' b',
  )
const codes = (text: string | Uint8Array, p: PatchPolicy = policy) => {
  const r = validatePatch(text, p)
  return r.ok ? [] : r.errors.map((e) => e.code)
}

describe('validatePatch: accepted patches', () => {
  it('summarises each file and hashes the exact submitted bytes', () => {
    const text = hunkFor('Objects/intobject.c') + hunkFor('Python/ceval.c', 40)
    const result = validatePatch(Buffer.from(text), policy)
    expect(result).toEqual({
      ok: true,
      files: [
        { path: 'Objects/intobject.c', added: 1, removed: 0, hunks: 1, created: false },
        { path: 'Python/ceval.c', added: 1, removed: 0, hunks: 1, created: false },
      ],
      sha256: createHash('sha256').update(text).digest('hex'),
      normalized: lines(
        '--- a/Objects/intobject.c',
        '+++ b/Objects/intobject.c',
        '@@ -10,2 +10,3 @@',
        ' a',
        '+/* CSC253 */',
        ' b',
        '--- a/Python/ceval.c',
        '+++ b/Python/ceval.c',
        '@@ -40,2 +40,3 @@',
        ' a',
        '+/* CSC253 */',
        ' b',
      ),
    })
    // A string gives the same answer as its UTF-8 bytes.
    expect(validatePatch(text, policy)).toEqual(result)
  })

  it('matches "Include/**" at any depth', () => {
    expect(codes(hunkFor('Include/intobject.h'))).toEqual([])
  })

  it('drops a UTF-8 byte-order mark but hashes it', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(hunkFor('Objects/intobject.c'))])
    const result = validatePatch(bytes, policy)
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
  })

  it('accepts UTF-8 in hunk content', () => {
    expect(codes(hunkFor('Objects/intobject.c').replace('CSC253', 'CSC253 — café'))).toEqual([])
  })
})

describe('validatePatch: line endings (decision: all-CRLF is converted, anything else with CR is refused)', () => {
  const lf = hunkFor('Objects/intobject.c')

  it('converts a patch in which every line ends in CRLF', () => {
    const result = validatePatch(lf.replace(/\n/g, '\r\n'), policy)
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.normalized).toBe((validatePatch(lf, policy) as { normalized: string }).normalized)
  })

  it('refuses mixed endings, and still reports the other problems in the same patch', () => {
    const mixed = lf.replace('+/* CSC253 */\n', '+/* CSC253 */\r\n').replace('Objects/intobject.c', 'Objects/../x.c')
    const result = validatePatch(mixed, policy)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((e) => [e.code, e.line])).toEqual([
      ['mixed-line-endings', 7],
      ['path-escapes-tree', 1],
    ])
    expect(result.errors[0]!.message).toContain('line 7: ends with CRLF')
    expect(result.errors[0]!.message).toContain('git config core.autocrlf false')
  })

  it('refuses a CR in the middle of a line, even when every line ends in CRLF', () => {
    expect(codes(lf.replace('CSC253', 'CSC\r253').replace(/\n/g, '\r\n'))).toEqual(['bare-carriage-return'])
  })
})

describe('validatePatch: encodings (decision: UTF-8 only)', () => {
  it('refuses Latin-1, naming the byte and the line', () => {
    const bytes = Buffer.from(hunkFor('Objects/intobject.c').replace('CSC253', 'CSC253 caf\u00e9'), 'latin1')
    const result = validatePatch(bytes, policy)
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'not-utf8', line: 7 }] })
  })

  it('refuses overlong and surrogate encodings', () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      expect(codes(Buffer.concat([Buffer.from(hunkFor('Objects/intobject.c')), Buffer.from(bad)]))).toEqual(['not-utf8'])
    }
  })

  it('refuses a string with a lone surrogate', () => {
    expect(codes(hunkFor('Objects/intobject.c').replace('CSC253', 'CSC253 \ud800'))).toEqual(['not-utf8'])
  })

  it('refuses UTF-16 without a byte-order mark', () => {
    expect(codes(Buffer.from(hunkFor('Objects/intobject.c'), 'utf16le'))).toEqual(['not-utf8'])
  })
})

describe('validatePatch: caps', () => {
  it('uses 512 KiB, 50 files and 4096-character lines by default', () => {
    expect(PATCH_LIMITS).toMatchObject({ maxBytes: 524288, maxFiles: 50, maxLineLength: 4096 })
    const padding = `${'x'.repeat(99)}\n`
    const big = `commit message\n${padding.repeat(Math.ceil(PATCH_LIMITS.maxBytes / 100))}${hunkFor('Objects/intobject.c')}`
    expect(codes(big)).toEqual(['too-large'])
    const okLong = hunkFor('Objects/intobject.c').replace('CSC253', 'x'.repeat(4000))
    expect(codes(okLong)).toEqual([])
    expect(codes(okLong.replace('x'.repeat(4000), 'x'.repeat(4100)))).toEqual(['line-too-long'])
  })

  it('counts files against maxFiles', () => {
    const many = Array.from({ length: 51 }, (_, i) => hunkFor(`Objects/csc${i}.c`)).join('')
    const everything: PatchPolicy = { allowedPaths: ['**'], pristineHas: () => true }
    expect(codes(many, everything)).toEqual(['too-many-files'])
    expect(validatePatch(many, everything)).toMatchObject({
      ok: false,
      errors: [{ line: 50 * 8 + 1, message: expect.stringContaining('changes 51 files; at most 50') }],
    })
    expect(codes(many, { ...everything, maxFiles: 51 })).toEqual([])
    // Even when other errors fill the list, the file count is reported first.
    const dup = Array.from({ length: 80 }, () => hunkFor('Objects/intobject.c')).join('')
    expect(codes(dup)[0]).toBe('too-many-files')
  })

  it('returns every error, sorted by line, capped at 50 with a summary', () => {
    const evil = Array.from({ length: 80 }, (_, i) => hunkFor(`Objects/../evil${i}.c`)).join('')
    const result = validatePatch(evil, { ...policy, maxFiles: 1000 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toHaveLength(51)
    expect(result.errors.slice(0, 50).every((e) => e.code === 'path-escapes-tree')).toBe(true)
    const numbers = result.errors.slice(0, 50).map((e) => e.line!)
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers)
    expect(result.errors[50]).toMatchObject({ code: 'too-many-errors', message: expect.stringContaining('30 more problems') })
  })
})

describe('validatePatch: paths and prefixes', () => {
  it('tells a -p0 patch from a -p1 patch by the CPython top-level directories', () => {
    const p0 = hunkFor('Objects/intobject.c').replace(/ a\/| b\/|--- a\/|\+\+\+ b\//g, (m) => m.replace(/[ab]\//, ''))
    expect(p0).toContain('--- Objects/intobject.c')
    expect(codes(p0)).toEqual(['missing-prefix'])
    // Any single leading directory works with -p1.
    expect(codes(hunkFor('Objects/intobject.c').replace(/([ab])\/Objects/g, 'Python-2.7.8/Objects'))).toEqual([])
  })

  it('uses the "---" path for a modification and the "+++" path for a new file', () => {
    const create = lines('--- /dev/null', '+++ b/Lib/test/test_csc253.py', '@@ -0,0 +1 @@', '+import unittest')
    expect(codes(create)).toEqual(['create-not-allowed'])
    expect(validatePatch(create, { ...policy, allowCreate: ['Lib/test/test_csc253*.py'] })).toMatchObject({
      ok: true,
      files: [{ path: 'Lib/test/test_csc253.py', added: 1, removed: 0, hunks: 1, created: true }],
      normalized: lines('--- /dev/null', '+++ b/Lib/test/test_csc253.py', '@@ -0,0 +1,1 @@', '+import unittest'),
    })
  })

  it('treats a diff -N epoch timestamp as a missing file', () => {
    const epoch = lines(
      '--- a/Lib/test/test_csc253.py\t1970-01-01 00:00:00.000000000 +0000',
      '+++ b/Lib/test/test_csc253.py\t2014-09-15 10:00:00.000000000 +0000',
      '@@ -0,0 +1 @@',
      '+import unittest',
    )
    const result = validatePatch(epoch, { ...policy, allowCreate: ['Lib/test/*.py'] })
    expect(result).toMatchObject({ ok: true, files: [{ created: true }] })
    if (result.ok) expect(result.normalized.startsWith('--- /dev/null\n')).toBe(true)
  })

  it('allows deleting a file only where the policy says so', () => {
    const del = lines('--- a/Lib/test/test_int.py', '+++ /dev/null', '@@ -1,2 +0,0 @@', '-import unittest', '-pass')
    expect(codes(del)).toEqual(['delete-not-allowed'])
    expect(validatePatch(del, { ...policy, allowDelete: ['Lib/test/*.py'] })).toMatchObject({ ok: true, files: [{ removed: 2, created: false }] })
  })
})

describe('policy helpers', () => {
  it('matches globs like a shell, with ** for any depth', () => {
    expect(matchesGlob('Objects/intobject.c', 'Objects/*.c')).toBe(true)
    expect(matchesGlob('Objects/stringlib/find.h', 'Objects/*.h')).toBe(false)
    expect(matchesGlob('Objects/stringlib/find.h', 'Objects/**')).toBe(true)
    expect(matchesGlob('Lib/test/test_csc253.py', 'Lib/**/test_*.py')).toBe(true)
    expect(matchesGlob('Lib/test_x.py', 'Lib/**/test_*.py')).toBe(true)
    expect(matchesGlob('Python/ast.c', 'Python/as?.c')).toBe(true)
    expect(matchesGlob('Python/bst.c', 'Python/[!a]st.c')).toBe(true)
    expect(matchesGlob('Python/ast.c', 'Python/[!a]st.c')).toBe(false)
    expect(matchesGlob('Objects/intobjectXc', 'Objects/intobject.c')).toBe(false)
    expect(matchesGlob('anything/at/all', '**')).toBe(true)
  })

  it('validates stored policy settings', () => {
    expect(patchPolicySettingsSchema.safeParse({ allowedPaths: ['Objects/*.c'], allowCreate: ['Lib/test/test_csc253*.py'] }).success).toBe(true)
    expect(patchPolicySettingsSchema.safeParse({ allowedPaths: ['../Objects/*.c'] }).success).toBe(false)
    expect(patchPolicySettingsSchema.safeParse({ allowedPaths: ['/etc/*'] }).success).toBe(false)
  })
})
