'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { setManualScore } from '@/lib/grades/overrides'
import { notifyScoreChanged } from '@/lib/lti/passback'

const schema = z.object({
  userId: z.string().min(1).max(64),
  assignmentId: z.string().min(1).max(64),
  submissionId: z
    .string()
    .max(64)
    .optional()
    .transform((v) => v || null),
  score: z.coerce.number({ error: 'The score must be a number.' }).finite('The score must be a number.'),
  comment: z.string().trim().min(1, 'Say why in the comment; the student sees it.').max(2_000),
})

/** Set or override a student's score on an assignment; recorded with who and when, the newest one counts. */
export const setScoreAction = defineAction({ schema, roles: STAFF }, async (input, user) => {
  const row = await setManualScore({ ...input, byId: user.id })
  await notifyScoreChanged(input.userId, input.assignmentId)
  return { id: row.id, score: row.score, at: row.at.toISOString() }
})
