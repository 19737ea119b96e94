/**
 * The annotation homework: students read CPython's source and explain it in comments, without changing any code.
 * Their patch may only ADD comment lines of two forms, only to the files the assignment names:
 *
 *     // CSC253: one line of explanation
 *
 *     /** CSC253 a block of explanation,
 *      * possibly over several lines
 *      *\/
 *
 * `//` comments are not C89, but GCC's default dialect for CPython 2.7 (gnu89) accepts them, and the course used them.
 *
 * A comment can still change the program, and these are the tricks this check closes:
 * - a line ending in a backslash (or the trigraph `??/`) splices the next line of code into the comment;
 * - a comment placed after a line ending in a backslash becomes part of a macro or string that continues there;
 * - `*\/` inside a `//` line, or early in a block, ends an enclosing block comment and turns the rest into code;
 * - a block opened in one added line and closed by an original line swallows original code;
 * - a block placed inside an existing comment ends that comment early.
 * Control and invisible characters (bidirectional overrides) are refused so that the comment reads as what it is.
 */
import { decodePatch } from './decode'
import { atLine, isInvisibleFormatChar, show } from './errors'
import { parsePatch, type FileDiff, type Hunk, type HunkLine, type ParseIssueCode } from './parse'
import { matchesGlob } from './glob'
import { stripOneComponent } from './paths'

export type AnnotationErrorCode =
  | ParseIssueCode
  | 'empty-patch'
  | 'nul-byte'
  | 'not-utf8'
  | 'mixed-line-endings'
  | 'bare-carriage-return'
  | 'no-file-changes'
  | 'not-annotation-file'
  | 'file-change-not-allowed'
  | 'removed-line'
  | 'not-annotation'
  | 'annotation-unclosed'
  | 'annotation-continuation'
  | 'annotation-inside-comment'
  | 'annotation-needs-context'
  | 'annotation-control-character'
  | 'too-many-errors'

export type AnnotationError = {
  code: AnnotationErrorCode
  /** Path relative to the CPython tree; "" for a problem with the patch as a whole. */
  file: string
  /** 1-based line of the offending patch line; 0 for a problem with the patch as a whole. */
  line: number
  message: string
}

export type AnnotationCheck = {
  ok: boolean
  errors: AnnotationError[]
  /** Number of annotations (each `// CSC253:` line, each `/** CSC253 … *\/` block) per named file, 0 if untouched. */
  counts: Record<string, number>
}

const LINE_ANNOTATION = /^[ \t]*\/\/[ \t]*CSC253:/
const BLOCK_OPENER = /^[ \t]*\/\*\*[ \t]*CSC253(?=$|[\s:])/
const ENDS_WITH_CONTINUATION = /(\\|\?\?\/)[ \t\f\v]*$/
const MAX_ERRORS = 50

/**
 * Check that a patch only adds CSC253 comments to the named files. `options.files` holds paths relative to the tree
 * (globs allowed). Line numbers in errors refer to `text`, so pass the patch as the student submitted it.
 */
export function checkAnnotationOnly(text: string | Uint8Array, options: { files: string[] }): AnnotationCheck {
  // Entries are exact paths ("Python/ceval.c") or globs ("Objects/*.c"); exact paths start with a count of 0.
  const isGlob = (f: string) => /[*?[]/.test(f)
  const counts: Record<string, number> = Object.fromEntries(options.files.filter((f) => !isGlob(f)).map((f) => [f, 0]))
  const errors: AnnotationError[] = []
  const isAllowed = (name: string) => options.files.some((f) => (isGlob(f) ? matchesGlob(name, f) : f === name))

  const decoded = decodePatch(text)
  for (const e of decoded.errors) {
    errors.push({ code: e.code as AnnotationErrorCode, file: e.file ?? '', line: e.line ?? 0, message: e.message })
  }
  if (decoded.text === undefined) return finish(errors, counts)
  if (decoded.text.trim() === '') {
    errors.push({ code: 'empty-patch', file: '', line: 0, message: 'the patch is empty: add your CSC253 comments and generate it with "git diff > hw.diff".' })
    return finish(errors, counts)
  }

  const parsed = parsePatch(decoded.text)
  const names = parsed.files.map(relativeName)
  for (const issue of parsed.issues) {
    errors.push({ code: issue.code, file: issue.fileIndex === undefined ? '' : (names[issue.fileIndex] ?? ''), line: issue.line, message: issue.message })
  }
  if (parsed.files.length === 0 && errors.length === 0) {
    errors.push({
      code: 'no-file-changes',
      file: '',
      line: 0,
      message: 'the patch changes no file. Generate it with "git diff > hw.diff" from the top of your CPython tree.',
    })
  }

  parsed.files.forEach((file, index) => {
    const name = names[index] ?? ''
    if (!isAllowed(name)) {
      const list = options.files.map((f) => `"${f}"`).join(', ')
      errors.push({
        code: 'not-annotation-file',
        file: name,
        line: file.line,
        message: atLine(file.line, `${show(name)} is not one of the files to annotate in this assignment (${list || 'none'}).`),
      })
      return
    }
    const kindChange = file.binary
      ? 'changes a binary file'
      : file.oldFile?.path === null || file.headers.some((h) => h.keyword === 'new file mode')
        ? 'creates the file'
        : file.newFile?.path === null || file.headers.some((h) => h.keyword === 'deleted file mode')
          ? 'deletes the file'
          : file.headers.some((h) => h.keyword !== 'index')
            ? `has a "${file.headers.find((h) => h.keyword !== 'index')!.keyword}" header`
            : undefined
    if (kindChange) {
      errors.push({
        code: 'file-change-not-allowed',
        file: name,
        line: file.line,
        message: atLine(file.line, `the patch ${kindChange} ${show(name)}; the annotation homework may only add comment lines to existing files.`),
      })
      return
    }
    for (const hunk of file.hunks) counts[name] = (counts[name] ?? 0) + checkHunk(hunk, name, errors)
  })

  return finish(errors, counts)
}

function relativeName(file: FileDiff): string {
  const raw = file.newFile?.path ?? file.oldFile?.path ?? file.gitPaths?.new ?? ''
  return stripOneComponent(raw)?.rel ?? raw
}

/** Check one hunk's lines; return how many annotations it adds. */
function checkHunk(hunk: Hunk, file: string, errors: AnnotationError[]): number {
  const report = (code: AnnotationErrorCode, line: HunkLine | number, message: string) => {
    const n = typeof line === 'number' ? line : line.line
    errors.push({ code, file, line: n, message: atLine(n, message) })
  }
  let annotations = 0
  let block: HunkLine | undefined
  /** The line just before, in the new file (context or added); undefined at the start of the hunk. */
  let previous: HunkLine | undefined
  let previousContext: HunkLine | undefined

  hunk.lines.forEach((line, index) => {
    if (line.kind === 'remove') {
      report(
        'removed-line',
        line,
        `removes or changes the line ${show(line.text.trim(), 60)} of ${file}. The annotation homework may only add comment lines; restore the original line.`,
      )
      return
    }
    if (line.kind === 'context') {
      if (block) {
        report(
          'annotation-unclosed',
          block,
          `the /** CSC253 block that starts here is not closed ("*/") before the original line ${line.line} of the patch, so it would comment out original code. Close it on an added line.`,
        )
        block = undefined
      }
      previous = line
      previousContext = line
      return
    }

    // An added line.
    const text = line.text
    const startsRun = previous === undefined || previous.kind === 'context'
    if (startsRun) {
      if (previous === undefined && hunk.newStart > 1) {
        report(
          'annotation-needs-context',
          line,
          `this hunk starts with an added line, so the line above it cannot be checked. Regenerate the patch with context lines (plain "git diff", not "git diff -U0").`,
        )
      } else if (previous && ENDS_WITH_CONTINUATION.test(previous.text)) {
        report(
          'annotation-continuation',
          line,
          `is added right after a line ending in a backslash (a macro or string continued on the next line), so it would become part of that code. Put the comment above the macro instead.`,
        )
      }
    }
    previous = line

    const bad = [...text].find((ch) => {
      const cp = ch.codePointAt(0)!
      return (cp < 0x20 && ch !== '\t') || cp === 0x7f || isInvisibleFormatChar(cp)
    })
    if (bad !== undefined) {
      report(
        'annotation-control-character',
        line,
        `contains the invisible or control character U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}; annotations must be plain text.`,
      )
      return
    }
    if (ENDS_WITH_CONTINUATION.test(text)) {
      report(
        'annotation-continuation',
        line,
        'ends with a backslash, which would join the next line of the file to this comment. Remove the trailing backslash.',
      )
      return
    }

    if (block) {
      const close = text.indexOf('*/')
      if (close === -1) return
      if (close === text.trimEnd().length - 2) {
        block = undefined
        return
      }
      report('not-annotation', line, 'has text after the "*/" that closes the CSC253 block; nothing may follow it on the line.')
      block = undefined
      return
    }

    if (text.trim() === '') return

    if (LINE_ANNOTATION.test(text)) {
      if (text.includes('*/')) {
        report(
          'not-annotation',
          line,
          'contains "*/" inside a // CSC253 comment; that could end an enclosing /* */ comment and turn the rest of the line into code. Remove the "*/".',
        )
        return
      }
      annotations++
      return
    }

    const opener = BLOCK_OPENER.exec(text)
    if (opener) {
      const rest = text.slice(opener[0].length)
      const close = rest.indexOf('*/')
      if (close !== -1 && close !== rest.trimEnd().length - 2) {
        report('not-annotation', line, 'has text after the "*/" that closes the CSC253 comment; nothing may follow it on the line.')
        return
      }
      const next = hunk.lines.slice(index + 1).find((l) => l.kind === 'context')
      if (looksInsideBlockComment(previousContext, next)) {
        report(
          'annotation-inside-comment',
          line,
          'opens a /** CSC253 block inside an existing /* */ comment; its "*/" would end that comment early. Use "// CSC253:" lines inside comments.',
        )
        return
      }
      annotations++
      if (close === -1) block = line
      return
    }

    report(
      'not-annotation',
      line,
      `adds ${show(text.trim(), 60)}, which is not a CSC253 comment. Only "// CSC253: …" lines and "/** CSC253 … */" blocks may be added; no code.`,
    )
  })

  if (block) {
    report('annotation-unclosed', block, 'the /** CSC253 block that starts here is never closed ("*/") in this hunk. Close it on an added line.')
  }
  return annotations
}

/** A heuristic from the visible context: is the gap between these two original lines inside a block comment? */
function looksInsideBlockComment(before: HunkLine | undefined, after: HunkLine | undefined): boolean {
  if (before) {
    const t = before.text.trim()
    if (t.lastIndexOf('/*') > t.lastIndexOf('*/')) return true
    if (/^\*(\s|$)/.test(t) && !t.includes('*/')) return true
  }
  if (after) {
    const t = after.text.trim()
    if (/^\*(\s|\/|$)/.test(t)) return true
  }
  return false
}

function finish(errors: AnnotationError[], counts: Record<string, number>): AnnotationCheck {
  const sorted = [...errors].sort((a, b) => a.line - b.line)
  const capped = sorted.slice(0, MAX_ERRORS)
  if (sorted.length > MAX_ERRORS) {
    capped.push({ code: 'too-many-errors', file: '', line: 0, message: `… and ${sorted.length - MAX_ERRORS} more problems.` })
  }
  return { ok: errors.length === 0, errors: capped, counts }
}
