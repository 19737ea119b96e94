/** The patch kernel (README.md): parse, validate and render submitted patches, apply them in memory, diff texts. */
export { validatePatch, type PatchValidation, type ValidatedFile } from './validate'
export { checkAnnotationOnly, type AnnotationCheck, type AnnotationError, type AnnotationErrorCode } from './annotation'
export { PATCH_LIMITS, patchPolicySettingsSchema, type PatchPolicy, type PatchPolicySettings } from './policy'
export { PATCH_ERROR_CODES, type PatchError, type PatchErrorCode } from './errors'
export {
  parsePatch,
  type ParsedPatch,
  type FileDiff,
  type Hunk,
  type HunkLine,
  type HunkLineKind,
  type ParseIssue,
  type ParseIssueCode,
} from './parse'
export { matchesGlob, matchesAnyGlob } from './glob'
export { applyUnifiedDiff, DEFAULT_SEARCH_BUDGET, fileDiffPaths, PatchApplyError, type ApplyOptions, type HunkFailure } from './apply'
export { patchedFiles, type PatchedFile } from './patched-files'
