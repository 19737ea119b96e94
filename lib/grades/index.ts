/** Grades: one computation (compute.ts) over facts loaded in a fixed number of queries (load.ts). */
export {
  gradeStudent,
  type AssignmentGrade,
  type AssignmentStatus,
  type CategoryTotal,
  type GradedSubmission,
  type QuizGrade,
  type StudentGrades,
} from './compute'
export { explainAssignment, explainSubmission } from './explain'
export { lateDayLedger, type LateDayCharge, type LateDayLedger } from './late-days'
export { loadCourseSettings, courseSettingsFrom, type CourseSettings } from './course-settings'
export { loadCourseFacts, loadStudentFacts, loadStudents, EMPTY_FACTS, type Student } from './load'
export { studentGrades } from './student'
export type * from './types'
