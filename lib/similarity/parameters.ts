// The similarity check's parameters: one place, read by the worker (to run a check) and the pages (to explain one).
import { z } from 'zod'

export type CompareParameters = {
  kgramLength: number
  kgramsInWindow: number
  /** a fingerprint shared by more than this fraction of the class is common knowledge, not evidence... */
  maxSharedFraction: number
  /** ...from this many submissions on (with fewer, "most of the class" is one or two students) */
  minClassForSharedCap: number
}

export const DEFAULT_PARAMETERS: Record<'code' | 'comments', CompareParameters> = {
  // a k-gram of 23 syntax-tree tokens is 7 or 8 nodes, about one short C statement (Dolos' default length)
  code: { kgramLength: 23, kgramsInWindow: 12, maxSharedFraction: 0.5, minClassForSharedCap: 10 },
  // seven words is a phrase rather than a common expression ("the reference count of the")
  comments: { kgramLength: 7, kgramsInWindow: 4, maxSharedFraction: 0.5, minClassForSharedCap: 10 },
}

/**
 * Pairs at or above this similarity are flagged on the instructor page. Measured on the planted cases
 * (tests/integration/similarity-run.test.ts): a copied solution with every name changed and its functions reordered
 * scores about 0.75, independent solutions of the same assignment below 0.1.
 */
export const FLAG_THRESHOLD = 0.4
/** Pairs stored per run (every pair enters the histogram): the rest share nothing or almost nothing. */
export const MAX_STORED_PAIRS = 5_000
/** Files of the pristine tree read into one run's template. */
export const MAX_TEMPLATE_FILES = 60

/** What a run stores as its parameters, so a result can be read (and reproduced) later. */
export const runParametersSchema = z.object({
  kind: z.enum(['code', 'comments']),
  kgramLength: z.number().int().positive(),
  kgramsInWindow: z.number().int().positive(),
  maxSharedFraction: z.number(),
  minClassForSharedCap: z.number().int(),
  contextLines: z.number().int().min(0),
  threshold: z.number(),
  selection: z.enum(['BEST', 'LATEST']),
  template: z.array(z.string()),
})
export type RunParameters = z.infer<typeof runParametersSchema>

/** One side of a shared fragment: rows of the contribution, lines of the patched file, lines of the pristine file. */
export const fragmentSideSchema = z.object({
  startRow: z.number(),
  endRow: z.number(),
  path: z.string().nullable(),
  startLine: z.number(),
  endLine: z.number(),
  pristineStart: z.number(),
  pristineEnd: z.number(),
})
export const sharedFragmentSchema = z.object({ left: fragmentSideSchema, right: fragmentSideSchema, kgrams: z.number() })
export type FragmentSide = z.infer<typeof fragmentSideSchema>
export type SharedFragment = z.infer<typeof sharedFragmentSchema>
