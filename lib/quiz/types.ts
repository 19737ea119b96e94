import type { SourceLink } from '@/lib/source/links'

import type { SubmittedAnswer } from './answers'
import type { AnswerKey } from './grade'
import type { QuestionType } from './schema'

// What the browser receives about questions. Nothing here is the key or the explanation, except Reveal, which
// is sent only in the response to an answer that finishes the question (or to a request for a finished one).

/** A question as the lecture page shows it before it is answered: no key, no explanation, no sources. */
export type PublicQuestion = {
  id: string
  position: number
  atSeconds: number
  type: QuestionType
  promptHtml: string
  choices: { id: string; html: string }[] | null
  code: string | null
  points: number
  attempts: number
  blocking: boolean
  /** false when the course keeps this question's key and explanation from students (reveal: never) */
  revealsAnswer: boolean
}

/** One student's standing on one question. */
export type QuestionStatus = {
  attemptsUsed: number
  correct: boolean
  /** correct, or out of attempts: the explanation may be shown */
  finished: boolean
  bestPoints: number
  lastAnswer: SubmittedAnswer | null
}

/** Sent once a question is finished (or to staff previewing it). */
export type Reveal = {
  key: AnswerKey
  explanationHtml: string
  sources: SourceLink[]
}

export type AnswerOutcome = {
  questionId: string
  attempt: number
  correct: boolean
  pointsAwarded: number
  attemptsLeft: number
  status: QuestionStatus
  reveal: Reveal | null
}

export type QuestionPreview = { question: PublicQuestion; reveal: Reveal; lecture: { number: number; slug: string; title: string } }
