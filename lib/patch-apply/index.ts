/** Applying unified diffs in memory (see apply.ts); `patchedFiles` does it for every file of a patch. */
export { applyUnifiedDiff, fileDiffPaths, PatchApplyError, type ApplyOptions, type HunkFailure } from './apply'
export { patchedFiles, type PatchedFile } from './files'
