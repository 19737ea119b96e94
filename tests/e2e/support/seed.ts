// Run by the e2e global setup with tsx: load the course content plus the e2e fixture lectures into the
// database named by DATABASE_URL, and make sure the pristine CPython tree the source viewer reads is extracted.
import path from 'node:path'

import { ContentValidationError, formatProblem, type ContentProblem } from '@/lib/content/errors'
import { loadLectures } from '@/lib/content/lectures'
import { findExtractedTree } from '@/lib/content/pristine'
import { loadCourseContent, syncContent } from '@/lib/content/sync'
import { pristineTree } from '@/lib/cpython/tree'
import { createPrismaClient } from '@/lib/db/prisma'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')
export const FIXTURE_DIR = path.join(ROOT, 'tests', 'e2e', 'fixtures')

async function main() {
  // source references are not checked here: CI's tree is 2.7.18, whose line numbers differ from 2.7.8's
  const content = await loadCourseContent(process.env.COURSE_DIR || ROOT)
  const problems: ContentProblem[] = []
  const fixtures = loadLectures(FIXTURE_DIR, problems)
  if (problems.length) throw new ContentValidationError(problems)
  content.lectures.push(...fixtures)

  if (!(await findExtractedTree())) {
    const tree = await pristineTree({ warn: (m) => console.warn(m) })
    console.log(`e2e seed: extracted the CPython ${tree.version} tree`)
  }

  const prisma = createPrismaClient(process.env.DATABASE_URL)
  try {
    const s = await syncContent(prisma, content)
    console.log(`e2e seed: ${s.lectures} lectures, ${s.questions} questions, ${s.assignments} assignments`)
  } finally {
    await prisma.$disconnect()
  }
}

main().catch((e) => {
  if (e instanceof ContentValidationError) for (const p of e.problems) console.error(formatProblem(p))
  console.error(e)
  process.exit(1)
})
