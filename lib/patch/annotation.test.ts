import { describe, expect, it } from 'vitest'

import { checkAnnotationOnly } from './annotation'

const lines = (...ls: string[]) => `${ls.join('\n')}\n`

/** A patch against Python/ceval.c: `body` is the hunk body (prefixed lines); counts are worked out here. */
function patch(body: string[], path = 'Python/ceval.c', start = 1327): string {
  const old = body.filter((l) => !l.startsWith('+')).length
  const neu = body.filter((l) => !l.startsWith('-')).length
  return lines(
    `diff --git a/${path} b/${path}`,
    'index e008608..bf2cc82 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -${start},${old} +${start},${neu} @@`,
    ...body,
  )
}
const ctxBefore = ['             if (x != NULL) continue;', '             break;', ' ']
const ctxAfter = ['         case BINARY_ADD:', '             w = POP();', '             v = TOP();']
const around = (...added: string[]) => patch([...ctxBefore, ...added, ...ctxAfter])
const files = { files: ['Python/ceval.c', 'Objects/intobject.c'] }

describe('checkAnnotationOnly', () => {
  it('accepts // CSC253: lines and /** CSC253 blocks, and counts them per file', () => {
    const result = checkAnnotationOnly(
      around(
        '+        // CSC253: BINARY_ADD pops two operands and pushes their sum.',
        '+',
        '+        /** CSC253 The int fast path below avoids a call to',
        '+         * PyNumber_Add when both operands are ints.',
        '+         */',
        '+        /** CSC253: one line is fine too */',
      ),
      files,
    )
    expect(result).toEqual({ ok: true, errors: [], counts: { 'Python/ceval.c': 3, 'Objects/intobject.c': 0 } })
  })

  it('refuses removed or changed lines, naming the patch line', () => {
    const result = checkAnnotationOnly(
      patch([...ctxBefore, '-        case BINARY_ADD:', '+        case BINARY_ADD: // CSC253: changed', ...ctxAfter.slice(1)]),
      files,
    )
    expect(result.ok).toBe(false)
    expect(result.errors.map((e) => [e.code, e.file, e.line])).toEqual([
      ['removed-line', 'Python/ceval.c', 9],
      ['not-annotation', 'Python/ceval.c', 10],
    ])
    expect(result.errors[0]!.message).toMatch(/^line 9: removes or changes the line "case BINARY_ADD:"/)
  })

  it('refuses added code and ordinary comments', () => {
    const result = checkAnnotationOnly(around('+        x = NULL;', '+        /* not a CSC253 comment */', '+        // CSC 253: wrong tag'), files)
    expect(result.errors.map((e) => [e.code, e.line])).toEqual([
      ['not-annotation', 9],
      ['not-annotation', 10],
      ['not-annotation', 11],
    ])
  })

  it('refuses files the assignment does not name, and accepts globs in the list', () => {
    const other = around('+        // CSC253: hi').replace(/Python\/ceval\.c/g, 'Python/compile.c')
    expect(checkAnnotationOnly(other, files).errors).toMatchObject([{ code: 'not-annotation-file', file: 'Python/compile.c', line: 1 }])
    expect(checkAnnotationOnly(other, { files: ['Python/*.c'] })).toMatchObject({ ok: true, counts: { 'Python/compile.c': 1 } })
  })

  it('refuses a block that an original line would have to close', () => {
    const result = checkAnnotationOnly(patch([...ctxBefore, '+        /** CSC253 this swallows the case label', ...ctxAfter, '+        */']), files)
    expect(result.errors.map((e) => e.code)).toContain('annotation-unclosed')
    expect(result.errors[0]!.line).toBe(9)
  })

  it('refuses text after */ and */ inside a // comment (both can end an enclosing comment)', () => {
    const result = checkAnnotationOnly(around('+        /** CSC253 note */ x = 1;', '+        // CSC253: note */ x = 1; /*'), files)
    expect(result.errors.map((e) => [e.code, e.line])).toEqual([
      ['not-annotation', 9],
      ['not-annotation', 10],
    ])
  })

  it('refuses a trailing backslash or ??/ trigraph, which would splice the next line into the comment', () => {
    const result = checkAnnotationOnly(around('+        // CSC253: the next line is now a comment \\', '+        // CSC253: trigraph ??/'), files)
    expect(result.errors.map((e) => [e.code, e.line])).toEqual([
      ['annotation-continuation', 9],
      ['annotation-continuation', 10],
    ])
  })

  it('refuses a comment inserted into a macro continued with backslashes', () => {
    const macro = patch(
      ['#define Py_INCREF(op) (                         \\', '+// CSC253: inside the macro', '     ((PyObject*)(op))->ob_refcnt++)'].map((l, i) =>
        i === 0 ? ` ${l}` : l,
      ),
      'Include/object.h',
      770,
    )
    const result = checkAnnotationOnly(macro, { files: ['Include/object.h'] })
    expect(result.errors.map((e) => [e.code, e.line])).toEqual([['annotation-continuation', 7]])
  })

  it('refuses a /** CSC253 block inside an existing comment, but allows // CSC253 there', () => {
    const inside = (added: string) =>
      patch(
        [' /* XXX If this is changed, you also need to change the way', added, "    Python's long, float and complex types are hashed. */"],
        'Objects/intobject.c',
        464,
      )
    expect(checkAnnotationOnly(inside('+   /** CSC253 ends the outer comment */'), files).errors.map((e) => e.code)).toEqual(['annotation-inside-comment'])
    expect(checkAnnotationOnly(inside('+   // CSC253: harmless inside a comment'), files).ok).toBe(true)
  })

  it('needs context above an insertion to check it (refuses git diff -U0 output)', () => {
    const u0 = lines('--- a/Python/ceval.c', '+++ b/Python/ceval.c', '@@ -1329,0 +1330 @@', '+        // CSC253: hi')
    expect(checkAnnotationOnly(u0, files).errors.map((e) => e.code)).toEqual(['annotation-needs-context'])
    const top = lines('--- a/Python/ceval.c', '+++ b/Python/ceval.c', '@@ -0,0 +1 @@', '+// CSC253: top of the file')
    expect(checkAnnotationOnly(top, files).ok).toBe(true)
  })

  it('refuses invisible characters such as bidirectional overrides', () => {
    expect(checkAnnotationOnly(around('+        // CSC253: \u202e;)(kcatta'), files).errors.map((e) => e.code)).toEqual(['annotation-control-character'])
  })

  it('refuses creating or deleting files, and reports a broken patch', () => {
    const create = lines('--- /dev/null', '+++ b/Python/ceval.c', '@@ -0,0 +1 @@', '+// CSC253: new')
    expect(checkAnnotationOnly(create, files).errors.map((e) => e.code)).toEqual(['file-change-not-allowed'])
    expect(
      checkAnnotationOnly(around('+        // CSC253: hi').replace('@@ -1327,6 +1327,7 @@', '@@ -1327,6 +1327,9 @@'), files).errors.map((e) => e.code),
    ).toEqual(['hunk-truncated'])
    expect(checkAnnotationOnly('', files)).toMatchObject({ ok: false, errors: [{ code: 'empty-patch', file: '', line: 0 }] })
  })
})
