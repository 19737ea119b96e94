'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { removePlatform } from '@/lib/lti/platforms'

/** Remove a platform registration: its launches stop working; accounts and grades here stay. */
export const removePlatformAction = defineAction({ schema: z.object({ id: z.string().min(1).max(64) }), roles: INSTRUCTOR_ONLY }, async ({ id }) => {
  await removePlatform(id)
  return { removed: true }
})
