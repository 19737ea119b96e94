import { courseFileSchema } from '@/lib/content/course-schema'
import { prisma } from '@/lib/db/prisma'

import type { CourseGradingSettings } from './types'

export type CourseSettings = CourseGradingSettings & { title: string; term: string; timezone: string }

const DEFAULTS: CourseSettings = {
  title: 'CPython internals',
  term: '',
  timezone: 'America/New_York',
  lateDayBudget: 5,
  weights: { homework: 0.8, quizzes: 0.2 },
}

/** The course-wide settings content sync stored from course.yaml (Setting `course`), with the file's defaults. */
export function courseSettingsFrom(value: unknown): CourseSettings {
  const parsed = courseFileSchema.safeParse(value)
  if (!parsed.success) return DEFAULTS
  const c = parsed.data
  return { title: c.title, term: c.term, timezone: c.timezone, lateDayBudget: c.lateDayBudget, weights: c.weights }
}

export async function loadCourseSettings(): Promise<CourseSettings> {
  const row = await prisma.setting.findUnique({ where: { key: 'course' } })
  return courseSettingsFrom(row?.value)
}
