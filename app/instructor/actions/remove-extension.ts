'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { removeExtension } from '@/lib/extensions/extensions'
import { notifyScoreChanged } from '@/lib/lti/passback'

const schema = z.object({ userId: z.string().min(1).max(64), assignmentId: z.string().min(1).max(64) })

/** Remove a student's extension; the assignment's own deadline applies again. */
export const removeExtensionAction = defineAction({ schema, roles: INSTRUCTOR_ONLY }, async (input) => {
  const result = await removeExtension(input)
  await notifyScoreChanged(input.userId, input.assignmentId)
  return { removed: result.removed, latenessChanged: result.latenessChanged }
})
