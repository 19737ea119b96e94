import { baselineWarning, courseCpythonVersion } from '@/lib/cpython/baseline'
import { gradePatch } from '@/lib/grading/engine'
import { assertImageBaseline, graderImageRef, imageInfo } from '@/lib/grading/image'

import type { GradeFn } from './grade-run'

export type PreparedGrader = { image: string; version: string; warning?: string; grade: GradeFn }

/**
 * The image the worker grades with, checked once at start: it must exist and be built from the course's pinned
 * CPython (or the operator must have allowed the mismatch). A baseline other than the canonical release is announced, and the
 * version is recorded with every result.
 */
export async function prepareGrader(log: (...parts: unknown[]) => void): Promise<PreparedGrader> {
  const image = graderImageRef()
  const info = await imageInfo(image)
  assertImageBaseline(info)
  const warning = baselineWarning({ image, version: info.version, verified: info.verified })
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
