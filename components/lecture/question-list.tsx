'use client'

import { formatVideoTime } from '@/lib/content/time'
import { plural } from '@/lib/text/plural'
import type { PublicQuestion, QuestionStatus } from '@/lib/quiz/types'

import styles from './lecture.module.css'

type Props = {
  questions: PublicQuestion[]
  statuses: Record<string, QuestionStatus>
  /** how far the student has got: questions up to here can be answered from the list */
  reached: number
  /** the video's length, once known: at the end every question can be answered (times may run past it) */
  duration: number | null
  loadingQuestion: string | null
  onAnswer: (q: PublicQuestion) => void
  onReview: (q: PublicQuestion) => void
  onJump: (q: PublicQuestion) => void
}

const TYPE: Record<PublicQuestion['type'], string> = {
  single: 'single choice',
  multiple: 'multiple choice',
  numeric: 'number',
  text: 'short answer',
  output: 'predict the output',
}

/** The lecture's questions with the student's standing; skipped ones can be answered here later. */
export function QuestionList({ questions, statuses, reached, duration, loadingQuestion, onAnswer, onReview, onJump }: Props) {
  if (questions.length === 0) return null
  const points = questions.reduce((n, q) => n + (statuses[q.id]?.bestPoints ?? 0), 0)
  const max = questions.reduce((n, q) => n + q.points, 0)
  const answered = questions.filter((q) => (statuses[q.id]?.attemptsUsed ?? 0) > 0).length
  return (
    <section aria-labelledby="questions-title" className={styles.panel}>
      <h2 id="questions-title">Questions</h2>
      <p className="hint" data-testid="quiz-score">
        {answered} of {questions.length} answered · {fmt(points)}/{fmt(max)} points
      </p>
      <ol className={styles.questionList}>
        {questions.map((q, i) => {
          const s = statuses[q.id]
          const available = q.atSeconds <= reached + 1 || (duration !== null && reached >= duration - 1)
          return (
            <li key={q.id} data-question-row={q.id}>
              <div className={styles.questionRow}>
                <span>
                  <strong>Q{i + 1}</strong>{' '}
                  <button type="button" className="linklike num" onClick={() => onJump(q)} aria-label={`Go to ${formatVideoTime(q.atSeconds)}`}>
                    {formatVideoTime(q.atSeconds)}
                  </button>{' '}
                  <span className="hint">{TYPE[q.type]}</span>
                </span>
                <StatusPill status={s} question={q} />
              </div>
              <div className={styles.questionActions}>
                {s?.finished && !q.revealsAnswer ? (
                  <span className="hint">Answered; this question’s answer is not shown.</span>
                ) : s?.finished ? (
                  <button type="button" className="secondary" onClick={() => onReview(q)} disabled={loadingQuestion === q.id}>
                    Review Q{i + 1}
                  </button>
                ) : available ? (
                  <button type="button" className="secondary" onClick={() => onAnswer(q)}>
                    {s?.attemptsUsed ? `Try Q${i + 1} again` : `Answer Q${i + 1}`}
                  </button>
                ) : (
                  <span className="hint">Comes up at {formatVideoTime(q.atSeconds)}</span>
                )}
              </div>
            </li>
          )
        })}
      </ol>
    </section>
  )
}

/** How far a student is with a question; `markRequired` labels an unanswered blocking question "required". */
export function StatusPill({
  status,
  question,
  markRequired = true,
}: {
  status: QuestionStatus | undefined
  question: PublicQuestion
  markRequired?: boolean
}) {
  if (!status || status.attemptsUsed === 0) return <span className="pill">{markRequired && question.blocking ? 'required' : 'not answered'}</span>
  if (status.correct)
    return (
      <span className="pill ok">
        correct · {fmt(status.bestPoints)}/{fmt(question.points)}
      </span>
    )
  if (status.finished && status.bestPoints > 0)
    return (
      <span className="pill warn">
        partly right · {fmt(status.bestPoints)}/{fmt(question.points)}
      </span>
    )
  if (status.finished) return <span className="pill bad">incorrect</span>
  return <span className="pill warn">{plural(question.attempts - status.attemptsUsed, 'attempt')} left</span>
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}
