import type { Role } from '@/lib/db/generated/enums'

/**
 * The course role for a launch's LTI role URIs. Context roles win over institution roles; a teaching assistant
 * (`Instructor#TeachingAssistant`, a sub-role of Instructor) is a TA, not an instructor; anything unknown is a student.
 */
export function courseRoleFromLti(roles: readonly string[]): Role {
  const names = roles.map((r) => r.trim())
  const has = (re: RegExp) => names.some((r) => re.test(r))
  if (has(/(^|[/#])TeachingAssistant$/) || has(/membership\/Instructor#TeachingAssistant/)) return 'TA'
  if (has(/^http:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\/membership#(Instructor|ContentDeveloper|Administrator)$/)) return 'INSTRUCTOR'
  // short forms some platforms send in the roles claim (allowed for context roles by LTI 1.3)
  if (names.includes('Instructor') || names.includes('ContentDeveloper')) return 'INSTRUCTOR'
  if (has(/membership#Mentor$/)) return 'TA'
  return 'STUDENT'
}
