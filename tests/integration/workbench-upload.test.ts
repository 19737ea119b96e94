// Loading a .diff into the workbench: a patch that applies replaces the draft; one that does not is refused with
// the failing hunk named, and the draft stays as it was.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'
import { patchedFiles } from '@/lib/patch'
import { loadPatchIntoDraft } from '@/lib/workbench/load-patch'
import { workbenchTree } from '@/lib/workbench/pristine'
import { draftPatch, saveWorkbenchFile, workbenchFile } from '@/lib/workbench/workbench'

import { createUser, solutionPatch, syncRealContent } from '../support/fixtures'

const SLUG = 'opcode-counter'

beforeAll(async () => {
  await syncRealContent()
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

describe('loading a .diff', () => {
  it('applies the reference solution to the pristine files and makes it the draft (a round trip through the draft patch)', async () => {
    const student = await createUser()
    const solution = solutionPatch(SLUG)
    const loaded = await loadPatchIntoDraft(student, SLUG, solution, 'solution.diff')
    expect(loaded.files.map((f) => f.path)).toEqual(['Python/ceval.c', 'Python/sysmodule.c'])

    const tree = await workbenchTree()
    const expected = await patchedFiles(solution, (p) => tree.readFile(p))
    for (const f of expected) expect((await workbenchFile(student, SLUG, f.path)).draft?.content).toBe(f.modified)
    // the draft's own diff gives the same files again
    const again = await patchedFiles((await draftPatch(student, SLUG)).patch, (p) => tree.readFile(p))
    expect(again.map((f) => f.modified)).toEqual(expected.map((f) => f.modified))
  })

  it('accepts a git diff with CRLF line endings (saved on Windows)', async () => {
    const student = await createUser()
    const windows = solutionPatch(SLUG).replace(/\n/g, '\r\n')
    const loaded = await loadPatchIntoDraft(student, SLUG, windows, 'hw.diff')
    expect(loaded.files).toHaveLength(2)
    expect(loaded.files.every((f) => !f.content.includes('\r'))).toBe(true)
  })

  it('replaces the whole draft: a file the diff does not touch goes back to pristine', async () => {
    const student = await createUser()
    const ceval = await workbenchFile(student, SLUG, 'Python/ceval.c')
    await saveWorkbenchFile(student, SLUG, { path: 'Python/ceval.c', content: `/* old work */\n${ceval.original}`, base: null })
    const sysOnly = solutionPatch(SLUG).slice(solutionPatch(SLUG).indexOf('--- a/Python/sysmodule.c'))
    await loadPatchIntoDraft(student, SLUG, sysOnly, 'sys.diff')
    expect((await prisma.draftFile.findMany({ where: { userId: student.id } })).map((d) => d.path)).toEqual(['Python/sysmodule.c'])
  })

  it('refuses a diff whose hunk does not apply, naming that hunk and its line in the file, and keeps the draft', async () => {
    const student = await createUser()
    const ceval = await workbenchFile(student, SLUG, 'Python/ceval.c')
    const mine = `/* my work so far */\n${ceval.original}`
    const saved = await saveWorkbenchFile(student, SLUG, { path: 'Python/ceval.c', content: mine, base: null })

    // the second hunk of ceval.c claims a context line the pristine file does not have
    const solution = solutionPatch(SLUG)
    const broken = solution.replace(' #define EXT_POP(STACK_POINTER) (*--(STACK_POINTER))\n', ' #define EXT_POP(STACK_POINTER) (*--(STACK_POINTR))\n')
    expect(broken).not.toBe(solution)
    const brokenLine = broken.split('\n').findIndex((l) => l.includes('STACK_POINTR')) + 1
    const hunkLine =
      broken
        .split('\n')
        .slice(0, brokenLine)
        .findLastIndex((l) => l.startsWith('@@')) + 1
    const header = broken.split('\n')[hunkLine - 1]!

    const error = await appError(loadPatchIntoDraft(student, SLUG, broken, 'hw3.diff'))
    expect(error).toMatchObject({ status: 422, code: 'patch_does_not_apply' })
    expect(error.message).toContain(`hw3.diff: hunk 2 (${header}, patch line ${hunkLine}) does not apply to Python/ceval.c`)
    expect(error.message).toContain('STACK_POINTR')
    expect(error.message).toContain('your draft is unchanged')
    expect(error.details).toMatchObject({ file: 'Python/ceval.c', hunk: { hunkIndex: 1, patchLine: hunkLine, header } })

    const after = await workbenchFile(student, SLUG, 'Python/ceval.c')
    expect(after.draft).toEqual({ content: mine, updatedAt: saved.updatedAt })
    expect(await prisma.draftFile.count({ where: { userId: student.id } })).toBe(1)
  })

  it('refuses a diff that validation rejects (a file the assignment does not allow), with its line', async () => {
    const student = await createUser()
    const elsewhere = ['--- a/Objects/listobject.c', '+++ b/Objects/listobject.c', '@@ -1,1 +1,2 @@', ' ', '+/* hi */', ''].join('\n')
    const error = await appError(loadPatchIntoDraft(student, SLUG, elsewhere, 'list.diff'))
    expect(error).toMatchObject({ status: 422, code: 'patch_rejected' })
    expect(error.message).toMatch(/^list\.diff line 1: /)
    expect(error.message).toContain('Objects/listobject.c')
    expect((await appError(loadPatchIntoDraft(student, SLUG, 'not a diff at all\n', 'x.diff'))).status).toBe(422)
    expect(await prisma.draftFile.count()).toBe(0)
  })

  it('loads a diff made with other prefixes than a/ and b/ (diff -ruN orig new), as patch -p1 would', async () => {
    const student = await createUser()
    const solution = solutionPatch(SLUG)
    const renamed = solution
      .replace(/^--- a\//gm, '--- orig/')
      .replace(/^\+\+\+ b\//gm, '+++ new/')
      .replace(/^diff --git a\/(\S+) b\/(\S+)$/gm, 'diff --git orig/$1 new/$2')
    expect(renamed).not.toBe(solution)
    expect(renamed).toContain('--- orig/Python/ceval.c')
    const loaded = await loadPatchIntoDraft(student, SLUG, renamed, 'orig-new.diff')
    const tree = await workbenchTree()
    const expected = await patchedFiles(solution, (p) => tree.readFile(p))
    expect(loaded.files.map((f) => [f.path, f.content])).toEqual(expected.map((f) => [f.path, f.modified]))
  })
})
