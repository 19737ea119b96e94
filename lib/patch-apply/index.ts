/** Applying unified diffs in memory (see apply.ts); `patchedFiles` does it for every file of a patch. */
export { applyUnifiedDiff, DEFAULT_SEARCH_BUDGET, fileDiffPaths, PatchApplyError, type ApplyOptions, type HunkFailure } from './apply'
export { patchedFiles, type PatchedFile } from './files'
