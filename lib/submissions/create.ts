import { z } from 'zod'

import { patchRejectionSentence, type PatchProblem } from './patch-message'

import type { SessionUser } from '@/lib/auth/users'
import { appUrl } from '@/lib/config/env'
import { parsePublicManifest } from '@/lib/content/public-manifest'
import { prisma, type Prisma } from '@/lib/db/prisma'
import { checkAnnotationOnly, validatePatch } from '@/lib/patch'
import { MAX_PATCH_BYTES, patchPolicyFor } from '@/lib/grading/patch-policy'
import { AppError, notFound } from '@/lib/http/errors'
import { deadlineFor, lateSeconds, submissionsClosed } from '@/lib/policy/late'
import { PRIORITY } from '@/lib/queue/grading-queue'
import { createInitialRun } from '@/lib/runs/lifecycle'

import { dispatchRun } from './dispatch'
import { assertPatchAppliesExactly } from './exact-apply'
import { checkSubmissionLimits, lockStudentAssignment } from './limits'
import { pristineFileSet } from './pristine-files'

export { PRACTICE_RUNS_PER_HOUR } from './limits'

export const submissionSourceSchema = z.enum(['UPLOAD', 'PASTE', 'API', 'WORKBENCH'])

export type CreateSubmissionInput = {
  user: SessionUser
  assignmentSlug: string
  patch: string | Buffer
  source: z.infer<typeof submissionSourceSchema>
  practice?: boolean
  fileName?: string
  now?: Date
}

export type CreatedSubmission = { id: string; url: string; number: number | null; lateSeconds: number; enqueued: boolean }

/**
 * Accept a patch: check the deadline and limits, validate the patch strictly, check that it applies exactly to the
 * pristine files, then store the submission and its first grading run in one transaction, and enqueue after commit.
 * The limits are checked again inside that transaction under a lock per student and assignment (lib/submissions/
 * limits.ts), so parallel requests cannot pass them. Nothing is stored for a rejected patch.
 */
export async function createSubmission(input: CreateSubmissionInput): Promise<CreatedSubmission> {
  const now = input.now ?? new Date()
  const bytes = typeof input.patch === 'string' ? Buffer.byteLength(input.patch) : input.patch.length
  if (bytes === 0)
    throw new AppError(
      400,
      'empty_patch',
      'The patch is empty. Make it with `git diff > hw.diff` at the top of your CPython checkout, then upload or paste hw.diff.',
    )
  if (bytes > MAX_PATCH_BYTES)
    throw new AppError(
      413,
      'patch_too_large',
      `The patch is ${Math.ceil(bytes / 1024)} KiB; the limit is ${Math.floor(MAX_PATCH_BYTES / 1024)} KiB. Did it include build output?`,
    )

  const assignment = await prisma.assignment.findFirst({ where: { slug: input.assignmentSlug, published: true } })
  if (!assignment) throw notFound('That assignment')
  const userId = input.user.id
  const extension = await prisma.extension.findUnique({ where: { userId_assignmentId: { userId, assignmentId: assignment.id } } })
  const deadline = deadlineFor(assignment.dueAt, extension?.dueAt)
  const practice = Boolean(input.practice)

  if (!practice && submissionsClosed(now, deadline, { cutoffDays: assignment.lateCutoffDays, mode: assignment.latePolicy })) {
    throw new AppError(409, 'submissions_closed', `Submissions for “${assignment.title}” closed ${assignment.lateCutoffDays} day(s) after the deadline.`)
  }
  // early refusal, before the costly checks; the binding check is the one inside the insert transaction
  await checkSubmissionLimits(prisma, { userId, assignment, practice, now })

  const files = await pristineFileSet()
  const validation = validatePatch(
    input.patch,
    patchPolicyFor(assignment, (p: string) => files.has(p)),
  )
  if (!validation.ok) throw patchRejected(validation.errors, input.fileName)
  if (assignment.kind === 'ANNOTATION') {
    const manifest = parsePublicManifest(assignment.manifest, assignment.slug)
    // the submitted text, so the lines in errors are the lines of the student's file
    const annotation = checkAnnotationOnly(input.patch, { files: manifest.annotation?.files ?? assignment.allowedPaths })
    if (!annotation.ok) throw patchRejected(annotation.errors, input.fileName)
  }
  await assertPatchAppliesExactly({ submitted: input.patch, normalized: validation.normalized, files: validation.files, fileName: input.fileName })

  const late = practice ? 0 : lateSeconds(now, deadline)
  const priority = practice ? PRIORITY.practice : PRIORITY.submission
  const patchText = validation.normalized
  const { submission, run } = await insertWithNextNumber(async (tx) => {
    await lockStudentAssignment(tx, userId, assignment.id)
    await checkSubmissionLimits(tx, { userId, assignment, practice, now })
    const last = practice ? null : await tx.submission.aggregate({ where: { userId, assignmentId: assignment.id, kind: 'GRADED' }, _max: { number: true } })
    const submission = await tx.submission.create({
      data: {
        userId,
        assignmentId: assignment.id,
        number: practice ? null : (last?._max.number ?? 0) + 1,
        kind: practice ? 'PRACTICE' : 'GRADED',
        source: input.source,
        patch: patchText,
        patchSha256: validation.sha256,
        patchBytes: bytes,
        patchFiles: validation.files,
        lateSeconds: late,
        createdAt: now,
      },
    })
    const run = await createInitialRun(tx, submission.id, priority, now)
    return { submission, run }
  })
  const enqueued = await dispatchRun({ id: run.id, submissionId: submission.id, priority })
  return { id: submission.id, url: `${appUrl()}/submissions/${submission.id}`, number: submission.number, lateSeconds: late, enqueued }
}

/**
 * Refuse (429) a student who is already at a limit, before work that costs more than the check (the workbench makes
 * its diff first). Only an early answer: createSubmission checks again under the intake lock.
 */
export async function assertWithinLimits(input: { user: SessionUser; assignmentSlug: string; practice: boolean; now?: Date }): Promise<void> {
  const assignment = await prisma.assignment.findFirst({ where: { slug: input.assignmentSlug, published: true } })
  if (!assignment) throw notFound('That assignment')
  await checkSubmissionLimits(prisma, { userId: input.user.id, assignment, practice: input.practice, now: input.now ?? new Date() })
}

function patchRejected(errors: PatchProblem[], fileName?: string): AppError {
  return new AppError(422, 'patch_rejected', patchRejectionSentence(errors, fileName), { errors: errors.slice(0, 50) })
}

type Tx = Prisma.TransactionClient

/**
 * Waiting for the intake lock happens inside the transaction, so it may take a while when many requests of one
 * student arrive together: each holds the lock for a few queries only.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 }

/**
 * The lock makes numbers unique for one student and assignment; the unique index stays the last word, and a
 * refused insert retries (limits included). A transaction that cannot start or finish in time is a 503, not a 500.
 */
async function insertWithNextNumber<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction((tx) => work(tx), TRANSACTION_OPTIONS)
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'P2002' && attempt < 5) continue
      if (code === 'P2024' || code === 'P2028') {
        throw new AppError(
          503,
          'intake_busy',
          'Too many submissions are being stored at this moment; nothing was stored. Try again in a few seconds.',
          undefined,
          5,
        )
      }
      throw error
    }
  }
}
