/**
 * A strict parser for unified diffs as written by `git diff`, `git format-patch` and GNU `diff -u` / `diff -ruN`.
 *
 * The hunk header's line counts are authoritative: a hunk ends exactly when its counts are used up, so a line such as
 * `--- a/x` inside a hunk is a removed line when the counts say so, and a file header only after the counts say the
 * hunk is over. This is how `git apply` reads a hunk too, and it is what makes the re-rendered patch (see render.ts)
 * apply exactly what was checked.
 *
 * The parser only reads structure. What the paths and headers mean (allowed? renames? modes?) is decided in
 * validate.ts. Every line keeps its 1-based line number in the patch so that messages can point at it.
 */
import { atLine, show, type PatchErrorCode } from './errors'

export type HunkLineKind = 'context' | 'add' | 'remove'

export type HunkLine = {
  kind: HunkLineKind
  /** The line's content without its one-character prefix. */
  text: string
  /** 1-based line number in the patch. */
  line: number
  /** Followed by `\ No newline at end of file`. */
  noNewlineAtEnd: boolean
}

export type Hunk = {
  oldStart: number
  oldCount: number
  newStart: number
  newCount: number
  /** Text after the closing `@@` (git puts the enclosing function's name there). */
  section: string
  /** Line number of the `@@` header. */
  line: number
  lines: HunkLine[]
  /** False when the hunk body did not match its header; such a hunk is reported and never applied. */
  complete: boolean
}

export type FileHeaderPath = {
  /** The path as written (quotes removed), or null for /dev/null. */
  path: string | null
  /** Whatever followed the path after a tab (diff -u writes a timestamp there). */
  timestamp?: string
  line: number
}

export type ExtendedHeader = { keyword: string; value: string; line: number }

export type FileDiff = {
  /** Line of the first header line of this file (`diff --git`, `diff -ruN …` or `---`). */
  line: number
  format: 'git' | 'unified'
  /** Paths from a `diff --git a/X b/Y` line; null when the line could not be split unambiguously. */
  gitPaths?: { old: string; new: string; line: number } | null
  /** From the `---` line. */
  oldFile?: FileHeaderPath
  /** From the `+++` line. */
  newFile?: FileHeaderPath
  /** git extended header lines: `new file mode`, `rename from`, `index`, … */
  headers: ExtendedHeader[]
  /** `GIT binary patch` or `Binary files … differ`. */
  binary?: { line: number; text: string }
  hunks: Hunk[]
}

export type ParseIssueCode = Extract<
  PatchErrorCode,
  | 'bad-file-header'
  | 'file-without-hunks'
  | 'hunk-outside-file'
  | 'hunk-header-malformed'
  | 'hunk-truncated'
  | 'hunk-count-mismatch'
  | 'hunk-bad-line'
  | 'garbage-between-hunks'
  | 'no-newline-misplaced'
  | 'context-diff'
  | 'ed-diff'
  | 'normal-diff'
  | 'combined-diff'
  | 'binary-patch'
  | 'diff-only-in'
>

export type ParseIssue = {
  code: ParseIssueCode
  line: number
  message: string
  /** Index into `files` of the file the problem belongs to, when there is one. */
  fileIndex?: number
}

export type ParsedPatch = {
  files: FileDiff[]
  issues: ParseIssue[]
  /** Number of lines before the first file header (commit message, `git format-patch` mail headers, …). */
  preambleLines: number
  /** Line where an allowed trailer starts (blank lines, or a `-- ` mail signature), if any. */
  trailerLine?: number
  /** Total number of lines. */
  lineCount: number
}

const HUNK_HEADER = /^@@ -(\d{1,9})(?:,(\d{1,9}))? \+(\d{1,9})(?:,(\d{1,9}))? @@(?: (.*))?$/
const EXTENDED_HEADER =
  /^(old mode|new mode|deleted file mode|new file mode|copy from|copy to|rename from|rename to|rename old|rename new|similarity index|dissimilarity index|index) (.*)$/
const CONTEXT_HUNK_SEPARATOR = /^\*{15}$/
const NORMAL_COMMAND = /^\d+(,\d+)?[acd]\d+(,\d+)?$/
const ED_COMMAND = /^\d+(,\d+)?[acd]$/
const RCS_COMMAND = /^[ad]\d+ \d+$/
const FROM_MBOX = /^From [0-9a-f]{40} /

// Lines of the patch are the student's (up to 512 KiB, and one line may be all of it), so each rule below reads a
// line in linear time. Where a regular expression would need two quantifiers that trade characters (`(.+) and (.+)`,
// `.+: .+`, `(\S.*?) +timestamp`), the line is scanned by hand instead, with the same meaning; those patterns were
// quadratic (a 512 KiB "Binary files" line of repeated " and ": about a minute).

/** What `.` does not match. */
const isLineTerminator = (code: number) => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029

function hasLineTerminator(text: string, from = 0, to = text.length): boolean {
  for (let i = from; i < to; i++) if (isLineTerminator(text.charCodeAt(i))) return true
  return false
}

/** `^Binary files (.+) and (.+) differ$`: the two names, split at the last " and " that leaves both non-empty. */
export function matchBinaryDiffer(line: string): [string, string] | null {
  const head = 'Binary files '
  const tail = ' differ'
  if (!line.startsWith(head) || !line.endsWith(tail) || line.length < head.length + tail.length) return null
  const middle = line.slice(head.length, line.length - tail.length)
  if (hasLineTerminator(middle)) return null
  // greedy first group: the last separator with at least one character after it (and one before)
  const at = middle.lastIndexOf(' and ', middle.length - 6)
  return at >= 1 ? [middle.slice(0, at), middle.slice(at + 5)] : null
}

/** `^Only in .+: .+$` */
export function matchOnlyIn(line: string): boolean {
  if (!line.startsWith('Only in ')) return false
  const rest = line.slice(8)
  if (hasLineTerminator(rest)) return false
  const colon = rest.indexOf(': ', 1)
  return colon >= 1 && colon + 2 < rest.length
}

const TIMESTAMP_AT = /(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4})$/y

/**
 * `^(\S.*?) +(timestamp)$`: the shortest name followed by spaces and a timestamp that ends the line. Only the start
 * of a run of spaces can end the name (a timestamp never starts with a space), and each attempt reads the timestamp
 * in place (a sticky regex, no copy), so the whole line is read about once.
 */
export function splitSpaceTimestamp(rest: string): [string, string] | null {
  if (rest === '' || rest[0]!.trim() === '') return null
  for (let i = 1; i < rest.length; i++) {
    const code = rest.charCodeAt(i)
    if (isLineTerminator(code)) return null
    if (code !== 0x20) continue
    let j = i
    while (j < rest.length && rest.charCodeAt(j) === 0x20) j++
    TIMESTAMP_AT.lastIndex = j
    if (TIMESTAMP_AT.test(rest)) return [rest.slice(0, i), rest.slice(j)]
    i = j - 1
  }
  return null
}

/** Split into lines on "\n". A final newline does not start an extra, empty line. */
export function splitPatchLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

export function parsePatch(text: string): ParsedPatch {
  return new PatchParser(splitPatchLines(text)).parse()
}

class PatchParser {
  private i = 0
  private readonly files: FileDiff[] = []
  private readonly issues: ParseIssue[] = []
  private preambleLines = 0
  private trailerLine: number | undefined
  /** The hunk that ended on the line just before `i`, to tell "too many lines in the hunk" from other junk. */
  private justEnded: Hunk | undefined
  private readonly preambleCodes = new Set<string>()
  private readonly filesWithBrokenHunks = new Set<number>()
  // Precomputed so that no check rescans the rest of the patch (a 512 KiB patch can have 500k lines).
  private readonly lastDiffLike: number
  private readonly lastDot: number
  private readonly lastMbox: number
  private readonly nextNonBlank: Int32Array

  constructor(private readonly lines: string[]) {
    let lastDiffLike = -1
    let lastDot = -1
    let lastMbox = -1
    this.nextNonBlank = new Int32Array(lines.length + 1)
    this.nextNonBlank[lines.length] = lines.length
    for (let j = lines.length - 1; j >= 0; j--) {
      this.nextNonBlank[j] = lines[j]!.trim() === '' ? this.nextNonBlank[j + 1]! : j
    }
    for (let j = 0; j < lines.length; j++) {
      const line = lines[j]!
      if (line.startsWith('@@') || this.isFileStart(j)) lastDiffLike = j
      if (line === '.') lastDot = j
      if (FROM_MBOX.test(line)) lastMbox = j
    }
    this.lastDiffLike = lastDiffLike
    this.lastDot = lastDot
    this.lastMbox = lastMbox
  }

  parse(): ParsedPatch {
    const { lines } = this
    while (this.i < lines.length) {
      const i = this.i
      const line = lines[i]!
      if (this.isFileStart(i)) {
        this.parseFile()
        continue
      }
      const current = this.files[this.files.length - 1]
      if (line.startsWith('@@')) {
        if (current && !current.binary) {
          this.parseHunk(current, this.files.length - 1)
        } else {
          this.issue(
            'hunk-outside-file',
            i,
            'this hunk ("@@ … @@") has no file header before it. Each file needs "--- a/path" and "+++ b/path" lines first; regenerate the patch with "git diff" instead of copying hunks by hand.',
          )
          this.i++
          this.skipWhile((l) => /^[ +\-\\]/.test(l) || l === '')
        }
        continue
      }
      if (!current) {
        this.readPreambleLine(i)
        this.preambleLines = i + 1
        this.i++
        continue
      }
      if (this.isTrailer(i)) {
        this.trailerLine = i + 1
        break
      }
      const ended = this.justEnded
      // Lines that look like more of the hunk mean its counts are wrong; "-- " alone is a mail signature, though.
      if (ended && /^[ +-]/.test(line) && line !== '-- ') {
        this.reportCountMismatch(ended, this.files.length - 1)
        if (this.i === i) this.i++
        continue
      }
      this.readGarbage(i, this.files.length - 1)
    }
    return {
      files: this.files,
      issues: this.issues,
      preambleLines: this.files.length ? this.preambleLines : lines.length,
      trailerLine: this.trailerLine,
      lineCount: lines.length,
    }
  }

  // ---- recognising lines -------------------------------------------------------------------------------------

  private isPlainPair(i: number): boolean {
    return (this.lines[i]?.startsWith('--- ') ?? false) && (this.lines[i + 1]?.startsWith('+++ ') ?? false)
  }

  /** A `diff -ruN old new` command line as GNU diff prints it in front of each file. */
  private isDiffCommand(i: number): boolean {
    const line = this.lines[i]!
    if (!line.startsWith('diff ') || line.startsWith('diff --git ') || isCombinedHeader(line)) return false
    return this.isPlainPair(i + 1) || matchBinaryDiffer(this.lines[i + 1] ?? '') !== null
  }

  private isFileStart(i: number): boolean {
    const line = this.lines[i]
    if (line === undefined) return false
    return line.startsWith('diff --git ') || isCombinedHeader(line) || this.isDiffCommand(i) || this.isPlainPair(i)
  }

  /** Blank lines to the end, or a `git format-patch` signature ("-- " then the git version) with nothing diff-like after. */
  private isTrailer(i: number): boolean {
    const j = this.nextNonBlank[i]!
    if (j === this.lines.length) return true
    return this.lines[j] === '-- ' && j > this.lastDiffLike
  }

  // ---- outside any file ---------------------------------------------------------------------------------------

  /** Text before the first file is allowed, but other diff formats hidden in it are reported: `patch` would apply them. */
  private readPreambleLine(i: number): void {
    const found = this.foreignFormat(i)
    if (found && !this.preambleCodes.has(found.code)) {
      this.preambleCodes.add(found.code)
      this.issue(found.code, i, found.message)
    }
  }

  private readGarbage(i: number, fileIndex: number): void {
    const line = this.lines[i]!
    const found = this.foreignFormat(i)
    if (found) {
      this.issue(found.code, i, found.message, fileIndex)
    } else {
      let message: string
      if (line.trim() === '') {
        message =
          'blank line between hunks. Nothing may appear between hunks or files; if this was a context line of the hunk above, it lost its leading space (an editor trimmed trailing whitespace). Regenerate the patch instead of editing it.'
      } else if (this.lastMbox > i) {
        message = `unexpected text ${show(line, 60)} after a file's hunks: this looks like several "git format-patch" emails pasted together. Submit one diff of all your changes, e.g. "git diff v2.7.8 > hw.diff".`
      } else {
        message = `unexpected text ${show(line, 60)} after a hunk. Text is allowed before the first file header (a commit message) but not between hunks or files; remove it or regenerate the patch.`
      }
      this.issue('garbage-between-hunks', i, message, fileIndex)
    }
    this.i = i + 1
    this.justEnded = undefined
    // Skip the rest of the junk, still pointing out content that would be lost (binary files, files diff -r skipped).
    while (this.i < this.lines.length) {
      const j = this.i
      if (this.isFileStart(j) || this.lines[j]!.startsWith('@@') || this.isTrailer(j)) break
      const more = this.foreignFormat(j)
      if (more && (more.code === 'binary-patch' || more.code === 'diff-only-in')) this.issue(more.code, j, more.message, fileIndex)
      this.i++
    }
  }

  private foreignFormat(i: number): { code: ParseIssueCode; message: string } | undefined {
    const line = this.lines[i]!
    const next = this.lines[i + 1] ?? ''
    const binary = matchBinaryDiffer(line)
    if (binary || line === 'GIT binary patch') {
      return {
        code: 'binary-patch',
        message: `${binary ? `binary file ${show(binary[1])} changed` : 'a binary patch'}: binary changes cannot be submitted. Remove compiled or generated files from your changes (e.g. "git diff -- '*.c' '*.h'").`,
      }
    }
    if (matchOnlyIn(line)) {
      return {
        code: 'diff-only-in',
        message: `${show(line)}: "diff -r" skipped a file that exists on one side only, so the patch would silently lose it. Regenerate with "diff -ruN" (the N includes new files) or with "git diff".`,
      }
    }
    if (isCombinedHeader(line) || line.startsWith('@@@')) {
      return {
        code: 'combined-diff',
        message: 'this is a combined diff of a merge ("diff --cc"), which cannot be applied. Submit a plain "git diff" against the CPython 2.7.8 sources.',
      }
    }
    if (CONTEXT_HUNK_SEPARATOR.test(line) || (/^\*\*\* \S/.test(line) && /^--- \S/.test(next))) {
      return {
        code: 'context-diff',
        message:
          'this is a context diff ("diff -c", with "***" and "---" sections). Only unified diffs are accepted: regenerate with "git diff" or "diff -ruN".',
      }
    }
    if (NORMAL_COMMAND.test(line) && /^[<>]( |$)/.test(next)) {
      return {
        code: 'normal-diff',
        message: `${show(line)} starts a "normal" diff (plain "diff" without -u). Only unified diffs are accepted: regenerate with "git diff" or "diff -ruN".`,
      }
    }
    if (RCS_COMMAND.test(line) || (ED_COMMAND.test(line) && (line.endsWith('d') || this.lastDot > i))) {
      return {
        code: 'ed-diff',
        message: `${show(line)} is an ed script command ("diff -e"/"diff -n"). Ed-style diffs are not accepted: regenerate with "git diff" or "diff -ruN".`,
      }
    }
    return undefined
  }

  // ---- files --------------------------------------------------------------------------------------------------

  private parseFile(): void {
    const { lines } = this
    const start = this.i
    const first = lines[start]!
    this.justEnded = undefined

    if (isCombinedHeader(first)) {
      this.issue(
        'combined-diff',
        start,
        'this is a combined diff of a merge ("diff --cc"), which cannot be applied. Submit a plain "git diff" against the CPython 2.7.8 sources.',
      )
      this.i++
      // Its own ---/+++ lines and @@@ hunks belong to it: skip to the next diff command.
      this.skipWhile((l, j) => !l.startsWith('diff --git ') && !isCombinedHeader(l) && !this.isDiffCommand(j))
      return
    }

    const file: FileDiff = { line: start + 1, format: first.startsWith('diff --git ') ? 'git' : 'unified', headers: [], hunks: [] }
    const fileIndex = this.files.length
    this.files.push(file)

    if (file.format === 'git') {
      file.gitPaths = parseGitHeaderPaths(first.slice('diff --git '.length), start + 1)
      this.i++
      this.parseGitExtendedHeaders(file, fileIndex)
    } else if (this.isDiffCommand(start)) {
      this.i++
      const binary = matchBinaryDiffer(lines[this.i]!)
      if (binary) {
        file.binary = { line: this.i + 1, text: lines[this.i]! }
        this.i++
        return
      }
    }

    if (this.isPlainPair(this.i)) {
      file.oldFile = parseFileHeaderLine(lines[this.i]!, this.i + 1)
      file.newFile = parseFileHeaderLine(lines[this.i + 1]!, this.i + 2)
      this.i += 2
    } else if (lines[this.i]?.startsWith('--- ') && !file.binary) {
      this.issue('bad-file-header', this.i, `${show(lines[this.i]!)} must be followed by a "+++ " line naming the new file.`, fileIndex)
      this.i++
    }

    while (this.i < lines.length && lines[this.i]!.startsWith('@@') && !file.binary) this.parseHunk(file, fileIndex)

    if (file.hunks.length === 0 && !file.binary) {
      const onlyPlainHeaders = file.headers.every(
        (h) => h.keyword === 'index' || ((h.keyword === 'new file mode' || h.keyword === 'deleted file mode') && h.value === '100644'),
      )
      if ((file.oldFile || onlyPlainHeaders) && !this.filesWithBrokenHunks.has(fileIndex)) {
        this.issue(
          'file-without-hunks',
          start,
          'this file header is not followed by any hunk ("@@ -a,b +c,d @@"). A file must change at least one line; empty files cannot be created or changed with a patch.',
          fileIndex,
        )
      }
    }
  }

  private parseGitExtendedHeaders(file: FileDiff, fileIndex: number): void {
    const { lines } = this
    let reported = false
    while (this.i < lines.length) {
      const line = lines[this.i]!
      if (line.startsWith('--- ') || line.startsWith('@@') || this.isFileStart(this.i)) return
      if (line === 'GIT binary patch' || matchBinaryDiffer(line) !== null) {
        file.binary = { line: this.i + 1, text: line }
        this.i++
        // Skip the base85 body of a git binary patch: it ends at the next file.
        this.skipWhile((_, j) => !this.isFileStart(j))
        return
      }
      const m = EXTENDED_HEADER.exec(line)
      if (m) {
        file.headers.push({ keyword: m[1]!, value: m[2]!, line: this.i + 1 })
      } else if (!reported) {
        reported = true
        this.issue(
          'bad-file-header',
          this.i,
          `unexpected line ${show(line, 60)} in the header of a "diff --git" file section (expected "index", "new file mode", "---", …). Regenerate the patch instead of editing it.`,
          fileIndex,
        )
      }
      this.i++
    }
  }

  // ---- hunks --------------------------------------------------------------------------------------------------

  private parseHunk(file: FileDiff, fileIndex: number): void {
    const { lines } = this
    const headerIndex = this.i
    const header = lines[headerIndex]!
    const m = HUNK_HEADER.exec(header)
    this.justEnded = undefined
    if (!m) {
      if (header.startsWith('@@@')) {
        this.issue('combined-diff', headerIndex, 'this is a combined diff of a merge ("@@@"), which cannot be applied. Submit a plain "git diff".', fileIndex)
      } else {
        this.issue(
          'hunk-header-malformed',
          headerIndex,
          `hunk header ${show(header, 60)} is malformed; it must look like "@@ -12,7 +12,8 @@" (old start,count then new start,count).`,
          fileIndex,
        )
      }
      this.filesWithBrokenHunks.add(fileIndex)
      this.i++
      this.skipWhile((l, j) => !l.startsWith('@@') && !this.isFileStart(j) && (/^[ +\-\\]/.test(l) || l === ''))
      return
    }
    const hunk: Hunk = {
      oldStart: Number(m[1]),
      oldCount: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newCount: m[4] === undefined ? 1 : Number(m[4]),
      section: m[5] ?? '',
      line: headerIndex + 1,
      lines: [],
      complete: true,
    }
    file.hunks.push(hunk)

    const previous = file.hunks[file.hunks.length - 2]
    if (previous?.lines.some((l) => l.noNewlineAtEnd)) {
      this.issue(
        'no-newline-misplaced',
        headerIndex,
        `this hunk comes after the end of the file: the hunk at line ${previous.line} already marked its last line with "\\ No newline at end of file".`,
        fileIndex,
      )
    }
    const headerProblem = describeBadRanges(hunk)
    if (headerProblem) {
      this.issue('hunk-header-malformed', headerIndex, `hunk header ${show(header, 60)}: ${headerProblem}`, fileIndex)
      hunk.complete = false
      this.filesWithBrokenHunks.add(fileIndex)
      this.i++
      this.skipWhile((l, j) => !l.startsWith('@@') && !this.isFileStart(j) && (/^[ +\-\\]/.test(l) || l === ''))
      return
    }

    this.i++
    let oldLeft = hunk.oldCount
    let newLeft = hunk.newCount
    let oldEnded = false
    let newEnded = false
    while (oldLeft > 0 || newLeft > 0) {
      if (this.i >= lines.length) {
        hunk.complete = false
        this.filesWithBrokenHunks.add(fileIndex)
        this.issue(
          'hunk-truncated',
          headerIndex,
          `the patch ends in the middle of this hunk: its header promises ${plural(oldLeft, 'more old line')} and ${plural(newLeft, 'more new line')}. Was the patch cut off when it was copied? Regenerate it and submit the whole file.`,
          fileIndex,
        )
        return
      }
      const line = lines[this.i]!
      const c = line[0]
      // An empty line is an empty context line whose leading space was trimmed; git apply and patch read it that way.
      const kind: HunkLineKind | undefined = line === '' || c === ' ' ? 'context' : c === '-' ? 'remove' : c === '+' ? 'add' : undefined
      if (c === '\\') {
        const last = hunk.lines[hunk.lines.length - 1]
        if (this.markNoNewline(hunk, last, fileIndex) && last) {
          if (last.kind !== 'add') oldEnded = true
          if (last.kind !== 'remove') newEnded = true
        }
        this.i++
        continue
      }
      if (kind === undefined) {
        if (line.startsWith('@@') || this.isFileStart(this.i)) {
          this.reportCountMismatch(hunk, fileIndex)
        } else {
          hunk.complete = false
          this.filesWithBrokenHunks.add(fileIndex)
          this.issue(
            'hunk-bad-line',
            this.i,
            `inside the hunk that starts at line ${hunk.line}, every line must begin with " " (unchanged), "-" (removed), "+" (added) or "\\"; this one begins with ${show(line.slice(0, 10))}. Regenerate the patch instead of editing it by hand.`,
            fileIndex,
          )
          this.skipWhile((l, j) => !l.startsWith('@@') && !this.isFileStart(j))
        }
        return
      }
      const usesOld = kind !== 'add'
      const usesNew = kind !== 'remove'
      if ((usesOld && oldLeft === 0) || (usesNew && newLeft === 0)) {
        this.reportCountMismatch(hunk, fileIndex)
        return
      }
      if ((usesOld && oldEnded) || (usesNew && newEnded)) {
        this.issue(
          'no-newline-misplaced',
          this.i,
          `"\\ No newline at end of file" above said the ${usesOld && oldEnded ? 'old' : 'new'} file ended, but this line follows it. The marker may only follow the last line of a file.`,
          fileIndex,
        )
        hunk.complete = false
        oldEnded = newEnded = false
      }
      hunk.lines.push({ kind, text: line.slice(1), line: this.i + 1, noNewlineAtEnd: false })
      if (usesOld) oldLeft--
      if (usesNew) newLeft--
      this.i++
    }
    // `\ No newline at end of file` may follow the hunk's last line.
    if (lines[this.i]?.startsWith('\\')) {
      this.markNoNewline(hunk, hunk.lines[hunk.lines.length - 1], fileIndex)
      this.i++
      while (lines[this.i]?.startsWith('\\')) {
        this.issue('no-newline-misplaced', this.i, '"\\ No newline at end of file" appears twice in a row.', fileIndex)
        this.i++
      }
    }
    this.justEnded = hunk
  }

  private markNoNewline(hunk: Hunk, last: HunkLine | undefined, fileIndex: number): boolean {
    if (!last) {
      this.issue(
        'no-newline-misplaced',
        this.i,
        `"\\ No newline at end of file" must follow a line of the hunk, but it is the first line of the hunk at line ${hunk.line}.`,
        fileIndex,
      )
      hunk.complete = false
      return false
    }
    if (last.noNewlineAtEnd) {
      this.issue('no-newline-misplaced', this.i, '"\\ No newline at end of file" appears twice in a row.', fileIndex)
      hunk.complete = false
      return false
    }
    last.noNewlineAtEnd = true
    return true
  }

  /**
   * The header's counts do not match the body: count what is really there (the lines already read plus the hunk-like
   * lines that follow) so that the message can say by how much, then carry on at the next hunk or file.
   */
  private reportCountMismatch(hunk: Hunk, fileIndex: number): void {
    let oldSeen = hunk.lines.filter((l) => l.kind !== 'add').length
    let newSeen = hunk.lines.filter((l) => l.kind !== 'remove').length
    let j = this.i
    for (; j < this.lines.length; j++) {
      const line = this.lines[j]!
      if (line.startsWith('@@') || this.isFileStart(j) || line === '-- ' || (this.isTrailer(j) && !line.startsWith(' '))) break
      const c = line[0]
      if (line === '' || c === ' ') {
        oldSeen++
        newSeen++
      } else if (c === '-') oldSeen++
      else if (c === '+') newSeen++
      else if (c !== '\\') break
    }
    hunk.complete = false
    this.filesWithBrokenHunks.add(fileIndex)
    this.justEnded = undefined
    this.issue(
      'hunk-count-mismatch',
      hunk.line - 1,
      `hunk header says ${hunk.oldCount} old and ${hunk.newCount} new lines (-${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount}), but the hunk has ${oldSeen} old and ${newSeen} new lines. Was the patch edited by hand? Regenerate it with "git diff" (or fix the counts in the "@@" line).`,
      fileIndex,
    )
    this.i = j
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private skipWhile(keep: (line: string, index: number) => boolean): void {
    while (this.i < this.lines.length && keep(this.lines[this.i]!, this.i)) this.i++
  }

  private issue(code: ParseIssueCode, index: number, text: string, fileIndex?: number): void {
    this.issues.push({ code, line: index + 1, message: atLine(index + 1, text), fileIndex })
  }
}

function isCombinedHeader(line: string): boolean {
  return line.startsWith('diff --cc ') || line.startsWith('diff --combined ')
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

function describeBadRanges(h: Hunk): string | undefined {
  if (h.oldCount === 0 && h.newCount === 0) return 'both ranges are empty, so the hunk changes nothing.'
  if (h.oldStart === 0 && h.oldCount !== 0) return 'an old range starting at line 0 must be empty ("-0,0").'
  if (h.newStart === 0 && h.newCount !== 0) return 'a new range starting at line 0 must be empty ("+0,0").'
  return undefined
}

/**
 * Read the path from a `--- ` or `+++ ` line. A path ends at a tab (diff -u puts a timestamp after it; git puts a tab
 * after names that contain spaces); git quotes unusual names C-style ("a/x\ty").
 */
export function parseFileHeaderLine(line: string, lineNumber: number): FileHeaderPath {
  const rest = line.slice(4)
  let raw: string
  let after = ''
  if (rest.startsWith('"')) {
    const quoted = unquoteCString(rest)
    if (quoted) {
      raw = quoted.value
      after = rest.slice(quoted.end)
    } else {
      raw = rest
    }
  } else {
    const tab = rest.indexOf('\t')
    if (tab >= 0) {
      raw = rest.slice(0, tab)
      after = rest.slice(tab)
    } else {
      // Some diff programs separate the timestamp with spaces instead of a tab.
      const ts = splitSpaceTimestamp(rest)
      if (ts) {
        raw = ts[0]
        after = `\t${ts[1]}`
      } else {
        raw = rest
      }
    }
  }
  const timestamp = after.startsWith('\t') ? after.slice(1) : undefined
  return { path: raw === '/dev/null' ? null : raw, timestamp, line: lineNumber }
}

/** True when a diff -N timestamp says "this file did not exist" (the Unix epoch, in any time zone). */
export function isEpochTimestamp(timestamp: string | undefined): boolean {
  if (!timestamp) return false
  const iso = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?: ([+-])(\d\d)(\d\d))?\s*$/.exec(timestamp)
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, sign, oh, om] = iso
    if (frac && /[1-9]/.test(frac)) return false
    let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
    if (sign) t -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000
    return t === 0
  }
  return /^(Thu Jan {1,2}1 \d\d:\d\d:\d\d 1970|Wed Dec 31 \d\d:\d\d:\d\d 1969)\s*$/.test(timestamp)
}

/** Split the rest of a `diff --git ` line into its two paths. Returns null when that cannot be done unambiguously. */
export function parseGitHeaderPaths(rest: string, line: number): { old: string; new: string; line: number } | null {
  if (rest.startsWith('"')) {
    const first = unquoteCString(rest)
    if (!first || rest[first.end] !== ' ') return null
    const second = rest.slice(first.end + 1)
    const secondPath = second.startsWith('"') ? unquoteCString(second) : undefined
    if (second.startsWith('"') && (!secondPath || secondPath.end !== second.length)) return null
    return { old: first.value, new: secondPath ? secondPath.value : second, line }
  }
  const quotedSecond = rest.indexOf(' "')
  if (quotedSecond > 0 && rest.endsWith('"')) {
    const second = unquoteCString(rest.slice(quotedSecond + 1))
    if (second && second.end === rest.length - quotedSecond - 1) return { old: rest.slice(0, quotedSecond), new: second.value, line }
  }
  const spaces = [...rest.matchAll(/ /g)].map((m) => m.index!)
  if (spaces.length === 1) return { old: rest.slice(0, spaces[0]), new: rest.slice(spaces[0]! + 1), line }
  // Names with spaces: git picks the split where both sides name the same file after their prefix (the part after
  // the first "/"). The first "/" of each side is tracked as the split moves right, and lengths are compared before
  // text, so a line of many spaces costs linear time rather than a scan per space.
  const firstSlash = rest.indexOf('/')
  let nextSlash = -2 // the first "/" at or after the start of the right side; -1 when there is none
  const candidates = spaces.filter((s) => {
    if (nextSlash !== -1 && nextSlash < s + 1) nextSlash = rest.indexOf('/', s + 1)
    const leftStart = firstSlash >= 0 && firstSlash < s ? firstSlash + 1 : 0
    const rightStart = nextSlash >= 0 ? nextSlash + 1 : s + 1
    return s - leftStart === rest.length - rightStart && rest.slice(leftStart, s) === rest.slice(rightStart)
  })
  if (candidates.length === 1) return { old: rest.slice(0, candidates[0]), new: rest.slice(candidates[0]! + 1), line }
  return null
}

/** Decode a C-style quoted string as git writes it (\t, \n, \", \\, octal byte escapes). */
export function unquoteCString(s: string): { value: string; end: number } | undefined {
  if (!s.startsWith('"')) return undefined
  const bytes: number[] = []
  const encoder = new TextEncoder()
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 }
  for (let i = 1; i < s.length; i++) {
    const ch = s[i]!
    if (ch === '"') {
      try {
        return { value: new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes)), end: i + 1 }
      } catch {
        return undefined
      }
    }
    if (ch === '\\') {
      const next = s[i + 1]
      if (next === undefined) return undefined
      if (next in simple) {
        bytes.push(simple[next]!)
        i++
      } else if (/^[0-3][0-7]{2}$/.test(s.slice(i + 1, i + 4))) {
        bytes.push(parseInt(s.slice(i + 1, i + 4), 8))
        i += 3
      } else {
        return undefined
      }
      continue
    }
    bytes.push(...encoder.encode(ch))
  }
  return undefined
}
