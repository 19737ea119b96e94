import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { ContentValidationError } from '@/lib/content/errors'
import { loadCourseContent, syncContent } from '@/lib/content/sync'
import { prisma } from '@/lib/db/prisma'

/** A copy of the repository's real content that a test may break without touching the repository. */
function copyOfCourse(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-'))
  for (const entry of ['course.yaml', 'quizzes', 'homework']) cpSync(path.resolve(entry), path.join(dir, entry), { recursive: true })
  return dir
}

async function contentCounts() {
  const [lectures, questions, assignments, chapters] = await Promise.all([
    prisma.lecture.count(),
    prisma.question.count(),
    prisma.assignment.count(),
    prisma.chapter.count(),
  ])
  return { lectures, questions, assignments, chapters }
}

describe('content sync', () => {
  it('loads the real course content and upserts it; a second sync changes nothing', async () => {
    const content = await loadCourseContent(process.cwd())
    expect(content.lectures).toHaveLength(9)
    const first = await syncContent(prisma, content)
    expect(first.lectures).toBe(9)
    expect(first.questions).toBeGreaterThanOrEqual(45)
    expect(first.assignments).toBeGreaterThanOrEqual(1)
    const before = await contentCounts()
    const second = await syncContent(prisma, await loadCourseContent(process.cwd()))
    expect(second.retiredQuestions).toBe(0)
    expect(await contentCounts()).toEqual(before)
    // keys stay on the server side of the schema: the choices column never holds the answer
    const q = await prisma.question.findFirstOrThrow({ where: { type: 'SINGLE' } })
    expect(JSON.stringify(q.choices)).not.toMatch(/"answer"/)
  })

  it('a bad file fails with the file, the path inside it and the line, and changes nothing in the database', async () => {
    await syncContent(prisma, await loadCourseContent(process.cwd()))
    const before = await contentCounts()
    const firstTitle = (await prisma.lecture.findFirstOrThrow({ where: { number: 1 } })).title

    const dir = copyOfCourse()
    const file = path.join(dir, 'quizzes', '01-interpreter-and-source-overview.yaml')
    // rename lecture 1 (a change that would be applied) and break one of lecture 2's answers
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Renamed by a broken sync'))
    const file2 = path.join(dir, 'quizzes', '02-opcodes-and-eval-loop.yaml')
    const broken = readFileSync(file2, 'utf8').replace(/^(\s+)type: single$/m, '$1type: sigle')
    writeFileSync(file2, broken)

    const error = await loadCourseContent(dir).catch((e) => e)
    expect(error).toBeInstanceOf(ContentValidationError)
    const problem = (error as ContentValidationError).problems.find((p) => p.file === 'quizzes/02-opcodes-and-eval-loop.yaml')
    expect(problem).toBeDefined()
    expect(problem!.path).toMatch(/^questions\[\d+\]/)
    expect(problem!.line).toBe(broken.split('\n').findIndex((l) => l.trim() === 'type: sigle') + 1)
    expect((error as Error).message).toContain('quizzes/02-opcodes-and-eval-loop.yaml')

    expect(await contentCounts()).toEqual(before)
    expect((await prisma.lecture.findFirstOrThrow({ where: { number: 1 } })).title).toBe(firstTitle)
  })

  it('reports a homework manifest problem with its path, and a missing referenced file', async () => {
    const dir = copyOfCourse()
    const slug = (await loadCourseContent(process.cwd())).assignments.find((a) => a.kind === 'PATCH')!.slug
    const manifest = path.join(dir, 'homework', slug, 'assignment.yaml')
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/expected: (\S+)/, 'expected: tests/public/does-not-exist.out'))
    const error = (await loadCourseContent(dir).catch((e) => e)) as ContentValidationError
    expect(error).toBeInstanceOf(ContentValidationError)
    expect(error.problems).toContainEqual(
      expect.objectContaining({ file: `homework/${slug}/assignment.yaml`, path: 'tests[0].expected', message: expect.stringContaining('does-not-exist.out') }),
    )
  })

  it('retires a question that left its file but keeps the answers given to it', async () => {
    await syncContent(prisma, await loadCourseContent(process.cwd()))
    const question = await prisma.question.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const student = await prisma.user.create({ data: { email: 'retire@example.edu' } })
    await prisma.quizResponse.create({ data: { userId: student.id, questionId: question.id, attempt: 1, answer: 'a', correct: true, pointsAwarded: 1 } })
    const content = await loadCourseContent(process.cwd())
    for (const l of content.lectures) l.spec.questions = l.spec.questions.filter((q) => q.id !== question.id)
    const summary = await syncContent(prisma, content)
    expect(summary.retiredQuestions).toBe(1)
    expect((await prisma.question.findUniqueOrThrow({ where: { id: question.id } })).retiredAt).not.toBeNull()
    expect(await prisma.quizResponse.count({ where: { questionId: question.id } })).toBe(1)
  })
})
