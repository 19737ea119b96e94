import type { Metadata } from 'next'
import Link from 'next/link'

import { policySentences } from '@/components/gradebook/policy-summary'
import { requirePageUser } from '@/lib/auth/guards'
import { formatDeadline } from '@/lib/course/dates'
import { explainAssignment, explainSubmission } from '@/lib/grades/explain'
import { quizzesSoFar, totalSoFar } from '@/lib/grades/so-far'
import { studentGrades } from '@/lib/grades/student'
import { QuizPointsTable } from '@/components/grades/quiz-points-table'

export const metadata: Metadata = { title: 'My grades' }
export const dynamic = 'force-dynamic'

const pct = (v: number | null) => (v === null ? '—' : `${v}%`)
const STATUS = {
  graded: ['graded', 'ok'],
  override: ['set by an instructor', 'ok'],
  pending: ['being graded', 'warn'],
  missing: ['missing', 'bad'],
  open: ['open', ''],
} as const

export default async function MyGradesPage() {
  const user = await requirePageUser(undefined, '/grades')
  const g = await studentGrades(user.id)
  const { weights, lateDayBudget } = g.course.settings
  // quizzes count the lectures the student has reached, as homework counts what is graded or past due
  const quizSoFar = quizzesSoFar(g.quizzes, weights.quizzes)
  const total = totalSoFar(g.homework, quizSoFar)
  const parts = [
    { name: 'Homework', c: g.homework, w: weights.homework },
    { name: 'Quizzes', c: quizSoFar, w: weights.quizzes },
  ].filter((p) => p.c.possible > 0 && p.w > 0)
  const weightSum = parts.reduce((n, p) => n + p.w, 0)
  return (
    <>
      <h1>My grades</h1>
      <section className="card" aria-labelledby="total-title" data-testid="grade-total">
        <h2 id="total-title" style={{ marginTop: 0 }}>
          Course total so far: <span className="num">{pct(total)}</span>
        </h2>
        <ul className="num">
          <li>
            Homework: {g.homework.earned} of {g.homework.possible} points = {pct(g.homework.percent)} (weight {weights.homework})
          </li>
          <li>
            Quizzes so far: {quizSoFar.earned} of {quizSoFar.possible} points = {pct(quizSoFar.percent)} (weight {weights.quizzes}), from the{' '}
            {quizSoFar.lectures} of {quizSoFar.of} lectures you have started. The whole course has {g.quizTotal.possible} quiz points; a lecture counts from
            your first answer in it.
          </li>
        </ul>
        {parts.length > 0 && (
          <p className="hint num">
            Total = ({parts.map((p) => `${p.w} × ${p.c.percent}%`).join(' + ')}) ÷ {Math.round(weightSum * 1000) / 1000} = {pct(total)}. Homework counts what is
            graded or past its deadline (missing work counts 0; work still being graded does not count yet). Quizzes count the best attempt of every question of
            the lectures you have started.
          </p>
        )}
        {g.lateDays && (
          <p data-testid="late-days">
            Late days: <strong>{g.lateDays.used}</strong> of {g.lateDays.budget} used, <strong>{g.lateDays.remaining}</strong> left. They are used in the order
            you submit; a late submission the remaining days cannot cover scores 0.
          </p>
        )}
      </section>

      <h2>Homework</h2>
      {g.assignments.length === 0 && <p className="muted">No homework yet.</p>}
      {g.assignments.map((a) => {
        const [label, tone] = STATUS[a.status]
        return (
          <section key={a.assignment.id} className="card" style={{ marginBottom: '0.75rem' }} aria-labelledby={`hw-${a.assignment.slug}`}>
            <div className="row">
              <h3 id={`hw-${a.assignment.slug}`} style={{ margin: 0 }}>
                <Link href={`/homework/${a.assignment.slug}`}>{a.assignment.title}</Link> <span className={`pill ${tone}`}>{label}</span>
              </h3>
              <strong className="num">{a.score === null ? '—' : `${a.score} / ${a.assignment.maxScore}`}</strong>
            </div>
            <p className="hint" style={{ margin: '0.25rem 0' }}>
              Due {formatDeadline(a.deadline)}
              {a.extended && ' (your extension)'}. {policySentences(a.assignment, lateDayBudget).join(' ')}
            </p>
            <ul style={{ margin: '0.25rem 0', paddingLeft: '1.2rem' }}>
              {explainAssignment(a).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {a.submissions.length > 1 && (
              <details>
                <summary>All {a.submissions.length} submissions</summary>
                <ul>
                  {a.submissions.map((s) => (
                    <li key={s.id}>
                      <Link href={`/submissions/${s.id}`}>#{s.number}</Link> · {formatDeadline(s.createdAt)} · {explainSubmission(s, a)}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        )
      })}

      <h2>Quizzes</h2>
      <QuizPointsTable quizzes={g.quizzes} />
    </>
  )
}
