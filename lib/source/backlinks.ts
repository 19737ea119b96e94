import 'server-only'

import { isStaff, type Role } from '@/lib/auth/roles'
import type { SourceRef } from '@/lib/content/source-ref'
import { formatVideoTime } from '@/lib/content/time'
import { prisma } from '@/lib/db/prisma'
import { questionStatus } from '@/lib/quiz/present'

// "Discussed in lecture 3 at 14:20": the chapters and questions whose sources include a file of the tree.
// A question's sources point at the code that answers it, so they are part of the reveal (lib/quiz/types.ts):
// a student sees the question links of questions they have finished only; staff see them all.

export type BackLink = {
  kind: 'chapter' | 'question'
  lecture: { number: number; slug: string; title: string }
  atSeconds: number
  /** m:ss */
  at: string
  /** the chapter title; for questions only "Quiz question" (the prompt is not shown out of context) */
  title: string
  /** the line ranges of this file the chapter or question refers to (empty = the whole file) */
  ranges: { startLine: number; endLine: number }[]
  href: string
}

function rangesFor(sources: unknown, path: string): { startLine: number; endLine: number }[] | null {
  if (!Array.isArray(sources)) return null
  const refs = sources.filter((s): s is SourceRef => Boolean(s) && typeof s === 'object' && (s as SourceRef).path === path)
  if (refs.length === 0) return null
  return refs.filter((r) => r.startLine !== undefined).map((r) => ({ startLine: r.startLine!, endLine: r.endLine ?? r.startLine! }))
}

export async function backLinksFor(path: string, viewer: { id: string; role: Role }): Promise<BackLink[]> {
  // the course has a few hundred chapters and questions at most: filter in memory
  const [chapters, allQuestions] = await Promise.all([
    prisma.chapter.findMany({ select: { startSeconds: true, title: true, sources: true, lecture: { select: { number: true, slug: true, title: true } } } }),
    prisma.question.findMany({
      where: { retiredAt: null },
      select: { id: true, attempts: true, atSeconds: true, sources: true, lecture: { select: { number: true, slug: true, title: true } } },
    }),
  ])
  const questions = isStaff(viewer.role)
    ? allQuestions
    : await finishedBy(
        viewer.id,
        allQuestions.filter((q) => rangesFor(q.sources, path)),
      )
  const links: BackLink[] = []
  for (const c of chapters) {
    const ranges = rangesFor(c.sources, path)
    if (ranges)
      links.push({
        kind: 'chapter',
        lecture: c.lecture,
        atSeconds: c.startSeconds,
        at: formatVideoTime(c.startSeconds),
        title: c.title,
        ranges,
        href: `/lectures/${c.lecture.slug}?t=${c.startSeconds}`,
      })
  }
  for (const q of questions) {
    const ranges = rangesFor(q.sources, path)
    if (ranges)
      links.push({
        kind: 'question',
        lecture: q.lecture,
        atSeconds: q.atSeconds,
        at: formatVideoTime(q.atSeconds),
        title: 'Quiz question',
        ranges,
        href: `/lectures/${q.lecture.slug}?t=${q.atSeconds}`,
      })
  }
  return links.sort((a, b) => a.lecture.number - b.lecture.number || a.atSeconds - b.atSeconds || (a.kind === b.kind ? 0 : a.kind === 'chapter' ? -1 : 1))
}

/** The questions among `questions` that this student has finished (answered correctly or used every attempt). */
async function finishedBy<Q extends { id: string; attempts: number }>(userId: string, questions: Q[]): Promise<Q[]> {
  if (questions.length === 0) return []
  const responses = await prisma.quizResponse.findMany({
    where: { userId, questionId: { in: questions.map((q) => q.id) } },
    select: { questionId: true, attempt: true, correct: true, pointsAwarded: true, answer: true },
  })
  return questions.filter((q) => {
    const rows = responses.filter((r) => r.questionId === q.id)
    return rows.length > 0 && questionStatus(q, rows).finished
  })
}
