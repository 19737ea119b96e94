import { describe, expect, it } from 'vitest'

import { bearerMatches } from './prometheus'

describe('bearerMatches', () => {
  it('accepts exactly the token as a bearer credential', () => {
    expect(bearerMatches('Bearer s3cret-token', 's3cret-token')).toBe(true)
    expect(bearerMatches('bearer s3cret-token', 's3cret-token')).toBe(true)
    expect(bearerMatches('Bearer s3cret-token2', 's3cret-token')).toBe(false)
    expect(bearerMatches('Bearer s3cret-toke', 's3cret-token')).toBe(false)
    expect(bearerMatches('s3cret-token', 's3cret-token')).toBe(false)
    expect(bearerMatches('Basic s3cret-token', 's3cret-token')).toBe(false)
    expect(bearerMatches(null, 's3cret-token')).toBe(false)
  })
})
