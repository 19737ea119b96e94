'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { changeRole } from '@/lib/roster/roster'

const schema = z.object({ userId: z.string().min(1).max(64), role: z.enum(['STUDENT', 'TA', 'INSTRUCTOR']) })

/** Make someone a student, TA or instructor. The role is then locked against INSTRUCTOR_EMAILS. */
export const changeRoleAction = defineAction({ schema, roles: INSTRUCTOR_ONLY }, async (input, user) =>
  changeRole({ actorId: user.id, userId: input.userId, role: input.role }),
)
