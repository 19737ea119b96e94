'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { registrationUrl } from '@/lib/lti/dynamic-registration'

/** A one-day, single-use URL for the LMS's "register a tool by URL" (LTI Dynamic Registration). */
export const createRegistrationUrlAction = defineAction({ schema: z.object({}), roles: INSTRUCTOR_ONLY }, async (_input, user) => ({
  url: await registrationUrl(user.id),
}))
