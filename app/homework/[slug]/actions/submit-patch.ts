'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { MAX_PATCH_BYTES } from '@/lib/grading/patch-policy'
import { createSubmission } from '@/lib/submissions/create'

const schema = z.object({
  slug: z.string().min(1).max(80),
  // a pasted patch, or the text of an uploaded .diff/.patch file
  patch: z.string().max(MAX_PATCH_BYTES + 1, `The patch is larger than the ${Math.floor(MAX_PATCH_BYTES / 1024)} KiB limit.`),
  source: z.enum(['UPLOAD', 'PASTE']),
  fileName: z
    .string()
    .max(200)
    .regex(/\.(diff|patch)$/i, 'Upload a .diff or .patch file')
    .optional(),
})

export const submitPatchAction = defineAction({ schema }, async (input, user) => {
  const created = await createSubmission({ user, assignmentSlug: input.slug, patch: input.patch, source: input.source, fileName: input.fileName })
  return { id: created.id, number: created.number }
})
