import { describe, expect, it } from 'vitest'

import { patchRejectionSentence } from './patch-message'

describe('patchRejectionSentence', () => {
  it('names the file and line once, even when the message starts with the line', () => {
    expect(patchRejectionSentence([{ line: 1, message: 'line 1: "Objects/intobject.c" may not be changed in this assignment.' }], 'hw.diff')).toBe(
      'hw.diff line 1: "Objects/intobject.c" may not be changed in this assignment.',
    )
    expect(patchRejectionSentence([{ message: 'line 3: hunk 1 does not apply' }])).toBe('Your patch line 3: hunk 1 does not apply.')
  })

  it('does not say "the patch" twice', () => {
    expect(patchRejectionSentence([{ message: 'the patch contains no file changes (no "diff --git" header was found).' }])).toBe(
      'Your patch contains no file changes (no "diff --git" header was found).',
    )
  })

  it('says how many more problems follow', () => {
    expect(patchRejectionSentence([{ line: 2, message: 'a' }, { message: 'b' }, { message: 'c' }], 'x.patch')).toBe(
      'x.patch line 2: a. 2 more problems are listed below.',
    )
  })
})
