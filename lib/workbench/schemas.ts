import { z } from 'zod'

// The workbench API's inputs, shared by the route handlers and the browser (types inferred, never written twice).

/** A tree-relative path to read; only paths listed in the tree's file list are ever opened. */
export const treePathSchema = z
  .string()
  .min(1, 'Name a file of the CPython tree.')
  .max(300, 'That path is too long.')
  .refine(
    (p) => !/[\0\\]/.test(p) && !p.startsWith('/') && !p.split('/').some((s) => s === '' || s === '.' || s === '..'),
    'That is not a path inside the CPython tree.',
  )

/** A path a draft may change: the characters patch validation accepts (see lib/patch/paths.ts). */
export const editablePathSchema = treePathSchema.regex(/^[A-Za-z0-9._+~,@=-]+(\/[A-Za-z0-9._+~,@=-]+)*$/, 'That path cannot be part of a patch.')

export const draftSaveSchema = z.object({
  path: editablePathSchema,
  /** the whole file as edited (UTF-8 text) */
  content: z.string(),
  /** the version of the draft this edit started from (its updatedAt), null when it started from the pristine file */
  base: z.iso.datetime().nullable(),
})
export type DraftSaveInput = z.infer<typeof draftSaveSchema>

export const draftRunSchema = z.object({
  /** practice = "Run public tests" (not counted); submission = a real, graded submission */
  kind: z.enum(['practice', 'submission']),
  /** the diff the student is looking at; the run is refused if the saved draft gives another one */
  expectedPatch: z.string().optional(),
})
export type DraftRunInput = z.infer<typeof draftRunSchema>

export const treeSearchSchema = z.object({ q: z.string().trim().min(1, 'Type part of a file name.').max(100) })

export const fileQuerySchema = z.object({ path: treePathSchema })

export const draftResetSchema = z.object({
  path: editablePathSchema,
  base: z.iso.datetime().optional(),
})

export const patchUploadSchema = z.object({
  /** the text of the .diff or .patch file */
  patch: z.string(),
  fileName: z
    .string()
    .max(200)
    .regex(/\.(diff|patch|txt)$/i, 'Load a .diff or .patch file.')
    .optional(),
})
export type PatchUploadInput = z.infer<typeof patchUploadSchema>
