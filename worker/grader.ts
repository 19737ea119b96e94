import { baselineWarning, courseCpythonVersion } from '@/lib/cpython/baseline'
import { buildCacheSlot } from '@/lib/grading/build-cache'
import { gradePatch } from '@/lib/grading/engine'
import { ensureGraderImage, engineIdentity, gradedOnLabel, type EngineIdentity } from '@/lib/grading/host-image'
import { assertImageBaseline, graderImageRef } from '@/lib/grading/image'

import type { GradeFn } from './grade-run'

export type PreparedGrader = {
  /** The tag the deployment named (GRADER_IMAGE or the default). */
  ref: string
  /** The image ID (sha256:…) every sandbox runs: pinned at start. */
  image: string
  version: string
  warning?: string
  engine: EngineIdentity
  /** What each result records as the host that graded it. */
  gradedOn: string
  grade: GradeFn
}

/**
 * The image the worker grades with, resolved once at start on this worker's engine (DOCKER_HOST): present, loaded
 * from GRADER_IMAGE_ARCHIVE, pulled from GRADER_REGISTRY or built (lib/grading/host-image.ts), checked by content
 * hash and pinned by image ID. It must be built from the course's pinned CPython (or the operator must have allowed
 * the mismatch). A baseline other than the canonical release is announced, and the version is recorded with every
 * result.
 */
export async function prepareGrader(log: (...parts: unknown[]) => void, workerId: string): Promise<PreparedGrader> {
  const ref = graderImageRef()
  const engine = await engineIdentity()
  const pinned = await ensureGraderImage(ref, log)
  const info = pinned.info
  assertImageBaseline(info)
  const warning = baselineWarning({ image: ref, version: info.version, verified: info.verified })
  if (warning) log(`⚠ ${warning}`)
  if (info.version !== courseCpythonVersion()) log(`⚠ course pinned to ${courseCpythonVersion()}, image has ${info.version}`)
  const image = pinned.id
  log(`grader image ${ref} (${pinned.source}) pinned as ${image} on engine ${engine.name} ${engine.id.slice(0, 14)} (${engine.rootDir})`)
  return {
    ref,
    image,
    version: info.version,
    warning,
    engine,
    gradedOn: gradedOnLabel(engine, workerId),
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
        // keyed by the pinned image ID too: a new image starts every student's cache afresh
        buildCache: input.buildCacheOwner ? buildCacheSlot({ ...input.buildCacheOwner, imageId: image }) : undefined,
      }),
  }
}
