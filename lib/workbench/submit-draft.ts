import type { SessionUser } from '@/lib/auth/users'
import { AppError } from '@/lib/http/errors'
import { assertWithinLimits, createSubmission, type CreatedSubmission } from '@/lib/submissions/create'

import type { DraftRunInput } from './schemas'
import { draftPatch } from './workbench'

/**
 * Turn the saved draft into a submission through the same intake as an uploaded patch (validation, limits, deadline):
 * a practice run ("Run public tests": public tests only, not counted, rate-limited) or a real, graded submission.
 * The patch is made on the server from what is stored; when the page says which diff it shows, a different stored
 * draft (changed in another tab, or a save still missing) is refused rather than graded by surprise.
 */
export async function submitDraft(user: SessionUser, slug: string, input: DraftRunInput): Promise<CreatedSubmission & { practice: boolean }> {
  const practice = input.kind === 'practice'
  // a student at a limit is refused before the diff of the whole draft is made
  await assertWithinLimits({ user, assignmentSlug: slug, practice })
  const { patch } = await draftPatch(user, slug)
  if (!patch) throw new AppError(400, 'empty_draft', 'Your draft has no changes yet: edit one of the assignment’s files first.')
  if (input.expectedPatch !== undefined && input.expectedPatch !== patch) {
    throw new AppError(
      409,
      'draft_changed',
      'The saved draft is not the one this page shows (it was changed in another tab or device, or a save has not reached the server). Nothing was submitted: reload the workbench, check the diff, and try again.',
    )
  }
  const created = await createSubmission({ user, assignmentSlug: slug, patch, source: 'WORKBENCH', practice, fileName: `${slug}.diff` })
  return { ...created, practice }
}
