'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { regradeSubmission } from '@/lib/regrade/regrade'

const schema = z.object({ submissionId: z.string().min(1).max(64) })

/** Grade one submission again (a new run, queued behind fresh submissions); its earlier results stay as history. */
export const regradeSubmissionAction = defineAction({ schema, roles: STAFF }, async ({ submissionId }, user) => {
  const r = await regradeSubmission(submissionId, user.id)
  return { queued: r.queued, enqueued: r.enqueued }
})
