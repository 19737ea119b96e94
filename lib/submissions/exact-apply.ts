// Intake's last check before a patch is stored: every hunk must apply to the pristine file exactly where its header
// says, with every context and removed line identical (no fuzz, no offset). Then the grader (`patch --fuzz=0`), the
// workbench and the staff diff view all see the same change; a patch that only applies "nearly" is refused here,
// with the hunk and the line, instead of being graded as something else.
import { applyUnifiedDiff, parsePatch, PatchApplyError, type FileDiff, type ValidatedFile } from '@/lib/patch'
import { decodePatch } from '@/lib/patch/decode'
import { AppError } from '@/lib/http/errors'

import { pristineBaseline, pristineFileForPatching } from './pristine-files'

export type ExactApplyInput = {
  /** the patch as submitted, for the line numbers named in errors */
  submitted: string | Uint8Array
  /** validatePatch's result: the normalized patch (what is stored and applied) and its files */
  normalized: string
  files: ValidatedFile[]
  fileName?: string
}

/**
 * Throws 422 `patch_does_not_apply` naming the file, the hunk (its number and header) and the line of the submitted
 * patch when any hunk does not apply exactly. Only call it with a patch validatePatch accepted.
 */
export async function assertPatchAppliesExactly(input: ExactApplyInput): Promise<void> {
  const name = input.fileName || 'the patch'
  const applied = parsePatch(input.normalized).files
  // the submitted text parses into the same files and hunks (validation made the normalized patch from it), but
  // its line numbers are the student's
  const decoded = decodePatch(input.submitted).text
  const submitted = decoded === undefined ? [] : parsePatch(decoded).files
  const baseline = await pristineBaseline()
  // Against the version patches are written for, a hunk must sit exactly where its header says. A machine with
  // another tree (CI's Debian 2.7.18) shifts line numbers legitimately, so there only the text must match exactly.
  const maxOffset = baseline.authored ? 0 : undefined

  for (const [index, file] of input.files.entries()) {
    const fileDiff = applied[index]
    if (!fileDiff) throw new Error(`normalized patch has no section ${index + 1} for ${file.path}`)
    const deleted = fileDiff.newFile?.path === null
    const original = file.created ? { text: '', latin1: false } : await pristineFileForPatching(file.path)
    const hunks = original.latin1 ? asLatin1(fileDiff.hunks) : fileDiff.hunks
    let result: string
    try {
      result = applyUnifiedDiff(original.text, { hunks }, { fileName: file.path, maxOffset })
    } catch (error) {
      if (!(error instanceof PatchApplyError)) throw error
      throw doesNotApply(name, file.path, error, submitted[index], baseline.version)
    }
    if (deleted && result !== '') {
      const line = submitted[index]?.line ?? fileDiff.line
      throw new AppError(
        422,
        'patch_does_not_apply',
        `${name} line ${line}: the patch deletes ${file.path} but does not remove all of its lines, so it was made from another version of the file. Nothing was stored. ${regenerate(baseline.version)}`,
        { file: file.path },
      )
    }
  }
}

/** The patch's lines as the bytes they are in UTF-8, one character per byte, to compare with a Latin-1 read file. */
function asLatin1(hunks: FileDiff['hunks']): FileDiff['hunks'] {
  const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1')
  return hunks.map((h) => ({ ...h, lines: h.lines.map((l) => ({ ...l, text: latin1(l.text) })) }))
}

function regenerate(version: string): string {
  return `The patch must apply to a pristine CPython ${version} tree exactly (no fuzz, no offset): regenerate it with \`git diff > hw.diff\` in an unmodified ${version} checkout that has only your changes.`
}

const quote = (s: string | null) => (s === null ? 'the end of the file' : `\`${s.length > 80 ? `${s.slice(0, 77)}...` : s}\``)

function doesNotApply(name: string, path: string, error: PatchApplyError, submittedFile: FileDiff | undefined, version: string): AppError {
  const { hunkIndex, header, expectedAt, mismatch } = error.failure
  const hunk = submittedFile?.hunks[hunkIndex]
  // the line of the submitted patch that holds the differing context or removed line, else the hunk's header
  const oldSide = hunk?.lines.filter((l) => l.kind !== 'add') ?? []
  const patchLine = (mismatch ? oldSide[mismatch.fileLine - expectedAt]?.line : undefined) ?? hunk?.line ?? error.failure.patchLine
  const detail = mismatch
    ? `line ${mismatch.fileLine} of ${path} is ${quote(mismatch.found)} where the patch expects ${quote(mismatch.expected)}`
    : `the patch says ${path} ends without a newline at line ${expectedAt}, and it does not`
  return new AppError(
    422,
    'patch_does_not_apply',
    `${name} line ${patchLine}: hunk ${hunkIndex + 1} (${header}) does not apply to ${path}: ${detail}. Nothing was stored. ${regenerate(version)}`,
    {
      file: path,
      hunk: { index: hunkIndex + 1, header, line: hunk?.line ?? error.failure.patchLine },
      patchLine,
      ...(mismatch ? { fileLine: mismatch.fileLine, expected: mismatch.expected, found: mismatch.found } : {}),
    },
  )
}
