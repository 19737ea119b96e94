// Workbench drafts against the real database and the real pristine tree: what a student's tabs load, autosave,
// conflicts between two devices, reset, and the draft as one patch.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'
import { patchedFiles, validatePatch } from '@/lib/patch'
import { readPristineText, workbenchTree } from '@/lib/workbench/pristine'
import { draftPatch, resetWorkbenchFile, saveWorkbenchFile, workbenchFile, workbenchOverview } from '@/lib/workbench/workbench'

import { createUser, syncRealContent } from '../support/fixtures'

const SLUG = 'opcode-counter'
const CEVAL = 'Python/ceval.c'
let pristineCeval = ''

beforeAll(async () => {
  await syncRealContent()
  const text = await readPristineText(CEVAL)
  if (text.kind !== 'text') throw new Error(`${CEVAL} is not readable as text`)
  pristineCeval = text.text
})
beforeEach(async () => {
  await prisma.draftFile.deleteMany()
})

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

const edit = (text: string, marker: string) => text.replace('#include <ctype.h>\n', `#include <ctype.h>\n/* ${marker} */\n`)

describe('opening the workbench', () => {
  it('lists the files the assignment allows and opens them from the pristine tree, anything else read-only', async () => {
    const student = await createUser()
    const overview = await workbenchOverview(student, SLUG)
    expect(overview.editable).toEqual(['Python/ceval.c', 'Python/sysmodule.c'])
    expect(overview.drafts).toEqual([])
    expect(overview.cpythonVersion).toBe((await workbenchTree()).version)

    const ceval = await workbenchFile(student, SLUG, CEVAL)
    expect(ceval).toMatchObject({ path: CEVAL, language: 'c', editable: true, readOnlyReason: null, draft: null })
    expect(ceval.original).toBe(await (await workbenchTree()).readFile(CEVAL))

    const header = await workbenchFile(student, SLUG, 'Include/opcode.h')
    expect(header.editable).toBe(false)
    expect(header.readOnlyReason).toContain('Python/ceval.c, Python/sysmodule.c')
    expect(header.original).toContain('#define BINARY_ADD')

    expect((await appError(workbenchFile(student, SLUG, 'Python/nope.c'))).status).toBe(404)
    expect((await appError(workbenchOverview(student, 'no-such-assignment'))).status).toBe(404)
  })
})

describe('autosaved drafts', () => {
  it('saves a file, loads it back (another device sees it too), and keeps each student and assignment apart', async () => {
    const student = await createUser()
    const other = await createUser()
    const saved = await saveWorkbenchFile(student, SLUG, { path: CEVAL, content: edit(pristineCeval, 'mine'), base: null })
    expect(saved.replaced).toBeNull()
    expect(saved.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/)

    // a reload, or the same student on another device
    const reopened = await workbenchFile(student, SLUG, CEVAL)
    expect(reopened.draft).toEqual({ content: edit(pristineCeval, 'mine'), updatedAt: saved.updatedAt })
    expect((await workbenchOverview(student, SLUG)).drafts).toEqual([{ path: CEVAL, updatedAt: saved.updatedAt }])

    expect((await workbenchFile(other, SLUG, CEVAL)).draft).toBeNull()
    expect((await workbenchFile(student, 'frame-depth-calls', CEVAL)).draft).toBeNull()
  })

  it('stores a pasted CRLF text with the file’s LF endings, and drops a draft that is back to the pristine text', async () => {
    const student = await createUser()
    const crlf = edit(pristineCeval, 'pasted').replace(/\n/g, '\r\n')
    await saveWorkbenchFile(student, SLUG, { path: CEVAL, content: crlf, base: null })
    const row = await prisma.draftFile.findFirstOrThrow({ where: { userId: student.id } })
    expect(row.content).toBe(edit(pristineCeval, 'pasted'))

    const back = await saveWorkbenchFile(student, SLUG, { path: CEVAL, content: pristineCeval, base: row.updatedAt.toISOString() })
    expect(back).toEqual({ updatedAt: null, replaced: null })
    expect(await prisma.draftFile.count({ where: { userId: student.id } })).toBe(0)
  })

  it('last write wins, but a save that replaced a version saved elsewhere returns it', async () => {
    const student = await createUser()
    const first = await saveWorkbenchFile(student, SLUG, { path: CEVAL, content: edit(pristineCeval, 'laptop 1'), base: null })
    // the desktop loaded version `first` and saves on top of it: nothing unseen was replaced
    const desktop = await saveWorkbenchFile(student, SLUG, { path: CEVAL, content: edit(pristineCeval, 'desktop'), base: first.updatedAt })
    expect(desktop.replaced).toBeNull()
    expect(desktop.updatedAt! > first.updatedAt!).toBe(true)
    // the laptop still thinks `first` is current: its save wins, and hands back the desktop's version
    const laptop = await saveWorkbenchFile(student, SLUG, { path: CEVAL, content: edit(pristineCeval, 'laptop 2'), base: first.updatedAt })
    expect(laptop.replaced).toEqual({ path: CEVAL, content: edit(pristineCeval, 'desktop'), updatedAt: desktop.updatedAt })
    expect((await workbenchFile(student, SLUG, CEVAL)).draft?.content).toBe(edit(pristineCeval, 'laptop 2'))
    // …and a reset from a tab that never saw the laptop's save says so too
    const reset = await resetWorkbenchFile(student, SLUG, CEVAL, desktop.updatedAt)
    expect(reset.replaced?.content).toBe(edit(pristineCeval, 'laptop 2'))
    expect((await workbenchFile(student, SLUG, CEVAL)).draft).toBeNull()
  })

  it('saves of the same file at the same moment each get their own version', async () => {
    const student = await createUser()
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((m) => saveWorkbenchFile(student, SLUG, { path: CEVAL, content: edit(pristineCeval, m), base: null })),
    )
    expect(new Set(results.map((r) => r.updatedAt)).size).toBe(4)
    // all but the first saw a version they had not loaded
    expect(results.filter((r) => r.replaced !== null)).toHaveLength(3)
  })

  it('refuses files outside the assignment, unknown files and text a patch cannot carry, saving nothing', async () => {
    const student = await createUser()
    const readOnly = await appError(saveWorkbenchFile(student, SLUG, { path: 'Include/opcode.h', content: 'x', base: null }))
    expect(readOnly).toMatchObject({ status: 403, code: 'read_only' })
    expect(readOnly.message).toContain('Include/opcode.h is read-only')
    expect((await appError(saveWorkbenchFile(student, SLUG, { path: 'Python/ceval2.c', content: 'x', base: null }))).status).toBe(403)
    const nul = await appError(saveWorkbenchFile(student, SLUG, { path: CEVAL, content: 'int x;\n\0\n', base: null }))
    expect(nul).toMatchObject({ status: 422 })
    expect(nul.message).toContain('line 2')
    const huge = await appError(saveWorkbenchFile(student, SLUG, { path: CEVAL, content: 'x'.repeat(3 * 1024 * 1024), base: null }))
    expect(huge.status).toBe(413)
    expect(await prisma.draftFile.count()).toBe(0)
  })
})

describe('the draft as a patch', () => {
  it('is one unified diff of every changed file that validation accepts as is and that gives back the draft', async () => {
    const student = await createUser()
    expect((await draftPatch(student, SLUG)).patch).toBe('')
    const sys = await readPristineText('Python/sysmodule.c')
    if (sys.kind !== 'text') throw new Error('sysmodule.c is not text')
    const cevalDraft = `${edit(pristineCeval, 'café — ünïcode')}/* appended at the end */\n`
    const sysDraft = sys.text.replace('#include "Python.h"\n', '#include "Python.h"\n#include "opcode.h"\n')
    await saveWorkbenchFile(student, SLUG, { path: CEVAL, content: cevalDraft, base: null })
    await saveWorkbenchFile(student, SLUG, { path: 'Python/sysmodule.c', content: sysDraft, base: null })

    const { patch, files } = await draftPatch(student, SLUG)
    expect(files).toEqual([CEVAL, 'Python/sysmodule.c'])
    expect(patch.startsWith(`--- a/${CEVAL}\n+++ b/${CEVAL}\n@@ `)).toBe(true)
    expect(patch).toContain('+/* café — ünïcode */\n')
    const tree = await workbenchTree()
    const validation = validatePatch(Buffer.from(patch), { allowedPaths: ['Python/ceval.c', 'Python/sysmodule.c'], allowCreate: [], pristineHas: () => true })
    expect(validation.ok && validation.normalized).toBe(patch)
    const applied = await patchedFiles(patch, (p) => tree.readFile(p))
    expect(applied.map((f) => [f.path, f.error, f.modified])).toEqual([
      [CEVAL, null, cevalDraft],
      ['Python/sysmodule.c', null, sysDraft],
    ])
  })
})
