// The one patch policy of an assignment: what intake checks before storing a patch, what the workbench checks
// before loading one, and what the engine checks again before building it. Built from the assignment's synced row
// (intake, workbench) or its folder (engine), which carry the same two lists, so the three can never disagree.
import { patchMaxBytes } from '@/lib/config/env'

import type { PatchPolicy } from '@/lib/patch'

/** Largest patch accepted anywhere (bytes; `PATCH_MAX_BYTES`). */
export const MAX_PATCH_BYTES = patchMaxBytes()

/** What an assignment says about the files a patch may touch: its row in the database and its folder both have it. */
export interface AssignmentPatchRules {
  allowedPaths: readonly string[]
  /** Globs of files a patch may create; absent (the workbench's assignment view) means none. */
  allowCreate?: readonly string[]
}

export function patchPolicyFor(
  assignment: AssignmentPatchRules,
  pristineHas: (relPath: string) => boolean,
  options: { canCreateFiles?: boolean } = {},
): PatchPolicy {
  return {
    allowedPaths: [...assignment.allowedPaths],
    // the workbench edits existing files only, so its .diff loader refuses new ones (docs/workbench.md)
    allowCreate: options.canCreateFiles === false ? [] : [...(assignment.allowCreate ?? [])],
    pristineHas,
    maxBytes: MAX_PATCH_BYTES,
  }
}
