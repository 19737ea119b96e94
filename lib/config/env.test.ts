import { afterEach, describe, expect, it } from 'vitest'

import { appEnv, databaseUrl, devLoginEnabled, EnvError, envProblems, queuePrefix, readEnv, workerSettings } from './env'

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

describe('the environment schema', () => {
  it('has defaults that work on a fresh machine', () => {
    const e = readEnv({})
    expect(e.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/cpython_course')
    expect(e.REDIS_URL).toBe('redis://127.0.0.1:6379')
    expect([e.QUEUE_PREFIX, e.GRADER_CONCURRENCY, e.PATCH_MAX_BYTES, e.PRACTICE_RUNS_PER_HOUR, e.COURSE_TIMEZONE, e.CPYTHON_VERSION]).toEqual([
      'cpython-course',
      2,
      524288,
      20,
      'America/New_York',
      '2.7.8',
    ])
    expect([
      e.WORKER_LOCK_MS,
      e.WORKER_STALLED_INTERVAL_MS,
      e.GRADING_LEASE_MS,
      e.RECONCILE_INTERVAL_MS,
      e.CPYTHON_DOWNLOAD_TIMEOUT_MS,
      e.BASE_IMAGE_PULL_TIMEOUT_MS,
    ]).toEqual([30000, 15000, 30000, 10000, 10000, 20000])
    // empty counts as unset
    expect(readEnv({ GRADER_CONCURRENCY: '', QUEUE_PREFIX: ' ' })).toMatchObject({ GRADER_CONCURRENCY: 2, QUEUE_PREFIX: 'cpython-course' })
  })

  it('names the variable and what is wrong with it', () => {
    expect(envProblems({ GRADER_CONCURRENCY: 'two' })).toEqual(['GRADER_CONCURRENCY: expected a whole number ≥ 1, got "two"'])
    expect(envProblems({ GRADER_CONCURRENCY: '0', PATCH_MAX_BYTES: '1.5' })).toEqual([
      'PATCH_MAX_BYTES: expected a whole number ≥ 1, got "1.5"',
      'GRADER_CONCURRENCY: expected a whole number ≥ 1, got "0"',
    ])
    expect(envProblems({ DATABASE_URL: 'mysql://x/y' })[0]).toMatch(
      /^DATABASE_URL: expected a postgresql:\/\/ or postgres:\/\/ URL such as postgresql:\/\/postgres@127\.0\.0\.1:5432\/cpython_course, got "mysql:\/\/x\/y"$/,
    )
    expect(envProblems({ COURSE_TIMEZONE: 'Mars/Olympus' })).toEqual([
      'COURSE_TIMEZONE: expected an IANA time zone such as America/New_York or Europe/Berlin, got "Mars/Olympus"',
    ])
    expect(() => readEnv({ WORKER_LOCK_MS: 'soon' })).toThrow(EnvError)
    expect(() => readEnv({ WORKER_LOCK_MS: 'soon' })).toThrow(/WORKER_LOCK_MS: expected a whole number ≥ 1, got "soon"[\s\S]*see \.env\.example/)
  })

  it('reads process.env again when a test changes it after the first read', () => {
    const before = { DATABASE_URL: process.env.DATABASE_URL, QUEUE_PREFIX: process.env.QUEUE_PREFIX }
    try {
      process.env.QUEUE_PREFIX = 'first-file'
      process.env.DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/first'
      expect([queuePrefix(), databaseUrl()]).toEqual(['first-file', 'postgresql://postgres@127.0.0.1:5432/first'])
      process.env.QUEUE_PREFIX = 'second-file'
      process.env.DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/second'
      expect([queuePrefix(), databaseUrl()]).toEqual(['second-file', 'postgresql://postgres@127.0.0.1:5432/second'])
      delete process.env.QUEUE_PREFIX
      expect(queuePrefix()).toBe('cpython-course')
    } finally {
      for (const [k, v] of Object.entries(before)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
  })

  it('gives the worker its settings as numbers', () => {
    const saved = process.env.GRADER_CONCURRENCY
    try {
      process.env.GRADER_CONCURRENCY = '4'
      expect(workerSettings()).toMatchObject({ concurrency: 4, lockDurationMs: 30000 })
    } finally {
      if (saved === undefined) delete process.env.GRADER_CONCURRENCY
      else process.env.GRADER_CONCURRENCY = saved
    }
  })
})
