import { z } from 'zod'

import { parseSourceRef, type SourceRef } from '@/lib/content/source-ref'
import { parseVideoTime } from '@/lib/content/time'

import { compilePattern, PatternError } from './pattern'
import { REVEAL_RULES, SCORING_RULES } from './scoring'

// The format of quizzes/NN-slug.yaml (docs/quiz-authoring.md). The same schemas validate the files at
// sync time and describe the types the app works with.

export const videoTimeSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const seconds = parseVideoTime(value)
  if (seconds === null) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a video time (write m:ss, h:mm:ss or a number of seconds)` })
    return z.NEVER
  }
  return seconds
})

export const sourceRefSchema = z.string().transform((value, ctx): SourceRef => {
  const ref = parseSourceRef(value)
  if (!ref) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a source reference (write path/in/tree.c, path.c:120 or path.c:120-140)` })
    return z.NEVER
  }
  return ref
})

const questionId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/, 'use lowercase letters, digits and dashes (e.g. l02-binary-add)')
const choiceId = z.string().regex(/^[a-h]$/, 'choice ids are single letters a to h')
const markdown = z.string().trim().min(1, 'must not be empty').max(20_000)

const questionBase = {
  id: questionId,
  at: videoTimeSchema,
  prompt: markdown,
  explanation: markdown,
  sources: z.array(sourceRefSchema).default([]),
  points: z.number().positive().max(100).default(1),
  /** how many tries (default: the lecture's quizPolicy.attempts, else 1) */
  attempts: z.number().int().min(1).max(10).optional(),
  blocking: z.boolean().default(false),
  /** optional: which attempt counts (default: the lecture's quizPolicy.scoring, else best) */
  scoring: z.enum(SCORING_RULES).optional(),
  /** optional: when the key and explanation are shown (default: the lecture's quizPolicy.reveal, else finished) */
  reveal: z.enum(REVEAL_RULES).optional(),
}

const choices = z
  .array(z.object({ id: choiceId, text: z.string().trim().min(1) }).strict())
  .min(2, 'give at least two choices')
  .max(8)
  .superRefine((list, ctx) => {
    const seen = new Set<string>()
    list.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `choice id "${c.id}" is used twice` })
      seen.add(c.id)
    })
  })

const singleQuestion = z.object({ ...questionBase, type: z.literal('single'), choices, answer: choiceId }).strict()
const multipleQuestion = z
  .object({
    ...questionBase,
    type: z.literal('multiple'),
    choices,
    answer: z.array(choiceId).min(1, 'name at least one correct choice'),
    /** optional: a wrong answer earns a share of the points (right picks minus wrong picks, over the correct choices) */
    partialCredit: z.boolean().optional(),
  })
  .strict()
const numericQuestion = z
  .object({
    ...questionBase,
    type: z.literal('numeric'),
    answer: z.object({ value: z.number().finite(), tolerance: z.number().min(0).default(0) }).strict(),
  })
  .strict()
const textQuestion = z
  .object({
    ...questionBase,
    type: z.literal('text'),
    answer: z
      .object({
        accepted: z.array(z.string().min(1)).default([]),
        pattern: z
          .string()
          .refine((p) => {
            try {
              new RegExp(p)
              return true
            } catch {
              return false
            }
          }, 'not a valid regular expression')
          // matched in linear time by lib/quiz/pattern.ts, which accepts the regular subset of RegExp syntax: say
          // here, at sync, what it refuses (backreferences, lookaround, huge {n,m}), not at a student's answer
          .superRefine((p, ctx) => {
            try {
              new RegExp(p)
              compilePattern(p)
            } catch (e) {
              if (e instanceof PatternError) ctx.addIssue({ code: 'custom', message: e.message })
            }
          })
          .optional(),
        caseSensitive: z.boolean().default(false),
      })
      .strict()
      .refine((a) => a.accepted.length > 0 || a.pattern, 'give accepted answers, a pattern, or both'),
  })
  .strict()
const outputQuestion = z
  .object({
    ...questionBase,
    type: z.literal('output'),
    code: z.string().min(1).max(5_000),
    answer: z.object({ expected: z.string() }).strict(),
  })
  .strict()

export const questionSchema = z
  .discriminatedUnion('type', [singleQuestion, multipleQuestion, numericQuestion, textQuestion, outputQuestion])
  .superRefine((q, ctx) => {
    if (q.type === 'single' || q.type === 'multiple') {
      const ids = new Set(q.choices.map((c) => c.id))
      const answers = q.type === 'single' ? [q.answer] : q.answer
      for (const a of answers)
        if (!ids.has(a)) ctx.addIssue({ code: 'custom', path: ['answer'], message: `answer "${a}" is not one of the choices (${[...ids].join(', ')})` })
    }
  })

export const chapterSchema = z
  .object({ start: videoTimeSchema, title: z.string().trim().min(1).max(200), sources: z.array(sourceRefSchema).default([]) })
  .strict()

export const videoSchema = z
  .object({
    youtube: z
      .string()
      .regex(/^[A-Za-z0-9_-]{11}$/, 'a YouTube video id has 11 characters')
      .optional(),
    playlist: z
      .object({ id: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/), index: z.number().int().min(1) })
      .strict()
      .optional(),
    file: z
      .string()
      .regex(/^(\/|https?:\/\/)/, 'a file URL starts with / (served by the app) or http(s)://')
      .optional(),
    durationHint: videoTimeSchema.optional(),
  })
  .strict()
  .refine((v) => v.youtube || v.playlist || v.file, 'give a YouTube id, a playlist position or a file URL')

export const lectureFileSchema = z
  .object({
    number: z.number().int().min(1).max(99),
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/, 'use lowercase letters, digits and dashes'),
    title: z.string().trim().min(1).max(200),
    summary: z.string().trim().default(''),
    video: videoSchema,
    chapters: z.array(chapterSchema).min(1, 'a lecture needs at least one chapter'),
    questions: z.array(questionSchema).default([]),
    /** optional defaults for every question of the lecture */
    quizPolicy: z
      .object({
        attempts: z.number().int().min(1).max(10).optional(),
        scoring: z.enum(SCORING_RULES).optional(),
        reveal: z.enum(REVEAL_RULES).optional(),
        /** the default for multiple-answer questions */
        partialCredit: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((lecture, ctx) => {
    if (lecture.chapters[0] && lecture.chapters[0].start !== 0)
      ctx.addIssue({ code: 'custom', path: ['chapters', 0, 'start'], message: 'the first chapter must start at 0:00' })
    lecture.chapters.forEach((c, i) => {
      if (i > 0 && c.start <= lecture.chapters[i - 1].start)
        ctx.addIssue({ code: 'custom', path: ['chapters', i, 'start'], message: 'chapters must be in order of their start time' })
    })
    const seen = new Set<string>()
    lecture.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `question id "${q.id}" is used twice in this lecture` })
      seen.add(q.id)
    })
  })

export type LectureFile = z.output<typeof lectureFileSchema>
export type QuestionSpec = z.output<typeof questionSchema>
export type QuestionType = QuestionSpec['type']
export type ChapterSpec = z.output<typeof chapterSchema>
