import Link from 'next/link'

import type { QuizGrade } from '@/lib/grades/compute'

/** Quiz points per lecture, as a student reads them on My grades and staff on a student's page. */
export function QuizPointsTable({ quizzes, rowIds = false }: { quizzes: readonly QuizGrade[]; rowIds?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Lecture</th>
            <th scope="col">Questions answered</th>
            <th scope="col">Points (as each question is scored)</th>
          </tr>
        </thead>
        <tbody>
          {quizzes.map((q) => (
            <tr key={q.lecture.id} id={rowIds ? `quiz-${q.lecture.number}` : undefined}>
              <td>
                <Link href={`/lectures/${q.lecture.slug}`}>
                  {q.lecture.number}. {q.lecture.title}
                </Link>
              </td>
              <td className="num">
                {q.answered} of {q.lecture.questionCount}
              </td>
              <td className="num">
                {q.points} / {q.lecture.maxPoints}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
