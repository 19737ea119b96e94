// A throwaway database for one benchmark run, on DATABASE_URL's server: created by ensureDatabase and dropped by
// dropDatabase (scripts/lib/setup.mjs), the same helpers `npm start` and the e2e setup use.
import { randomBytes } from 'node:crypto'

import { dropDatabase, ensureDatabase } from './setup.mjs'

export async function createBenchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/cpython_course')
  url.pathname = `/cpython_course_${label}_${randomBytes(4).toString('hex')}`
  await ensureDatabase(url.toString())
  return { url: url.toString(), drop: () => dropDatabase(url.toString()) }
}
