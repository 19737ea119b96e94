import { courseCpythonVersion } from '@/lib/cpython/source'
import { gradePatch } from '@/lib/grading/engine'
import { assertImageBaseline, graderImageRef, imageInfo } from '@/lib/grading/image'

import type { GradeFn } from './grade-run'

export type PreparedGrader = { image: string; version: string; warning?: string; grade: GradeFn }

/**
 * The image the worker grades with, checked once at start: it must exist and be built from the course's pinned
 * CPython (or the operator must have allowed the mismatch). A baseline other than 2.7.8 is announced, and the
 * version is recorded with every result.
 */
export async function prepareGrader(log: (...parts: unknown[]) => void): Promise<PreparedGrader> {
  const image = graderImageRef()
  const info = await imageInfo(image)
  assertImageBaseline(info)
  let warning: string | undefined
  if (info.version !== '2.7.8') warning = `Grading uses CPython ${info.version}, not the course's 2.7.8 (the 2.7.8 tarball was not available).`
  if (!info.verified) warning = [warning, `The CPython tarball behind ${image} is not a verified release (CPYTHON_ALLOW_UNVERIFIED).`].filter(Boolean).join(' ')
  if (warning) log(`⚠ ${warning}`)
  if (info.version !== courseCpythonVersion()) log(`⚠ course pinned to ${courseCpythonVersion()}, image has ${info.version}`)
  return {
    image,
    version: info.version,
    warning,
    grade: (input) =>
      gradePatch({
        assignmentDir: input.assignmentDir,
        patchText: input.patchText,
        image,
        jobId: input.jobId,
        publicOnly: input.publicOnly,
        onEvent: input.onEvent,
        sandboxLabels: input.sandboxLabels,
        signal: input.signal,
      }),
  }
}
