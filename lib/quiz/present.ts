import { renderInlineMarkdown, renderMarkdown, type MarkdownOptions } from '@/lib/markdown'
import { sourceHref, sourceLinks, sourceRefInCode } from '@/lib/source/links'

import { countedPoints, revealRule, scoringRule } from './scoring'

import type { SubmittedAnswer } from './answers'
import { parseAnswerKey } from './grade'
import type { QuestionType } from './schema'
import type { PublicQuestion, QuestionStatus, Reveal } from './types'

// Turning stored questions into what the browser may see. `toPublicQuestion` reads only the public columns;
// `toReveal` is the one place that reads the key and explanation, and is called only for finished questions
// and staff previews.

export type StoredQuestion = {
  id: string
  position: number
  atSeconds: number
  type: 'SINGLE' | 'MULTIPLE' | 'NUMERIC' | 'TEXT' | 'OUTPUT'
  prompt: string
  choices: unknown
  code: string | null
  points: number
  attempts: number
  blocking: boolean
  /** when the key and explanation are shown (lib/quiz/scoring.ts); missing means 'finished' */
  reveal?: string
}

/** The columns of Question a page may read (Prisma `select`). answerKey and explanation are not among them. */
export const PUBLIC_QUESTION_SELECT = {
  id: true,
  position: true,
  atSeconds: true,
  type: true,
  prompt: true,
  choices: true,
  code: true,
  points: true,
  attempts: true,
  blocking: true,
  scoring: true,
  reveal: true,
} as const

export function questionType(stored: StoredQuestion['type']): QuestionType {
  return stored.toLowerCase() as QuestionType
}

export function markdownOptions(hasFile?: (p: string) => boolean): MarkdownOptions {
  return {
    headingLevel: 3,
    // questions are read inside the video player: following a link must not stop the lecture
    newTab: true,
    linkCode: (code) => {
      const ref = sourceRefInCode(code, hasFile)
      return ref ? sourceHref(ref) : null
    },
  }
}

export function storedChoices(value: unknown): { id: string; text: string }[] | null {
  if (!Array.isArray(value)) return null
  return value.filter((c): c is { id: string; text: string } => Boolean(c) && typeof c.id === 'string' && typeof c.text === 'string')
}

export function toPublicQuestion(q: StoredQuestion, options: MarkdownOptions = markdownOptions()): PublicQuestion {
  const choices = storedChoices(q.choices)
  return {
    id: q.id,
    position: q.position,
    atSeconds: q.atSeconds,
    type: questionType(q.type),
    promptHtml: renderMarkdown(q.prompt, options),
    // no links inside choice labels: a click there must select the choice
    choices: choices ? choices.map((c) => ({ id: c.id, html: renderInlineMarkdown(c.text, { ...options, linkCode: undefined }) })) : null,
    code: q.code,
    points: q.points,
    attempts: q.attempts,
    blocking: q.blocking,
    revealsAnswer: revealRule(q.reveal) !== 'never',
  }
}

export function toReveal(
  q: { type: StoredQuestion['type']; answerKey: unknown; explanation: string; sources: unknown },
  options: MarkdownOptions = markdownOptions(),
): Reveal {
  return {
    key: parseAnswerKey(questionType(q.type), q.answerKey),
    explanationHtml: renderMarkdown(q.explanation, options),
    sources: sourceLinks(q.sources),
  }
}

type ResponseRow = { attempt: number; correct: boolean; pointsAwarded: number; answer: unknown }

/** A student's standing on a question from their responses (any order). */
export function questionStatus(question: { attempts: number; scoring?: string | null }, responses: readonly ResponseRow[]): QuestionStatus {
  const sorted = [...responses].sort((a, b) => a.attempt - b.attempt)
  const correct = sorted.some((r) => r.correct)
  const last = sorted[sorted.length - 1]
  return {
    attemptsUsed: sorted.length,
    correct,
    finished: correct || sorted.length >= question.attempts,
    // the points that count, by the question's scoring rule (best attempt unless the content says latest or first)
    bestPoints: countedPoints(scoringRule(question.scoring), sorted),
    lastAnswer: last ? (last.answer as SubmittedAnswer) : null,
  }
}

export const EMPTY_STATUS: QuestionStatus = { attemptsUsed: 0, correct: false, finished: false, bestPoints: 0, lastAnswer: null }
