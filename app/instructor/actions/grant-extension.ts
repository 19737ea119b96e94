'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { grantExtension } from '@/lib/extensions/extensions'
import { zonedWallTimeToInstant } from '@/lib/extensions/zoned-time'
import { loadCourseSettings } from '@/lib/grades/course-settings'
import { AppError } from '@/lib/http/errors'
import { notifyScoreChanged } from '@/lib/lti/passback'

const schema = z.object({
  userId: z.string().min(1).max(64),
  assignmentId: z.string().min(1).max(64),
  /** a wall-clock time in the course's time zone, as a datetime-local input gives it */
  dueAt: z.string().min(1, 'Give the new deadline.').max(40),
  reason: z.string().trim().max(500).default(''),
})

/** Grant or change a student's extension: a new absolute deadline for one assignment. */
export const grantExtensionAction = defineAction({ schema, roles: INSTRUCTOR_ONLY }, async (input, user) => {
  const { timezone } = await loadCourseSettings()
  const dueAt = zonedWallTimeToInstant(input.dueAt, timezone)
  if (!dueAt) throw new AppError(400, 'invalid_date', `“${input.dueAt}” is not a date and time (e.g. 2026-10-20T23:59).`)
  const result = await grantExtension({ userId: input.userId, assignmentId: input.assignmentId, dueAt, reason: input.reason, grantedById: user.id })
  await notifyScoreChanged(input.userId, input.assignmentId)
  return { ...result, dueAt: dueAt.toISOString() }
})
