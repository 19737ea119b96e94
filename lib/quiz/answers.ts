import { z } from 'zod'

import type { QuestionType } from './schema'

// What a student submits, per question type. The API body is `{ "answer": <one of these> }`; the question's
// type decides which shape is expected. Limits are checked before the shape so a huge answer gets a clear 413.

export const ANSWER_LIMITS = {
  /** short text answers (an identifier, a field name) */
  text: 500,
  /** predicted program output */
  output: 20_000,
  /** a number typed as text */
  number: 64,
  /** the whole request body, in bytes */
  bodyBytes: 64 * 1024,
} as const

const choiceId = z.string().regex(/^[a-h]$/, 'a choice id is a single letter a to h')

export const singleAnswerSchema = z.object({ choice: choiceId }).strict()
export const multipleAnswerSchema = z
  .object({
    choices: z
      .array(choiceId)
      .min(1, 'select at least one choice')
      .max(8)
      .refine((ids) => new Set(ids).size === ids.length, 'a choice is selected twice'),
  })
  .strict()
/** Typed text of at most `max` characters. No U+0000: answers are stored as jsonb, which cannot hold it. */
const typedText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'it contains a NUL character (U+0000)')

export const numericAnswerSchema = z.object({ value: z.union([z.number(), typedText(ANSWER_LIMITS.number)]) }).strict()
export const textAnswerSchema = z.object({ text: typedText(ANSWER_LIMITS.text) }).strict()
export const outputAnswerSchema = z.object({ output: typedText(ANSWER_LIMITS.output) }).strict()

export const answerSchemas = {
  single: singleAnswerSchema,
  multiple: multipleAnswerSchema,
  numeric: numericAnswerSchema,
  text: textAnswerSchema,
  output: outputAnswerSchema,
} as const satisfies Record<QuestionType, z.ZodType>

export type SingleAnswer = z.output<typeof singleAnswerSchema>
export type MultipleAnswer = z.output<typeof multipleAnswerSchema>
export type NumericAnswer = z.output<typeof numericAnswerSchema>
export type TextAnswer = z.output<typeof textAnswerSchema>
export type OutputAnswer = z.output<typeof outputAnswerSchema>
export type SubmittedAnswer = SingleAnswer | MultipleAnswer | NumericAnswer | TextAnswer | OutputAnswer

/** The request body of POST /api/questions/:id/answers. */
export const answerRequestSchema = z.object({ answer: z.unknown() }).strict()

/** A human description of the shape expected for a type, used in error messages. */
export const ANSWER_SHAPES: Record<QuestionType, string> = {
  single: '{ "choice": "b" }',
  multiple: '{ "choices": ["a", "c"] }',
  numeric: '{ "value": 12 }',
  text: '{ "text": "tp_iternext" }',
  output: '{ "output": "1\\n2\\n" }',
}
