/**
 * Step 1 of grading (docs/architecture.md, "The five grading stages"): decide whether a submitted patch may be stored and
 * later applied to the pristine CPython tree, and if not, tell the student exactly which file and patch line is wrong.
 *
 * Pure: reads nothing but its arguments (and `policy.pristineHas`), writes nothing, runs nothing.
 */
import { createHash } from 'node:crypto'

import { decodePatch, toBytes } from './decode'
import { atLine, show, type PatchError, type PatchErrorCode } from './errors'
import { matchesAnyGlob } from './glob'
import { isEpochTimestamp, parsePatch, splitPatchLines, type FileDiff, type Hunk } from './parse'
import { CPYTHON_TOP_LEVEL_DIRS, checkRawPath, checkRelativePath, stripOneComponent } from './paths'
import { PATCH_LIMITS, type PatchPolicy } from './policy'
import { renderPatch } from './render'

export type ValidatedFile = { path: string; added: number; removed: number; hunks: number; created: boolean }

export type PatchValidation = { ok: true; files: ValidatedFile[]; sha256: string; normalized: string } | { ok: false; errors: PatchError[] }

const RENAME_KEYWORDS = new Set(['rename from', 'rename to', 'rename old', 'rename new', 'copy from', 'copy to', 'similarity index', 'dissimilarity index'])
const INDEX_LINE = /^([0-9a-f]{7,64})\.\.([0-9a-f]{7,64})(?: (\d{6}))?$/

export function validatePatch(text: string | Uint8Array, policy: PatchPolicy): PatchValidation {
  const maxBytes = policy.maxBytes ?? PATCH_LIMITS.maxBytes
  const maxFiles = policy.maxFiles ?? PATCH_LIMITS.maxFiles
  const maxLineLength = policy.maxLineLength ?? PATCH_LIMITS.maxLineLength
  const { bytes } = toBytes(text)

  if (bytes.length > maxBytes) {
    return fail([
      {
        code: 'too-large',
        message: `the patch is ${formatSize(bytes.length)}, over the ${formatSize(maxBytes)} limit. Submit only your source changes (no generated files, logs or build output).`,
      },
    ])
  }
  if (bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) {
    return fail([
      {
        code: 'empty-patch',
        message: 'the patch is empty. Generate it with "git diff > hw.diff" from the top of your CPython tree after making your changes.',
      },
    ])
  }

  const decoded = decodePatch(text)
  const errors: PatchError[] = [...decoded.errors]
  if (decoded.text === undefined) return fail(errors)

  const lines = splitPatchLines(decoded.text)
  lines.forEach((line, index) => {
    if (line.length > maxLineLength) {
      errors.push({
        code: 'line-too-long',
        line: index + 1,
        message: atLine(
          index + 1,
          `this line is ${line.length} characters long, over the ${maxLineLength}-character limit for a line in a patch. Did a generated or minified file get into the diff?`,
        ),
      })
    }
  })

  const parsed = parsePatch(decoded.text)
  const resolver = new FileResolver(policy)
  // Past the file limit the patch is refused anyway: resolving tens of thousands of header pairs (a 512 KiB patch
  // can hold 40 000) would only add errors nobody reads, at a cost of a few hundred milliseconds.
  const resolved = parsed.files.slice(0, maxFiles + 1).map((file) => resolver.resolve(file))
  errors.push(...resolver.errors)
  for (const issue of parsed.issues) {
    const file = issue.fileIndex === undefined ? undefined : resolved[issue.fileIndex]?.display
    errors.push({ code: issue.code, line: issue.line, message: issue.message, ...(file ? { file } : {}) })
  }

  if (parsed.files.length > maxFiles) {
    const first = parsed.files[maxFiles]!
    errors.push({
      code: 'too-many-files',
      line: first.line,
      message: atLine(
        first.line,
        `the patch changes ${parsed.files.length} files; at most ${maxFiles} are allowed. Submit only the files the assignment asks you to change.`,
      ),
    })
  }
  if (parsed.files.length === 0 && errors.length === 0) {
    errors.push({
      code: 'no-file-changes',
      message:
        'the patch contains no file changes (no "diff --git" or "---"/"+++" file header was found). Generate it with "git diff > hw.diff" from the top of your CPython tree.',
    })
  }
  if (errors.length) return fail(errors, PATCH_LIMITS.maxErrors)

  const files = resolved.map((r, index) => ({ ...r, hunks: parsed.files[index]!.hunks }))
  return {
    ok: true,
    files: files.map((f) => ({
      path: f.rel!,
      added: count(f.hunks, 'add'),
      removed: count(f.hunks, 'remove'),
      hunks: f.hunks.length,
      created: f.created,
    })),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    normalized: renderPatch(files.map((f) => ({ path: f.rel!, created: f.created, deleted: f.deleted, hunks: f.hunks }))),
  }
}

type ResolvedFile = { rel?: string; display?: string; created: boolean; deleted: boolean }

type PathEntry = { raw: string; line: number; side: 'old' | 'new'; source: '---' | '+++' | 'diff --git' }

/** Works out which file each section changes, and whether the assignment lets the student change it that way. */
class FileResolver {
  readonly errors: PatchError[] = []
  private readonly prefixes: { old?: { prefix: string; line: number }; new?: { prefix: string; line: number } } = {}
  private readonly seen = new Map<string, number>()

  constructor(private readonly policy: PatchPolicy) {}

  resolve(file: FileDiff): ResolvedFile {
    const fileErrors: PatchError[] = []
    const add = (code: PatchErrorCode, line: number, message: string, display?: string) =>
      fileErrors.push({ code, line, message: atLine(line, message), ...(display ? { file: display } : {}) })

    // What kind of change the headers describe.
    let created = file.oldFile?.path === null
    let deleted = file.newFile?.path === null
    let gitNew = false
    let gitDeleted = false
    const kindProblems: Array<[PatchErrorCode, number, string]> = []
    let modeReported = false
    const renameHeaders = file.headers.filter((h) => RENAME_KEYWORDS.has(h.keyword))
    if (renameHeaders.length) {
      const copy = renameHeaders.find((h) => h.keyword === 'copy from')
      const rename = renameHeaders.find((h) => h.keyword === 'rename from' || h.keyword === 'rename old')
      const why = copy
        ? `git describes this file as a copy of ${show(copy.value)} ("copy from"). Copies are not accepted; regenerate the patch with plain "git diff" (without -C or --find-copies-harder).`
        : rename
          ? `git describes this file as renamed from ${show(rename.value)} ("rename from"). Renamed files are not accepted: change files in place, or regenerate with "git diff --no-renames" if git only guessed a rename.`
          : `"${renameHeaders[0]!.keyword} ${renameHeaders[0]!.value}": renamed or copied files are not accepted. Regenerate the patch with "git diff --no-renames".`
      kindProblems.push(['rename-or-copy', renameHeaders[0]!.line, why])
    }
    for (const h of file.headers) {
      if (RENAME_KEYWORDS.has(h.keyword)) continue
      if (h.keyword === 'old mode' || h.keyword === 'new mode') {
        if (h.value === '120000') {
          kindProblems.push(['symlink', h.line, 'the patch turns a file into a symbolic link or back; symbolic links are not accepted.'])
        } else if (!modeReported) {
          modeReported = true
          kindProblems.push([
            'mode-change',
            h.line,
            `"${h.keyword} ${h.value}": the patch changes file permissions (e.g. chmod +x), which is not accepted. Undo it with "chmod 644 <file>" (or "git config core.fileMode false") and regenerate the patch.`,
          ])
        }
      } else if (h.keyword === 'new file mode' || h.keyword === 'deleted file mode') {
        const isNew = h.keyword === 'new file mode'
        if (h.value === '100644' || (!isNew && h.value === '100755')) {
          if (isNew) gitNew = true
          else gitDeleted = true
        } else if (h.value === '100755') {
          gitNew = true
          kindProblems.push([
            'mode-change',
            h.line,
            'the new file is executable (mode 100755); new files must be ordinary files. Run "chmod 644 <file>" and regenerate the patch.',
          ])
        } else if (h.value === '120000') {
          kindProblems.push(['symlink', h.line, `the patch ${isNew ? 'creates' : 'deletes'} a symbolic link; symbolic links are not accepted.`])
        } else {
          kindProblems.push([
            'unsupported-file-mode',
            h.line,
            `"${h.keyword} ${h.value}" is not an ordinary file (${h.value === '160000' ? 'a git submodule' : 'unknown mode'}); only ordinary files may be changed.`,
          ])
        }
      } else if (h.keyword === 'index') {
        const m = INDEX_LINE.exec(h.value)
        if (!m) {
          kindProblems.push([
            'bad-file-header',
            h.line,
            `"index ${show(h.value, 40).slice(1, -1)}" is not a valid git index line. Regenerate the patch instead of editing it.`,
          ])
        } else if (m[3] === '120000') {
          kindProblems.push(['symlink', h.line, 'this file is a symbolic link; symbolic links may not be changed.'])
        } else if (m[3] !== undefined && m[3] !== '100644' && m[3] !== '100755') {
          kindProblems.push([
            'unsupported-file-mode',
            h.line,
            `mode ${m[3]} is not an ordinary file (${m[3] === '160000' ? 'a git submodule' : 'unknown mode'}); only ordinary files may be changed.`,
          ])
        }
      }
    }
    if (file.binary) {
      kindProblems.push([
        'binary-patch',
        file.binary.line,
        "binary changes cannot be submitted. Remove compiled or generated files from your changes (e.g. \"git diff -- '*.c' '*.h'\").",
      ])
    }
    // GNU diff -N marks a file that does not exist with an empty range and a timestamp at the Unix epoch.
    const only = file.hunks.length === 1 ? file.hunks[0]! : undefined
    if (file.format === 'unified' && only) {
      if (!created && only.oldStart === 0 && only.oldCount === 0 && isEpochTimestamp(file.oldFile?.timestamp)) created = true
      if (!deleted && only.newStart === 0 && only.newCount === 0 && isEpochTimestamp(file.newFile?.timestamp)) deleted = true
    }
    if (gitNew && file.oldFile && !created) {
      kindProblems.push([
        'bad-create-or-delete',
        file.oldFile.line,
        'the header says "new file mode" but the "---" line names an existing file instead of /dev/null. Regenerate the patch instead of editing it.',
      ])
    }
    if (gitDeleted && file.newFile && !deleted) {
      kindProblems.push([
        'bad-create-or-delete',
        file.newFile.line,
        'the header says "deleted file mode" but the "+++" line names a file instead of /dev/null. Regenerate the patch instead of editing it.',
      ])
    }
    created ||= gitNew && !file.oldFile
    deleted ||= gitDeleted && !file.newFile
    if (created && deleted) {
      kindProblems.push(['bad-create-or-delete', file.line, 'both sides of this file are /dev/null, so it names no file at all.'])
    }

    // Which path each header line names.
    const entries: PathEntry[] = []
    if (file.oldFile?.path != null) entries.push({ raw: file.oldFile.path, line: file.oldFile.line, side: 'old', source: '---' })
    if (file.newFile?.path != null) entries.push({ raw: file.newFile.path, line: file.newFile.line, side: 'new', source: '+++' })
    if (file.format === 'git') {
      if (file.gitPaths) {
        entries.push({ raw: file.gitPaths.old, line: file.gitPaths.line, side: 'old', source: 'diff --git' })
        entries.push({ raw: file.gitPaths.new, line: file.gitPaths.line, side: 'new', source: 'diff --git' })
      } else if (!file.oldFile) {
        add('bad-file-header', file.line, 'cannot read the two file names on this "diff --git" line. Regenerate the patch with "git diff".')
      }
    }
    const primary =
      entries.find((e) => e.source !== 'diff --git' && e.side === (created ? 'new' : 'old')) ??
      entries.find((e) => e.side === (created ? 'new' : 'old')) ??
      entries[0]
    let display = primary ? printable(stripOneComponent(primary.raw)?.rel ?? primary.raw) : undefined
    for (const [code, line, message] of kindProblems) add(code, line, message, display)

    const result: ResolvedFile = { display, created, deleted }
    if (!primary) {
      this.errors.push(...fileErrors)
      return result
    }

    // Path safety, on every distinct name the headers mention ("a/x" and "b/x" are the same name).
    let usable = true
    const checked = new Set<string>()
    for (const entry of entries) {
      const name = stripOneComponent(entry.raw)?.rel ?? entry.raw
      if (checked.has(name)) continue
      checked.add(name)
      const problem = checkRawPath(entry.raw)
      if (problem) {
        add(problem.code, entry.line, problem.message, problem.code === 'path-absolute' ? printable(entry.raw) : printable(name))
        usable = false
      }
    }
    if (!usable) {
      this.errors.push(...fileErrors)
      return result
    }

    // -p1: strip exactly one leading directory from every name.
    const stripped = new Map<PathEntry, string>()
    for (const entry of entries) {
      const s = stripOneComponent(entry.raw)
      const looksLikeP0 =
        s && (CPYTHON_TOP_LEVEL_DIRS as readonly string[]).includes(s.prefix) && !(CPYTHON_TOP_LEVEL_DIRS as readonly string[]).includes(s.rel.split('/')[0]!)
      if (!s || looksLikeP0) {
        if (usable) {
          add(
            'missing-prefix',
            entry.line,
            `path ${show(entry.raw)} has no a/ or b/ directory in front of it. Patches are applied like "patch -p1", which strips the first directory, so this looks like a patch made with "git diff --no-prefix" or from inside a subdirectory. Regenerate it with plain "git diff" from the top of the CPython tree (or "diff -ruN Python-2.7.8.orig Python-2.7.8" from the directory above it).`,
            entry.raw,
          )
        }
        usable = false
        continue
      }
      stripped.set(entry, s.rel)
      const seenPrefix = this.prefixes[entry.side]
      if (!seenPrefix) {
        this.prefixes[entry.side] = { prefix: s.prefix, line: entry.line }
      } else if (seenPrefix.prefix !== s.prefix && usable) {
        add(
          'inconsistent-prefix',
          entry.line,
          `the ${entry.side} file name starts with "${s.prefix}/", but line ${seenPrefix.line} uses "${seenPrefix.prefix}/". Every ${entry.side === 'old' ? '"---"' : '"+++"'} path in the patch must start with the same one directory (the patch is applied with -p1). Regenerate the whole patch with one "git diff" command.`,
          s.rel,
        )
        usable = false
      }
    }
    if (!usable) {
      this.errors.push(...fileErrors)
      return result
    }

    const rel = stripped.get(primary)!
    display = rel
    result.display = rel
    // A refused kind of change (rename, symlink, binary, mode) explains everything else that is odd about the section;
    // only the path safety checks above still apply.
    if (kindProblems.length) {
      this.errors.push(...fileErrors)
      return result
    }
    for (const entry of entries) {
      const other = stripped.get(entry)!
      if (other !== rel) {
        add(
          'path-mismatch',
          entry.line,
          `the ${entry.source === 'diff --git' ? '"diff --git" line' : `"${entry.source}" line`} names ${show(other)} but line ${primary.line} names ${show(rel)}. Each file section must change one file in place (renames are not accepted); regenerate the patch with "git diff".`,
          rel,
        )
        usable = false
        break
      }
    }
    const relProblem = checkRelativePath(rel, primary.raw)
    if (relProblem) {
      add(relProblem.code, primary.line, relProblem.message, printable(rel))
      usable = false
    }
    if (!usable) {
      this.errors.push(...fileErrors)
      return result
    }
    result.rel = rel

    const firstLine = this.seen.get(rel)
    if (firstLine !== undefined) {
      add(
        'duplicate-file',
        file.line,
        `${show(rel)} appears a second time (first at line ${firstLine}). Each file may appear once; combine your changes into one diff with "git diff".`,
        rel,
      )
    } else {
      this.seen.set(rel, file.line)
    }

    this.checkPolicy(rel, primary.line, created, deleted, add)
    checkHunkShape(file, rel, created, deleted, add)
    checkHunkOrder(file.hunks, rel, add)
    this.errors.push(...fileErrors)
    return result
  }

  private checkPolicy(
    rel: string,
    line: number,
    created: boolean,
    deleted: boolean,
    add: (code: PatchErrorCode, line: number, message: string, display?: string) => void,
  ): void {
    const { policy } = this
    if (created) {
      if (!matchesAnyGlob(rel, policy.allowCreate)) {
        add(
          'create-not-allowed',
          line,
          `the patch creates ${show(rel)}, but this assignment ${policy.allowCreate?.length ? `only lets you create files matching ${listGlobs(policy.allowCreate)}` : 'does not let you create new files'}.`,
          rel,
        )
      } else if (policy.pristineHas(rel)) {
        add(
          'create-existing-file',
          line,
          `the patch creates ${show(rel)}, but CPython 2.7.8 already has that file. Modify it instead (the "---" line should name a/${rel}, not /dev/null).`,
          rel,
        )
      }
      return
    }
    if (deleted) {
      if (!matchesAnyGlob(rel, policy.allowDelete)) {
        add(
          'delete-not-allowed',
          line,
          `the patch deletes ${show(rel)}, but this assignment ${policy.allowDelete?.length ? `only lets you delete files matching ${listGlobs(policy.allowDelete)}` : 'does not let you delete files'}.`,
          rel,
        )
      } else if (!policy.pristineHas(rel)) {
        add('path-not-in-tree', line, `the patch deletes ${show(rel)}, but CPython 2.7.8 has no such file.`, rel)
      }
      return
    }
    if (!matchesAnyGlob(rel, policy.allowedPaths)) {
      add(
        'path-not-allowed',
        line,
        `${show(rel)} may not be changed in this assignment; it allows ${policy.allowedPaths.length ? listGlobs(policy.allowedPaths) : 'no changes to existing files'}.`,
        rel,
      )
    } else if (!policy.pristineHas(rel)) {
      add('path-not-in-tree', line, `CPython 2.7.8 has no file ${show(rel)}. Check the spelling and that your patch is against the 2.7.8 sources.`, rel)
    }
  }
}

function checkHunkShape(
  file: FileDiff,
  rel: string,
  created: boolean,
  deleted: boolean,
  add: (code: PatchErrorCode, line: number, message: string, display?: string) => void,
): void {
  if (!file.hunks.length) return
  const first = file.hunks[0]!
  if (created && (file.hunks.length !== 1 || first.oldStart !== 0 || first.oldCount !== 0)) {
    add(
      'bad-create-or-delete',
      first.line,
      `${show(rel)} is a new file, so its patch must be a single hunk starting "@@ -0,0 +1,…"; regenerate the patch.`,
      rel,
    )
  }
  if (deleted && (file.hunks.length !== 1 || first.newStart !== 0 || first.newCount !== 0)) {
    add('bad-create-or-delete', first.line, `${show(rel)} is deleted, so its patch must be a single hunk ending "+0,0 @@"; regenerate the patch.`, rel)
  }
}

/**
 * Hunks must come in file order and must not overlap, on both sides. An empty range ("-5,0") sits between two lines,
 * so positions are counted in half lines: line n is 2n, the gap after it 2n+1.
 */
function checkHunkOrder(hunks: Hunk[], rel: string, add: (code: PatchErrorCode, line: number, message: string, display?: string) => void): void {
  const span = (start: number, count: number) => (count > 0 ? { lo: 2 * start, hi: 2 * (start + count - 1) } : { lo: 2 * start + 1, hi: 2 * start + 1 })
  const describe = (start: number, count: number) =>
    count > 0 ? `${count === 1 ? `line ${start}` : `lines ${start}–${start + count - 1}`}` : `the gap after line ${start}`
  for (let k = 1; k < hunks.length; k++) {
    const prev = hunks[k - 1]!
    const next = hunks[k]!
    if (!prev.complete || !next.complete) continue
    for (const side of ['old', 'new'] as const) {
      const [ps, pc, ns, nc] =
        side === 'old' ? [prev.oldStart, prev.oldCount, next.oldStart, next.oldCount] : [prev.newStart, prev.newCount, next.newStart, next.newCount]
      const a = span(ps, pc)
      const b = span(ns, nc)
      if (b.lo < a.lo) {
        add(
          'hunks-out-of-order',
          next.line,
          `this hunk starts at ${side} ${describe(ns, nc)}, before the previous hunk (line ${prev.line}, ${side} ${describe(ps, pc)}). Hunks must be in file order; regenerate the patch instead of rearranging it.`,
          rel,
        )
        break
      }
      if (b.lo <= a.hi) {
        add(
          'hunks-overlap',
          next.line,
          `this hunk (${side} ${describe(ns, nc)}) overlaps the previous hunk at line ${prev.line} (${side} ${describe(ps, pc)}). Regenerate the patch instead of combining hunks by hand.`,
          rel,
        )
        break
      }
    }
  }
}

/** A path as it may appear in the `file` field: control and invisible characters written as \u{…}. */
function printable(path: string): string {
  return show(path, 10_000).slice(1, -1)
}

function count(hunks: Hunk[], kind: 'add' | 'remove'): number {
  return hunks.reduce((n, h) => n + h.lines.filter((l) => l.kind === kind).length, 0)
}

function listGlobs(globs: readonly string[]): string {
  const shown = globs.slice(0, 8).map((g) => `"${g}"`)
  return shown.join(', ') + (globs.length > 8 ? ` and ${globs.length - 8} more` : '')
}

function formatSize(bytes: number): string {
  return bytes >= 1024 ? `${Math.round((bytes / 1024) * 10) / 10} KiB` : `${bytes} bytes`
}

/** Problems with the patch as a whole come first (they often explain the rest), then the others in line order. */
const PATCH_LEVEL_CODES = new Set<PatchErrorCode>(['mixed-line-endings', 'bare-carriage-return', 'too-many-files'])

function fail(errors: PatchError[], max: number = PATCH_LIMITS.maxErrors): PatchValidation {
  const rank = (e: PatchError) => (PATCH_LEVEL_CODES.has(e.code) ? 0 : 1)
  const sorted = errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || (a.e.line ?? 0) - (b.e.line ?? 0) || a.i - b.i)
    .map(({ e }) => e)
  if (sorted.length <= max) return { ok: false, errors: sorted }
  const shown = sorted.slice(0, max)
  shown.push({ code: 'too-many-errors', message: `… and ${sorted.length - max} more problems. Fix the ones above and submit again.` })
  return { ok: false, errors: shown }
}
