/** Patch validation for submissions (DESIGN.md, "Grading a submission", step 1). */
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
