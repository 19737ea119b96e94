// The course's CPython baseline in one place: the release the lectures, the homework and students' own builds are
// written against; the version the worker must grade with (CPYTHON_VERSION, default that release); the policy when the
// grader image has another one (GRADER_ALLOW_BASELINE_MISMATCH); and the words staff see when grading is off it.
// Used by the worker (worker/grader.ts), the image check (lib/grading/image.ts), the staff pages and the gradebook,
// and `npm start` (through scripts/baseline.ts). No imports and no I/O: client components import it too.

/** The CPython release the course is written against. Lectures cite its lines; patches are made against it. */
export const CANONICAL_CPYTHON = '2.7.8'

/** process.env or a plain object standing in for it (tests). */
type Env = Readonly<Record<string, string | undefined>>

/**
 * The version the worker must grade with: CPYTHON_VERSION, else the canonical release. CI, which only has Debian's
 * 2.7.18 source, sets CPYTHON_VERSION=2.7.18, so the source resolver, the image and the worker's check agree.
 */
export function courseCpythonVersion(env: Env = process.env): string {
  return env.CPYTHON_VERSION?.trim() || CANONICAL_CPYTHON
}

/** Is this the canonical release? Anything else (or an unknown version) is announced to staff. */
export function isCanonicalCpython(version: string | null | undefined): boolean {
  return version === CANONICAL_CPYTHON
}

/** GRADER_ALLOW_BASELINE_MISMATCH=1: grade with an image whose CPython is not the course's version. */
export function baselineMismatchAllowed(env: Env = process.env): boolean {
  return env.GRADER_ALLOW_BASELINE_MISMATCH === '1'
}

/** Why the worker refuses an image built from another CPython than `expected`, with the three ways out. */
export function baselineMismatchMessage(image: string, version: string, expected: string): string {
  return (
    `grader image ${image} was built from CPython ${version}, but the course is pinned to ${expected}. ` +
    `Rebuild it from a ${expected} tarball (CPYTHON_TARBALL), set CPYTHON_VERSION=${version} if that is the ` +
    'intended baseline, or GRADER_ALLOW_BASELINE_MISMATCH=1 to grade anyway.'
  )
}

/** The log line when the mismatch is allowed. */
export function baselineMismatchAllowedNote(image: string, version: string, expected: string): string {
  return `grader: image ${image} has CPython ${version}, course expects ${expected} (allowed by GRADER_ALLOW_BASELINE_MISMATCH=1)`
}

/**
 * The warning a worker announces (log, heartbeat, staff pages) when its image is not the verified canonical release,
 * or undefined when it is.
 */
export function baselineWarning(info: { image: string; version: string; verified: boolean }): string | undefined {
  const parts: string[] = []
  if (!isCanonicalCpython(info.version)) {
    parts.push(`Grading uses CPython ${info.version}, not the course's ${CANONICAL_CPYTHON} (the ${CANONICAL_CPYTHON} tarball was not available).`)
  }
  if (!info.verified) parts.push(`The CPython tarball behind ${info.image} is not a verified release (CPYTHON_ALLOW_UNVERIFIED).`)
  return parts.length ? parts.join(' ') : undefined
}

/**
 * What `npm start` does when the grader image it just made or found has `imageVersion`: when that is not the course's
 * version and the operator said nothing about GRADER_ALLOW_BASELINE_MISMATCH (no tarball of the course's version
 * could be had), it grades with the fallback rather than not at all, and says so in a banner nobody can miss (as do
 * the worker's heartbeat, staff pages and the version recorded with every result). An operator's explicit
 * GRADER_ALLOW_BASELINE_MISMATCH, even 0, is left alone.
 */
export function startBaselineDecision(imageVersion: string, env: Env = process.env): { allowMismatch: boolean; banner: string[] } {
  const pinned = courseCpythonVersion(env)
  if (!imageVersion || imageVersion === pinned || env.GRADER_ALLOW_BASELINE_MISMATCH !== undefined) return { allowMismatch: false, banner: [] }
  const bar = '!'.repeat(100)
  return {
    allowMismatch: true,
    banner: [
      bar,
      `!!! GRADING WITH CPython ${imageVersion}, NOT THE COURSE'S ${pinned}: no ${pinned} tarball was available.`,
      `!!! Set CPYTHON_TARBALL=/path/to/Python-${pinned}.tgz and restart to grade against ${pinned}.`,
      bar,
    ],
  }
}
