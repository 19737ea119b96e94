import { describe, expect, it } from 'vitest'

import { plural } from './plural'

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(plural(1, 'file')).toBe('1 file')
    expect(plural(0, 'file')).toBe('0 files')
    expect(plural(3, 'error')).toBe('3 errors')
    expect(plural(2, 'day', 'days')).toBe('2 days')
    expect(plural(2, 'child', 'children')).toBe('2 children')
  })
})
