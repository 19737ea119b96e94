'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { previewCanvasImport } from '@/lib/gradebook/canvas-import-preview'
import { canvasGradebookRows } from '@/lib/gradebook/exports'
import { loadGradebook } from '@/lib/gradebook/gradebook'
import { AppError } from '@/lib/http/errors'

const schema = z.object({
  csv: z.string().min(1, 'Choose the CSV Canvas exported.').max(20_000_000, 'That file is over 20 MB; is it a Canvas gradebook export?'),
})

/** Which Canvas scores importing our export would overwrite, from Canvas's current gradebook export. Reads only. */
export const previewCanvasImportAction = defineAction({ schema, roles: STAFF }, async ({ csv }) => {
  try {
    return previewCanvasImport(csv, canvasGradebookRows(await loadGradebook()))
  } catch (error) {
    if (error instanceof Error && /Canvas gradebook export/.test(error.message)) throw new AppError(422, 'not_canvas_export', error.message)
    throw error
  }
})
