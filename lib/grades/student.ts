import { gradeStudent, type StudentGrades } from './compute'
import type { CourseSettings } from './course-settings'
import { EMPTY_FACTS, loadCourseFacts, loadStudentFacts } from './load'
import type { CourseFacts } from './types'

/** One student's grades, computed exactly as the gradebook computes them. */
export async function studentGrades(userId: string, now = new Date()): Promise<StudentGrades & { course: CourseFacts & { settings: CourseSettings } }> {
  const [course, facts] = await Promise.all([loadCourseFacts(), loadStudentFacts([userId])])
  return { ...gradeStudent(course, facts.get(userId) ?? EMPTY_FACTS, now), course }
}
