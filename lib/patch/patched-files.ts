import { parsePatch } from './parse'

import { applyUnifiedDiff, DEFAULT_SEARCH_BUDGET, fileDiffPaths, PatchApplyError } from './apply'

export type PatchedFile = {
  /** the path the file has after the patch (or before it, for a deletion) */
  path: string
  status: 'modified' | 'created' | 'deleted'
  original: string
  /** null when the patch does not apply to this file; `error` says why */
  modified: string | null
  error: string | null
}

/**
 * Every file a patch touches, before and after. `readOriginal` returns a file's text, or null when it does not exist
 * (a created file starts empty). A hunk that does not apply is reported on its file rather than thrown, so a viewer
 * can still show the other files.
 */
export async function patchedFiles(patchText: string, readOriginal: (path: string) => Promise<string | null>): Promise<PatchedFile[]> {
  const parsed = parsePatch(patchText)
  const out: PatchedFile[] = []
  for (const fd of parsed.files) {
    if (fd.binary) continue
    const { oldPath, newPath } = fileDiffPaths(fd)
    const path = newPath ?? oldPath
    if (!path) continue
    const status = oldPath === null ? 'created' : newPath === null ? 'deleted' : 'modified'
    const original = status === 'created' ? '' : ((await readOriginal(oldPath!)) ?? null)
    if (original === null) {
      out.push({ path, status, original: '', modified: null, error: `${oldPath} is not in the pristine tree` })
      continue
    }
    try {
      // the files share one search budget, so a patch of many sections costs what one file may
      const searchBudget = Math.floor(DEFAULT_SEARCH_BUDGET / parsed.files.length)
      out.push({ path, status, original, modified: applyUnifiedDiff(original, fd, { fileName: path, searchBudget }), error: null })
    } catch (error) {
      if (!(error instanceof PatchApplyError)) throw error
      out.push({ path, status, original, modified: null, error: error.message })
    }
  }
  return out
}
