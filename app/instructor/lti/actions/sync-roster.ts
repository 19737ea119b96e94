'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { AppError } from '@/lib/http/errors'
import { syncRoster } from '@/lib/lti/nrps'
import { PlatformCallError } from '@/lib/lti/service-token'

/** Sync an LMS course's members now (the worker also does it daily). */
export const syncRosterAction = defineAction({ schema: z.object({ contextId: z.string().min(1).max(64) }), roles: STAFF }, async ({ contextId }) => {
  try {
    return await syncRoster(contextId)
  } catch (error) {
    if (error instanceof PlatformCallError) throw new AppError(503, 'platform_unavailable', `${error.message} Nobody was removed; try again later.`)
    throw error
  }
})
