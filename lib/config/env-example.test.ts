import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { VARIABLE_NAMES } from './env'
import { renderEnvExample } from './env-example'

const committed = () => fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', '.env.example'), 'utf8')

describe('.env.example', () => {
  it('is what lib/config/env.ts renders (run `npm run env:example` after changing a variable)', () => {
    expect(committed()).toBe(renderEnvExample())
  })

  it('lists every variable of the schema, once', () => {
    const listed = [...committed().matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1])
    expect(listed).toEqual(VARIABLE_NAMES)
  })
})
