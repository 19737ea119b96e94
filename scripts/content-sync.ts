// `npm run content:sync [-- --check]`: validate every content file (course.yaml, quizzes/*.yaml, homework/*/)
// and upsert them into the database in one transaction. A bad file fails the sync with the file, the path inside
// it and what is wrong; the database is left untouched.
import { courseDir } from '@/lib/config/env'
import { formatProblem, ContentValidationError } from '@/lib/content/errors'
import { loadCourseContent, syncContent } from '@/lib/content/sync'
import { LECTURE_SOURCE_VERSION, findExtractedTree } from '@/lib/content/pristine'
import { createPrismaClient } from '@/lib/db/prisma'

import { loadDotEnv } from './lib/setup.mjs'

loadDotEnv()
const checkOnly = process.argv.includes('--check')
const quiet = process.argv.includes('--quiet')

async function main(): Promise<number> {
  const dir = courseDir()
  // references are checked against the tree they were written for; without it they are not checked
  const tree = await findExtractedTree(LECTURE_SOURCE_VERSION)
  let content: Awaited<ReturnType<typeof loadCourseContent>>
  try {
    content = await loadCourseContent(dir, { tree: tree ?? undefined })
  } catch (e) {
    if (e instanceof ContentValidationError) {
      console.error(`content:sync: ${e.problems.length} problem(s) found; nothing was changed in the database.`)
      for (const p of e.problems) console.error(`  ${formatProblem(p)}`)
      return 1
    }
    throw e
  }
  const questions = content.lectures.reduce((n, l) => n + l.spec.questions.length, 0)
  if (!tree && !quiet) console.log(`content:sync: no CPython ${LECTURE_SOURCE_VERSION} tree is extracted here, so source references were not checked.`)
  if (checkOnly) {
    console.log(`content:sync --check: ${content.lectures.length} lectures, ${questions} questions, ${content.assignments.length} assignments: all valid.`)
    return 0
  }
  const prisma = createPrismaClient()
  try {
    const s = await syncContent(prisma, content)
    console.log(
      `content synced: ${s.lectures} lectures, ${s.chapters} chapters, ${s.questions} questions${s.retiredQuestions ? ` (${s.retiredQuestions} retired)` : ''}, ${s.assignments} assignments${s.unpublishedAssignments ? ` (${s.unpublishedAssignments} unpublished)` : ''}`,
    )
  } finally {
    await prisma.$disconnect()
  }
  return 0
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`content:sync failed: ${(e as Error).message}`)
    process.exit(1)
  },
)
