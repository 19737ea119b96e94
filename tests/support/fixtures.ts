import { readFileSync } from 'node:fs'
import path from 'node:path'

import type { SessionUser } from '@/lib/auth/users'
import { loadCourseContent, syncContent } from '@/lib/content/sync'
import { prisma } from '@/lib/db/prisma'

let synced = false

/** Sync the repository's real course content into this test file's database (once per file). */
export async function syncRealContent(): Promise<void> {
  if (synced) return
  await syncContent(prisma, await loadCourseContent(process.cwd()))
  synced = true
}

let counter = 0
export async function createUser(role: SessionUser['role'] = 'STUDENT', email?: string): Promise<SessionUser> {
  counter++
  const user = await prisma.user.create({
    data: { email: email ?? `${role.toLowerCase()}${counter}-${Date.now()}@example.edu`, role, name: `${role} ${counter}` },
  })
  return { id: user.id, email: user.email, name: user.name, role: user.role }
}

/** A homework folder's reference solution (homework/<slug>/solution.diff). */
export function solutionPatch(slug: string): string {
  return readFileSync(path.resolve('homework', slug, 'solution.diff'), 'utf8')
}
