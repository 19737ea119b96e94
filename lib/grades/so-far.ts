import { percentOf, roundScore, weightedPercent } from '@/lib/policy/late'

// "My grades" early in the term: a lecture's quiz points count once the student has reached it (answered any
// of its questions), as homework counts once graded or past due. The whole-course figures stay on the page too.

type Quiz = { lecture: { maxPoints: number }; points: number; answered: number }
type Category = { earned: number; possible: number; weight: number }

export function quizzesSoFar(quizzes: readonly Quiz[], weight: number): Category & { percent: number | null; lectures: number; of: number } {
  const started = quizzes.filter((q) => q.answered > 0)
  const earned = roundScore(started.reduce((n, q) => n + q.points, 0))
  const possible = roundScore(started.reduce((n, q) => n + q.lecture.maxPoints, 0))
  return { earned, possible, weight, percent: percentOf(earned, possible), lectures: started.length, of: quizzes.length }
}

export function totalSoFar(homework: Category, quizzes: Category): number | null {
  return weightedPercent([homework, quizzes])
}
