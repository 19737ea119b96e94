'use client'

import { chapterIndexAt } from '@/lib/lectures/timeline'
import type { PublicQuestion, QuestionStatus } from '@/lib/quiz/types'
import type { SourceLink } from '@/lib/source/links'

import styles from './lecture.module.css'
import { StatusPill } from './question-list'

type Chapter = { position: number; startSeconds: number; title: string; sources: SourceLink[] }

type Props = {
  summary: string | null
  chapters: Chapter[]
  questions: PublicQuestion[]
  statuses: Record<string, QuestionStatus>
  loadingQuestion: string | null
  onAnswer: (q: PublicQuestion) => void
  onReview: (q: PublicQuestion) => void
}

const TYPE: Record<PublicQuestion['type'], string> = {
  single: 'single choice',
  multiple: 'multiple choice',
  numeric: 'number',
  text: 'short answer',
  output: 'predict the output',
}

/**
 * The lecture without its video: every chapter's title and source links with the questions that come up in it,
 * answerable in order. A required (blocking) question still gates everything after it, as it gates the video.
 */
export function ReadingQuiz({ summary, chapters, questions, statuses, loadingQuestion, onAnswer, onReview }: Props) {
  const gateIndex = firstOpenGate(questions, statuses)
  const byChapter = new Map<number, { q: PublicQuestion; n: number }[]>()
  questions.forEach((q, i) => {
    const c = chapters.length ? Math.max(0, chapterIndexAt(chapters, q.atSeconds)) : -1
    byChapter.set(c, [...(byChapter.get(c) ?? []), { q, n: i + 1 }])
  })
  const sections = chapters.length
    ? chapters.map((c, i) => ({ key: String(c.position), chapter: c, items: byChapter.get(i) ?? [] }))
    : [{ key: 'all', chapter: null, items: byChapter.get(-1) ?? [] }]

  return (
    <section aria-labelledby="reading-title" className={styles.panel} data-testid="reading-quiz">
      <h2 id="reading-title" tabIndex={-1}>
        Read and answer
      </h2>
      {summary && <p>{summary}</p>}
      <p className="hint" data-testid="quiz-score">
        {questions.filter((q) => (statuses[q.id]?.attemptsUsed ?? 0) > 0).length} of {questions.length} answered ·{' '}
        {questions.reduce((n, q) => n + (statuses[q.id]?.bestPoints ?? 0), 0)}/{questions.reduce((n, q) => n + q.points, 0)} points
      </p>
      <p className="hint">
        Each chapter lists the source it walks through and the questions that come up in it. Answer them in order: a required question must be answered before
        the questions after it open.
      </p>
      <ol className={styles.readingChapters}>
        {sections.map(({ key, chapter, items }) => (
          <li key={key}>
            {chapter && <h3 className={styles.readingChapterTitle}>{chapter.title}</h3>}
            {chapter && chapter.sources.length > 0 && (
              <p className={styles.readingSources}>
                Source:{' '}
                {chapter.sources.map((s, i) => (
                  <span key={s.href}>
                    {i > 0 && ', '}
                    <a href={s.href} target="_blank" rel="noopener">
                      <code>{s.label}</code>
                    </a>
                  </span>
                ))}
              </p>
            )}
            {items.length === 0 ? (
              <p className="hint">No questions in this chapter.</p>
            ) : (
              <ul className={styles.readingQuestions}>
                {items.map(({ q, n }) => {
                  const s = statuses[q.id]
                  const locked = gateIndex !== null && n - 1 > gateIndex
                  return (
                    <li key={q.id} data-reading-question={q.id}>
                      <span>
                        <strong>Question {n}</strong>{' '}
                        <span className="hint">
                          {TYPE[q.type]}
                          {q.blocking ? ' · required' : ''}
                        </span>{' '}
                        <StatusPill status={s} question={q} markRequired={false} />
                      </span>
                      {s?.finished && !q.revealsAnswer ? (
                        <span className="hint">Answered; this question’s answer is not shown.</span>
                      ) : s?.finished ? (
                        <button type="button" className="secondary" onClick={() => onReview(q)} disabled={loadingQuestion === q.id}>
                          Review question {n}
                        </button>
                      ) : locked ? (
                        <span className="hint">Opens after you answer question {gateIndex! + 1}.</span>
                      ) : (
                        <button type="button" onClick={() => onAnswer(q)}>
                          {s?.attemptsUsed ? `Try question ${n} again` : `Answer question ${n}`}
                        </button>
                      )}
                    </li>
                  )
                })}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}

/** Index of the first required question not yet finished: questions after it wait for it. */
export function firstOpenGate(questions: readonly PublicQuestion[], statuses: Record<string, QuestionStatus>): number | null {
  const i = questions.findIndex((q) => q.blocking && !statuses[q.id]?.finished)
  return i < 0 ? null : i
}
