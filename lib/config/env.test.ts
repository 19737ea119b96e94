import { afterEach, describe, expect, it } from 'vitest'

import { appEnv, devLoginEnabled } from './env'

const saved = { NODE_ENV: process.env.NODE_ENV, APP_ENV: process.env.APP_ENV, AUTH_DEV_LOGIN: process.env.AUTH_DEV_LOGIN }
function setEnv(values: Partial<Record<keyof typeof saved, string | undefined>>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete (process.env as Record<string, string | undefined>)[key]
    else (process.env as Record<string, string | undefined>)[key] = value
  }
}
afterEach(() => setEnv(saved))

describe('appEnv and the development sign-in', () => {
  it('APP_ENV=production always means production, and refuses the development sign-in', () => {
    setEnv({ APP_ENV: 'production', NODE_ENV: 'development', AUTH_DEV_LOGIN: '1' })
    expect(appEnv()).toBe('production')
    expect(devLoginEnabled()).toBe(false)
  })

  it('without APP_ENV, NODE_ENV=production (next start run directly) means production', () => {
    setEnv({ APP_ENV: undefined, NODE_ENV: 'production', AUTH_DEV_LOGIN: '1' })
    expect(appEnv()).toBe('production')
    expect(devLoginEnabled()).toBe(false)
    setEnv({ APP_ENV: 'staging' })
    expect(appEnv()).toBe('production')
  })

  it('an explicit APP_ENV=local wins over NODE_ENV=production, as npm start needs under next start', () => {
    setEnv({ APP_ENV: 'local', NODE_ENV: 'production', AUTH_DEV_LOGIN: '1' })
    expect(appEnv()).toBe('local')
    expect(devLoginEnabled()).toBe(true)
  })

  it('the development sign-in needs AUTH_DEV_LOGIN=1 even locally', () => {
    setEnv({ APP_ENV: 'local', AUTH_DEV_LOGIN: undefined })
    expect(devLoginEnabled()).toBe(false)
    setEnv({ AUTH_DEV_LOGIN: 'true' })
    expect(devLoginEnabled()).toBe(false)
  })
})
