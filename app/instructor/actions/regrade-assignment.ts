'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { regradeAssignment } from '@/lib/regrade/regrade'

const schema = z.object({ slug: z.string().min(1).max(80) })

/** Regrade every counted submission of an assignment (after its tests changed), at the regrade priority. */
export const regradeAssignmentAction = defineAction({ schema, roles: INSTRUCTOR_ONLY }, async ({ slug }, user) => {
  const r = await regradeAssignment(slug, user.id)
  return { considered: r.considered, queued: r.queued, alreadyQueued: r.alreadyQueued, enqueued: r.enqueued }
})
