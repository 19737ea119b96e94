import { describe, expect, it } from 'vitest'

import { commentText, extractContribution, MAX_PATCH_CHARS, MAX_ROWS } from './extract'

const PATCH = [
  '--- a/Objects/intobject.c',
  '+++ b/Objects/intobject.c',
  '@@ -10,7 +10,8 @@',
  ' one',
  ' two',
  ' three',
  '-old four',
  '+new four',
  '+new five',
  ' six',
  ' seven',
  ' eight',
  '@@ -40,3 +41,4 @@',
  ' forty',
  '+// CSC253: explains forty-one',
  ' forty-one',
  ' forty-two',
  '',
].join('\n')

describe('extractContribution', () => {
  it('keeps added lines with the context around them, numbered as in the patched and the pristine file', () => {
    const c = extractContribution(PATCH, { kind: 'code', contextLines: 1 })
    expect(c.text.split('\n')).toEqual(['three', 'new four', 'new five', 'six', '', 'forty', '// CSC253: explains forty-one', 'forty-one'])
    expect(c.rows.map((r) => [r.line, r.added])).toEqual([
      [12, false],
      [13, true],
      [14, true],
      [15, false],
      [0, false],
      [41, false],
      [42, true],
      [43, false],
    ])
    // the removed line is not the student's: "new four" replaces pristine line 13, "six" is pristine line 14
    expect(c.rows.map((r) => r.pristineLine)).toEqual([12, 14, 14, 14, 0, 40, 41, 41])
    expect(c.rows[4]!.path).toBeNull()
    expect(c.paths).toEqual(['Objects/intobject.c'])
    expect(c.addedLines).toBe(3)
  })

  it('reads the words of added comments for annotation homework (whose patches add nothing else), without markers or context', () => {
    const annotation = PATCH.replace('-old four\n+new four\n+new five\n', ' four\n+/** CSC253 a block\n+   that goes on\n+ */\n')
    const c = extractContribution(annotation, { kind: 'comments' })
    expect(c.text).toBe('a block\nthat goes on\n\nexplains forty-one')
    expect(c.rows.filter((r) => r.path !== null).map((r) => r.line)).toEqual([14, 15, 42])
    expect(c.rows.every((r) => r.path === null || r.added)).toBe(true)
  })

  it('yields nothing for text that is not a patch, and bounds the work on huge input', () => {
    expect(extractContribution('hello\nworld\n', { kind: 'code' }).rows).toEqual([])
    const many = ['--- a/x.c', '+++ b/x.c', `@@ -0,0 +1,${MAX_ROWS + 10} @@`, ...Array.from({ length: MAX_ROWS + 10 }, (_, i) => `+int v${i};`)].join('\n')
    const c = extractContribution(many, { kind: 'code' })
    expect(c.rows.length).toBeLessThanOrEqual(MAX_ROWS)
    expect(c.truncated).toBe(true)
    expect(extractContribution('x'.repeat(MAX_PATCH_CHARS + 1), { kind: 'code' }).truncated).toBe(true)
  })
})

describe('commentText', () => {
  it('strips comment markers and the CSC253 tag, and ignores lines without words', () => {
    expect(commentText('    // CSC253: the sum of two ints')).toBe('the sum of two ints')
    expect(commentText('/** CSC253 overflow jumps to slow_add')).toBe('overflow jumps to slow_add')
    expect(commentText('   * which ends in int_add() */')).toBe('which ends in int_add()')
    expect(commentText('   */')).toBeNull()
    expect(commentText('/** CSC253')).toBeNull()
  })
})
