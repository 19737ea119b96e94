import { describe, expect, it } from 'vitest'

import * as env from '@/lib/config/env'

import * as setup from './setup.mjs'

describe('scripts/lib/setup.mjs', () => {
  it('has the same default service URLs as lib/config/env.ts, which it mirrors', () => {
    expect(setup.DEFAULT_DATABASE_URL).toBe(env.DEFAULT_DATABASE_URL)
    expect(setup.DEFAULT_REDIS_URL).toBe(env.DEFAULT_REDIS_URL)
    expect(env.readEnv({})).toMatchObject({ DATABASE_URL: setup.DEFAULT_DATABASE_URL, REDIS_URL: setup.DEFAULT_REDIS_URL })
  })
})
