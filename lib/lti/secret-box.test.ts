import { afterEach, describe, expect, it } from 'vitest'

import { openSecret, sealSecret } from './secret-box'

const saved = process.env.AUTH_SECRET
afterEach(() => {
  process.env.AUTH_SECRET = saved
})

describe('sealSecret', () => {
  it('round-trips, never stores the plain text, and refuses to open under another AUTH_SECRET', () => {
    process.env.AUTH_SECRET = 'first-secret'
    const sealed = sealSecret('{"d":"private"}')
    expect(sealed).not.toContain('private')
    expect(openSecret(sealed)).toBe('{"d":"private"}')
    process.env.AUTH_SECRET = 'second-secret'
    expect(() => openSecret(sealed)).toThrow(/AUTH_SECRET changed/)
  })
})
