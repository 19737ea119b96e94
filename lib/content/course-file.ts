import { existsSync } from 'node:fs'
import path from 'node:path'

import { courseFileSchema, type CourseFile } from './course-schema'
import type { ContentProblem } from './errors'
import { parseYamlFile } from './yaml-file'

/** course.yaml at the top of the course directory. */
export function loadCourseFile(courseDir: string, problems: ContentProblem[]): CourseFile | null {
  const file = path.join(courseDir, 'course.yaml')
  if (!existsSync(file)) {
    problems.push({ file: 'course.yaml', path: '', message: 'the course file is missing (it holds the course start, late policy and weights)' })
    return null
  }
  const parsed = parseYamlFile(file, courseFileSchema, 'course.yaml')
  if (!parsed.ok) {
    problems.push(...parsed.problems)
    return null
  }
  return parsed.value
}
