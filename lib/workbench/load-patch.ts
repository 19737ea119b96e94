import type { SessionUser } from '@/lib/auth/users'
import { applyUnifiedDiff, DEFAULT_SEARCH_BUDGET, fileDiffPaths, parsePatch, PatchApplyError, validatePatch, type PatchError } from '@/lib/patch'
import { AppError } from '@/lib/http/errors'
import { MAX_PATCH_BYTES, patchPolicyFor } from '@/lib/grading/patch-policy'

import { replaceDraft, type StoredDraftFile } from './drafts'
import { readPristineText, workbenchTree } from './pristine'
import { checkDraftText, workbenchAssignment } from './workbench'

export type LoadedPatch = {
  /** the draft now: every file the patch changes, with its new text */
  files: StoredDraftFile[]
}

/**
 * Load a .diff into the workbench: the patch goes through the same validation as a submission, then every hunk is
 * applied to the pristine file (exact context; a hunk may sit a few lines away, as `git apply` allows). The result
 * replaces the whole draft. Nothing is stored unless every file applies; the first hunk that does not is named,
 * with its line in the uploaded file.
 */
export async function loadPatchIntoDraft(user: SessionUser, slug: string, patch: string, fileName = 'the patch'): Promise<LoadedPatch> {
  const name = fileName.replace(/[^\w.+-]/g, '_').slice(0, 120) || 'the patch'
  const bytes = Buffer.byteLength(patch, 'utf8')
  if (bytes > MAX_PATCH_BYTES)
    throw new AppError(413, 'patch_too_large', `${name} is ${Math.ceil(bytes / 1024)} KiB; the limit is ${Math.floor(MAX_PATCH_BYTES / 1024)} KiB.`)
  const assignment = await workbenchAssignment(slug)
  const tree = await workbenchTree()
  const validation = validatePatch(
    patch,
    patchPolicyFor(assignment, (p) => tree.files.has(p), { canCreateFiles: false }),
  )
  if (!validation.ok) throw rejected(name, validation.errors)

  // Parse the text as uploaded (validation accepted it: UTF-8, and either LF or CRLF throughout), so that the lines
  // named in errors are lines of the student's file.
  const text = patch.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')
  const parsed = parsePatch(text)
  const results: { path: string; content: string }[] = []
  for (const [index, fileDiff] of parsed.files.entries()) {
    // the path as validation resolved it (one leading component stripped, whatever it is: a/, orig/, cpython/),
    // so that the file read is the file that was checked against the assignment and the tree
    const validated = validation.files.length === parsed.files.length ? validation.files[index] : undefined
    const oldPath = validated && !validated.created ? validated.path : fileDiffPaths(fileDiff).oldPath
    if (!oldPath || validated?.created) throw new AppError(422, 'patch_rejected', `${name} line ${fileDiff.line}: the workbench only changes existing files.`)
    if (!tree.files.has(oldPath))
      throw new AppError(
        422,
        'patch_rejected',
        `${name} line ${fileDiff.line}: ${oldPath} is not a file of the CPython tree. Make the patch from the top of the tree (paths like a/Python/ceval.c).`,
      )
    const original = await readPristineText(oldPath)
    if (original.kind !== 'text') throw new AppError(422, 'patch_rejected', `${name}: ${oldPath} cannot be edited in the workbench (it is not UTF-8 text).`)
    try {
      // one search budget for the whole patch, shared by its files (50 at most), so the upload stays ~50 ms
      const content = applyUnifiedDiff(original.text, fileDiff, { fileName: oldPath, searchBudget: Math.floor(DEFAULT_SEARCH_BUDGET / parsed.files.length) })
      checkDraftText(oldPath, content)
      if (content !== original.text) results.push({ path: oldPath, content })
    } catch (error) {
      if (!(error instanceof PatchApplyError)) throw error
      throw new AppError(422, 'patch_does_not_apply', `${name}: ${error.message}. Nothing was loaded; your draft is unchanged.`, {
        file: oldPath,
        hunk: error.failure,
      })
    }
  }
  const stored = await replaceDraft({ userId: user.id, assignmentId: assignment.id }, results)
  return { files: stored }
}

function rejected(name: string, errors: PatchError[]): AppError {
  const first = errors[0]
  const where = first?.line ? `${name} line ${first.line}` : name
  const message = first?.message.replace(/^line \d+: /, '') ?? 'the patch was rejected'
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : ''
  return new AppError(422, 'patch_rejected', `${where}: ${message}${more}. Nothing was loaded; your draft is unchanged.`, { errors: errors.slice(0, 50) })
}
