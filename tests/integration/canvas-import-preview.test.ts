// The Canvas import preview against the real gradebook: our export's scores compared with a Canvas export.
import { beforeAll, describe, expect, it } from 'vitest'

import { previewCanvasImport } from '@/lib/gradebook/canvas-import-preview'
import { canvasGradebookRows } from '@/lib/gradebook/exports'
import { loadGradebook } from '@/lib/gradebook/gradebook'

import { syncRealContent } from '../support/fixtures'

import { assignmentBySlug, gradedSubmission, student } from './instructor-fixtures'

beforeAll(async () => {
  await syncRealContent()
})

describe('Canvas import preview', () => {
  it('names the Canvas score our export would overwrite, with the score after the late policy', async () => {
    const a = await assignmentBySlug('opcode-counter')
    const late = await student('Late Lara')
    const ok = await student('On-time Otto')
    await gradedSubmission({ userId: late.id, assignmentId: a.id, createdAt: new Date(a.dueAt.getTime() + 86400_000 + 1000), lateSeconds: 86401, score: 80 })
    await gradedSubmission({ userId: ok.id, assignmentId: a.id, createdAt: new Date(a.dueAt.getTime() - 1000), score: 90 })
    const now = new Date(a.dueAt.getTime() + 3 * 86400_000)
    const ours = canvasGradebookRows(await loadGradebook(now))
    const canvas = [
      `Student,ID,SIS User ID,SIS Login ID,Section,${a.title} (77)`,
      'Points Possible,,,,,100',
      `Lara,1,,${late.email},,80`,
      `Otto,2,,${ok.email},,90.00`,
    ].join('\n')
    const p = previewCanvasImport(canvas, ours)
    expect(p.overwrites).toEqual([{ student: 'Late Lara', login: late.email, column: a.title, canvas: '80', incoming: '64' }])
    expect(p.unchanged).toBe(1)
  })
})
