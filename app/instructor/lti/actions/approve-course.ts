'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { setCourseStaffApproval } from '@/lib/lti/overview'

/** Let (or stop letting) an LMS course's Instructor and TA roles count here. */
export const approveCourseAction = defineAction(
  { schema: z.object({ contextId: z.string().min(1).max(64), approved: z.boolean() }), roles: INSTRUCTOR_ONLY },
  async (input) => setCourseStaffApproval(input.contextId, input.approved),
)
