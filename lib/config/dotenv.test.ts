import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { loadDotEnv } from './dotenv'

const keys = ['DOTENV_TEST_A', 'DOTENV_TEST_B', 'DOTENV_TEST_C', 'DOTENV_TEST_EMPTY']
afterEach(() => keys.forEach((k) => delete process.env[k]))

function envFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dotenv-'))
  const file = path.join(dir, '.env')
  fs.writeFileSync(file, text)
  return file
}

describe('loadDotEnv', () => {
  it('reads KEY=VALUE lines, quoted values and `export`, skipping comments', () => {
    const file = envFile('# a comment\nDOTENV_TEST_A=plain\nDOTENV_TEST_B="quoted value"\nexport DOTENV_TEST_C=exported\n')
    expect(loadDotEnv(file)).toBe(true)
    expect([process.env.DOTENV_TEST_A, process.env.DOTENV_TEST_B, process.env.DOTENV_TEST_C]).toEqual(['plain', 'quoted value', 'exported'])
  })

  it('never overrides the process environment, not even an empty value', () => {
    process.env.DOTENV_TEST_A = 'from the environment'
    process.env.DOTENV_TEST_EMPTY = ''
    loadDotEnv(envFile('DOTENV_TEST_A=from the file\nDOTENV_TEST_EMPTY=filled\n'))
    expect(process.env.DOTENV_TEST_A).toBe('from the environment')
    expect(process.env.DOTENV_TEST_EMPTY).toBe('')
  })

  it('accepts a missing file', () => {
    expect(loadDotEnv(path.join(os.tmpdir(), 'no-such-dir-for-dotenv', '.env'))).toBe(false)
  })
})
