'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { requestSimilarityRun } from '@/lib/similarity/runs'

const schema = z.object({ slug: z.string().min(1).max(80) })

/** Queue a similarity check of every counted submission of an assignment (its own low-priority queue). */
export const runSimilarityAction = defineAction({ schema, roles: INSTRUCTOR_ONLY }, async ({ slug }, user) => {
  const r = await requestSimilarityRun(slug, user.id)
  return { runId: r.runId, enqueued: r.enqueued }
})
