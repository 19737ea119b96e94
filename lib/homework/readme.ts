import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { courseDir } from '@/lib/config/env'

/** The assignment's README.md (never anything else from its folder: the solution and hidden tests stay there). */
export async function assignmentReadme(slug: string): Promise<string | null> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) return null
  try {
    return await readFile(path.join(courseDir(), 'homework', slug, 'README.md'), 'utf8')
  } catch {
    return null
  }
}
