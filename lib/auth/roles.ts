import type { Role } from '@/lib/db/generated/enums'

export type { Role }

/** Staff see the gradebook and every submission; instructors also change course settings and roles. */
export const STAFF: readonly Role[] = ['INSTRUCTOR', 'TA']
export const INSTRUCTOR_ONLY: readonly Role[] = ['INSTRUCTOR']

export function isStaff(role: Role | undefined | null): boolean {
  return role === 'INSTRUCTOR' || role === 'TA'
}

export function parseRole(value: unknown): Role | null {
  return value === 'STUDENT' || value === 'TA' || value === 'INSTRUCTOR' ? value : null
}
