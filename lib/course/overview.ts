import { prisma } from '@/lib/db/prisma'
import { countedPoints, scoringRule } from '@/lib/quiz/scoring'

export type LectureSummary = {
  number: number
  slug: string
  title: string
  summary: string
  chapterCount: number
  questionCount: number
  progress?: { percentWatched: number; completed: boolean; quizPoints: number; quizMaxPoints: number; answered: number }
}

export type AssignmentSummary = {
  slug: string
  title: string
  summary: string
  lectureNumber: number | null
  dueAt: Date
  maxScore: number
  kind: 'PATCH' | 'ANNOTATION'
}

/** The home page's data: every lecture (with the student's progress when a user is given) and assignment. */
export async function courseOverview(userId?: string): Promise<{ lectures: LectureSummary[]; assignments: AssignmentSummary[] }> {
  const [lectures, assignments] = await Promise.all([
    prisma.lecture.findMany({
      orderBy: { number: 'asc' },
      select: {
        id: true,
        number: true,
        slug: true,
        title: true,
        summary: true,
        _count: { select: { chapters: true, questions: { where: { retiredAt: null } } } },
      },
    }),
    prisma.assignment.findMany({
      where: { published: true },
      orderBy: [{ dueAt: 'asc' }, { slug: 'asc' }],
      select: { slug: true, title: true, summary: true, lectureNumber: true, dueAt: true, maxScore: true, kind: true },
    }),
  ])
  const progress = userId ? await lectureProgress(userId) : new Map()
  return {
    lectures: lectures.map((l) => ({
      number: l.number,
      slug: l.slug,
      title: l.title,
      summary: l.summary,
      chapterCount: l._count.chapters,
      questionCount: l._count.questions,
      progress: progress.get(l.id),
    })),
    assignments,
  }
}

/** Per lecture: how much of the video the student has reached and the quiz points earned (best attempt per question). */
export async function lectureProgress(userId: string): Promise<Map<string, NonNullable<LectureSummary['progress']>>> {
  const [watch, questions, responses] = await Promise.all([
    prisma.watchProgress.findMany({ where: { userId } }),
    prisma.question.findMany({ where: { retiredAt: null }, select: { id: true, lectureId: true, points: true, scoring: true } }),
    prisma.quizResponse.findMany({ where: { userId }, select: { questionId: true, attempt: true, pointsAwarded: true } }),
  ])
  // the attempt that counts, by each question's scoring rule (best, latest or first)
  const byQuestion = new Map<string, { attempt: number; pointsAwarded: number }[]>()
  for (const r of responses) byQuestion.set(r.questionId, [...(byQuestion.get(r.questionId) ?? []), r])
  const rules = new Map(questions.map((q) => [q.id, scoringRule(q.scoring)]))
  const best = new Map([...byQuestion].map(([id, rows]) => [id, countedPoints(rules.get(id) ?? 'best', rows)]))
  const out = new Map<string, NonNullable<LectureSummary['progress']>>()
  const entry = (lectureId: string) => {
    let e = out.get(lectureId)
    if (!e) out.set(lectureId, (e = { percentWatched: 0, completed: false, quizPoints: 0, quizMaxPoints: 0, answered: 0 }))
    return e
  }
  for (const q of questions) {
    const e = entry(q.lectureId)
    e.quizMaxPoints += q.points
    if (best.has(q.id)) {
      e.answered += 1
      e.quizPoints += best.get(q.id) ?? 0
    }
  }
  for (const w of watch) {
    const e = entry(w.lectureId)
    e.percentWatched = w.durationSeconds ? Math.min(100, Math.round((w.furthestSeconds / w.durationSeconds) * 100)) : 0
    e.completed = Boolean(w.completedAt)
  }
  return out
}
