import { z } from 'zod'

// course.yaml at the top of the course directory: the course-wide settings instructors edit as a file.
export const latePolicySchema = z
  .object({
    mode: z.enum(['none', 'penalty', 'budget']).default('penalty'),
    /** percent of the score lost per started day late (mode: penalty) */
    penaltyPerDay: z.number().min(0).max(100).default(10),
    /** the most a late penalty can take, in percent */
    maxPenalty: z.number().min(0).max(100).default(50),
    /** no submission is accepted this many days after the deadline; omit to never close */
    cutoffDays: z.number().int().min(0).optional(),
  })
  .strict()

export const submissionPolicySchema = z
  .object({
    maxSubmissions: z.number().int().min(1).optional(),
    perHour: z.number().int().min(1).optional(),
    counts: z.enum(['best', 'latest']).default('best'),
  })
  .strict()

export const courseFileSchema = z
  .object({
    title: z.string().trim().min(1),
    term: z.string().trim().default(''),
    /** course start; assignments with dueOffsetDays are due that many days after it */
    start: z.string().refine((s) => !Number.isNaN(new Date(s).getTime()), 'not an ISO 8601 date (e.g. 2026-09-01T00:00:00-04:00)'),
    timezone: z.string().default('America/New_York'),
    latePolicy: latePolicySchema.default({ mode: 'penalty', penaltyPerDay: 10, maxPenalty: 50 }),
    /** mode budget: the late days each student may spread over all assignments */
    lateDayBudget: z.number().int().min(0).default(5),
    submissions: submissionPolicySchema.default({ counts: 'best' }),
    /** weights of the gradebook's categories; they need not sum to 1 (they are normalised) */
    weights: z
      .object({ homework: z.number().min(0).default(0.8), quizzes: z.number().min(0).default(0.2) })
      .strict()
      .default({ homework: 0.8, quizzes: 0.2 }),
  })
  .strict()

export type CourseFile = z.output<typeof courseFileSchema>
export type LatePolicySpec = z.output<typeof latePolicySchema>
export type SubmissionPolicySpec = z.output<typeof submissionPolicySchema>
