import 'server-only'

import { randomUUID } from 'node:crypto'

import { Prisma } from '@/lib/db/generated/client'
import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'
import { sourceTree } from '@/lib/source/tree'

import { gradeAnswer } from './grade'
import { EMPTY_STATUS, markdownOptions, PUBLIC_QUESTION_SELECT, questionStatus, questionType, storedChoices, toPublicQuestion, toReveal } from './present'
import { revealRule } from './scoring'
import type { StoredQuestion } from './present'
import type { AnswerOutcome, QuestionPreview, QuestionStatus, Reveal } from './types'

// Answering in-video questions: one QuizResponse row per attempt. The key and explanation leave the server
// only in the outcome of an answer that finishes the question (correct, or the last attempt), in the result of
// a finished question, or in a staff preview.

const QUESTION_ID = /^[a-z0-9][a-z0-9-]{1,80}$/

const unknownQuestion = () => new AppError(404, 'unknown_question', 'There is no such question. Reload the lecture page: the quiz may have been updated.')

async function loadQuestion(questionId: string) {
  if (!QUESTION_ID.test(questionId)) throw unknownQuestion()
  const q = await prisma.question.findUnique({
    where: { id: questionId },
    select: {
      ...PUBLIC_QUESTION_SELECT,
      retiredAt: true,
      answerKey: true,
      explanation: true,
      sources: true,
      lecture: { select: { number: true, slug: true, title: true } },
    },
  })
  if (!q) throw unknownQuestion()
  return q
}

async function renderOptions() {
  const tree = await sourceTree().catch(() => null)
  return markdownOptions(tree ? (p) => tree.hasFile(p) : undefined)
}

export type QuestionWithAttempts = {
  id: string
  type: StoredQuestion['type']
  choices: unknown
  answerKey: unknown
  explanation: string
  sources: unknown
  points: number
  attempts: number
  scoring: string
  reveal: string
  /** an ISO time (read as JSON) */
  retiredAt: string | null
  previous: { attempt: number; correct: boolean; pointsAwarded: number; answer: unknown }[] | null
}

/**
 * A question's grading and reveal columns with the student's attempts at it, as one SQL expression (a JSON object,
 * or NULL for an unknown question) without the ORM's query building: answering is the hot path of a lecture (every
 * student every few seconds, bench:quiz), so the answer route reads it in the statement that checks the session
 * (withAuthAndRead).
 */
export function questionWithAttemptsSql(userId: string, questionId: string): Prisma.Sql {
  if (!QUESTION_ID.test(questionId)) return Prisma.sql`NULL::json`
  return Prisma.sql`(SELECT json_build_object('id', q.id, 'type', q.type::text, 'choices', q.choices, 'answerKey', q."answerKey",
      'explanation', q.explanation, 'sources', q.sources, 'points', q.points, 'attempts', q.attempts, 'scoring', q.scoring,
      'reveal', q.reveal, 'retiredAt', q."retiredAt",
      'previous', (SELECT json_agg(json_build_object('attempt', r.attempt, 'correct', r.correct, 'pointsAwarded', r."pointsAwarded", 'answer', r.answer))
         FROM "QuizResponse" r WHERE r."userId" = ${userId} AND r."questionId" = q.id))
    FROM "Question" q WHERE q.id = ${questionId})`
}

async function questionWithAttempts(userId: string, questionId: string): Promise<QuestionWithAttempts | null> {
  if (!QUESTION_ID.test(questionId)) return null
  const rows = await prisma.$queryRaw<{ q: QuestionWithAttempts | null }[]>`SELECT ${questionWithAttemptsSql(userId, questionId)} AS q`
  return rows[0]?.q ?? null
}

/**
 * Grade and store one attempt. 404 for an unknown question, 400/413/422 for a malformed answer, 409 when the
 * question is retired, already answered correctly or out of attempts (and for a concurrent double submit).
 * The 409s come before grading, so a finished question costs one query however large the answer. Nothing is stored
 * unless the answer was graded. Two statements: questionWithAttempts and the insert (one, the insert, on the answer
 * route, whose session check reads the question too).
 */
export async function submitAnswer(input: { userId: string; questionId: string; answer: unknown }): Promise<AnswerOutcome> {
  return answerQuestion(await questionWithAttempts(input.userId, input.questionId), input)
}

/** submitAnswer on the question as already read for this student (questionWithAttemptsSql; null: unknown). */
export async function answerQuestion(q: QuestionWithAttempts | null, input: { userId: string; answer: unknown }): Promise<AnswerOutcome> {
  if (!q) throw unknownQuestion()
  const previous = q.previous ?? []
  if (q.retiredAt) throw new AppError(409, 'question_retired', 'This question has been withdrawn from the quiz; your earlier answers are kept.')
  // the cheap checks first: an answer to a finished question is refused before any grading work is done
  const before = questionStatus(q, previous)
  if (before.correct) throw new AppError(409, 'already_correct', 'You have already answered this question correctly.')
  if (before.attemptsUsed >= q.attempts) {
    throw new AppError(409, 'no_attempts_left', `You have used ${q.attempts === 1 ? 'your only attempt' : `all ${q.attempts} attempts`} at this question.`)
  }
  const graded = gradeAnswer(
    { id: q.id, type: questionType(q.type), choices: storedChoices(q.choices), answerKey: q.answerKey, points: q.points },
    input.answer,
  )
  const attempt = before.attemptsUsed + 1
  // (userId, questionId, attempt) is unique: when another request recorded this attempt first, nothing is inserted
  const inserted = await prisma.$executeRaw`
    INSERT INTO "QuizResponse" (id, "userId", "questionId", attempt, answer, correct, "pointsAwarded")
    VALUES (${randomUUID()}, ${input.userId}, ${q.id}, ${attempt}, ${JSON.stringify(graded.answer)}::jsonb, ${graded.correct}, ${graded.pointsAwarded})
    ON CONFLICT ("userId", "questionId", attempt) DO NOTHING`
  if (inserted !== 1)
    throw new AppError(409, 'concurrent_answer', 'Another answer to this question was recorded at the same moment. Reload the page to see it.')
  const status = questionStatus(q, [...previous, { attempt, correct: graded.correct, pointsAwarded: graded.pointsAwarded, answer: graded.answer }])
  return {
    questionId: q.id,
    attempt,
    correct: graded.correct,
    pointsAwarded: graded.pointsAwarded,
    attemptsLeft: status.finished ? 0 : q.attempts - status.attemptsUsed,
    status,
    reveal: status.finished && revealRule(q.reveal) !== 'never' ? toReveal(q, await renderOptions()) : null,
  }
}

/** A student's standing on a question, with the key and explanation once it is finished (409 before). */
export async function questionResult(userId: string, questionId: string): Promise<{ status: QuestionStatus; reveal: Reveal }> {
  const q = await questionWithAttempts(userId, questionId)
  if (!q) throw unknownQuestion()
  const status = questionStatus(q, q.previous ?? [])
  if (!status.finished) {
    throw new AppError(409, 'not_finished', 'Answer the question first: the explanation appears after a correct answer or your last attempt.')
  }
  if (revealRule(q.reveal) === 'never') {
    throw new AppError(403, 'not_revealed', 'The course staff do not show the answer and explanation of this question; your result is in the question list.')
  }
  return { status, reveal: toReveal(q, await renderOptions()) }
}

/** Staff: a question with its key and explanation, without answering it. Nothing is stored. */
export async function previewQuestion(questionId: string): Promise<QuestionPreview> {
  const q = await loadQuestion(questionId)
  const options = await renderOptions()
  return { question: toPublicQuestion(q, options), reveal: toReveal(q, options), lecture: q.lecture }
}

/** Every question status of one student in one lecture (questions without responses are left out). */
export async function questionStatuses(userId: string, lectureId: string): Promise<Record<string, QuestionStatus>> {
  const [questions, responses] = await Promise.all([
    prisma.question.findMany({ where: { lectureId }, select: { id: true, attempts: true, scoring: true } }),
    prisma.quizResponse.findMany({
      where: { userId, question: { lectureId } },
      select: { questionId: true, attempt: true, correct: true, pointsAwarded: true, answer: true },
    }),
  ])
  const byQuestion = new Map<string, typeof responses>()
  for (const r of responses) byQuestion.set(r.questionId, [...(byQuestion.get(r.questionId) ?? []), r])
  const out: Record<string, QuestionStatus> = {}
  for (const q of questions) {
    const rows = byQuestion.get(q.id)
    out[q.id] = rows ? questionStatus(q, rows) : EMPTY_STATUS
  }
  return out
}
