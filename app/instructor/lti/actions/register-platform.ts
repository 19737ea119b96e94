'use server'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { platformSchema, registerPlatform } from '@/lib/lti/platforms'

/** Register an LMS (issuer, client id, deployments, endpoints), or update the one with the same issuer and client id. */
export const registerPlatformAction = defineAction({ schema: platformSchema, roles: INSTRUCTOR_ONLY }, async (input) => {
  const p = await registerPlatform(input, 'page')
  return { id: p.id, name: p.name }
})
