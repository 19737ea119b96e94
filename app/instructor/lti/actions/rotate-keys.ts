'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { rotateToolKeys } from '@/lib/lti/keys'

/** Start signing with a new tool key; the previous one stays in the JWKS for a week. */
export const rotateKeysAction = defineAction({ schema: z.object({}), roles: INSTRUCTOR_ONLY }, async () => rotateToolKeys())
