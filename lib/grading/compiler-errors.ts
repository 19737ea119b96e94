// Turns a GCC/ld build log into structured errors a student can click through: {file, line, column?, message}.
// Paths are made relative to the CPython tree root. Warnings and notes are not errors and are left out.

export interface CompilerError {
  /** Relative to the tree root, '/'-separated (e.g. Python/bltinmodule.c). */
  file: string
  /** 1-based; 0 when the tool gave no line (a link error in an object built without debug info). */
  line: number
  column?: number
  message: string
}

export interface ParseOptions {
  /** Absolute directory the build ran in; stripped from absolute paths. */
  treeRoot?: string
  /** At most this many errors are returned (the first ones, which are the ones that matter). */
  limit?: number
}

// The log is the output of compiling the student's code (up to 1 MiB), so each line is read in time linear in its
// length: the regular expressions below are anchored and have no two quantifiers that can trade characters, and
// the parts that would (whitespace before a message, the quoted function name at the end of a line) are scanned by
// hand. (`\s+(?<message>.+)$` was quadratic on a long run of spaces before a lone CR; an unanchored
// `in function ‘…’:$` was quadratic on a line of repeated "in function ‘".)

// file:line:col: error: message   |   file:line: error: message   |   ... fatal error: ...
// The location prefix; the rest of the line is read by compilerMessage().
const COMPILER_LOCATION = /^(?<file>[^\s:][^:]*):(?<line>\d+):(?:(?<column>\d+):)?/
// ld with debug info:   Python/x.c:12: undefined reference to `foo'
// ld without:           x.c:(.text+0x1a): undefined reference to `foo'
const LINKER_ERROR =
  /^(?:\S*ld(?:\.\w+)?: )?(?<file>[^\s:][^:]*?):(?:(?<line>\d+)|\([^)]*\)):\s+(?<message>(?:undefined reference|multiple definition|relocation).+)$/
// ld context line:      /usr/bin/ld: libpython2.7.a(bltinmodule.o): in function `builtin_foo':
// (read by linkerFunction())

/** What `\s` matches (WhiteSpace and LineTerminator, exactly the characters trim() removes). */
const isSpace = (ch: string) => ch.trim() === ''
/** What `.` does not match. */
const isLineTerminator = (ch: string) => ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029'

function skipSpaces(text: string, at: number): number {
  while (at < text.length && isSpace(text[at]!)) at++
  return at
}

/**
 * After the location: `\s+(?:fatal\s+)?error:\s+(?<message>.+)$`, read left to right. Each whitespace run is taken
 * whole (what follows it starts with a non-space, so no other split could match), and the message is the non-empty
 * rest, which may not contain a line terminator.
 */
function compilerMessage(line: string, at: number): string | null {
  let i = skipSpaces(line, at)
  if (i === at) return null
  if (line.startsWith('fatal', i)) {
    const afterFatal = skipSpaces(line, i + 5)
    if (afterFatal > i + 5 && line.startsWith('error:', afterFatal)) i = afterFatal
  }
  if (!line.startsWith('error:', i)) return null
  const messageStart = skipSpaces(line, i + 6)
  if (messageStart === i + 6) return null
  let start = messageStart
  // the whole line was whitespace after "error:": \s+ gives its last character to the message
  if (start === line.length) start = line.length - 1
  for (let j = start; j < line.length; j++) if (isLineTerminator(line[j]!)) return null
  return line.slice(start)
}

const CLOSING_QUOTES = "'’`"
const OPENING_QUOTES = "`'‘"

/**
 * `in function [`'‘](?<fn>[^'’`]+)['’`]:\s*$` on a line without trailing whitespace: the line ends with a closing
 * quote and a colon, the name runs back to the previous quote of any kind, and the match is the leftmost
 * "in function " + opening quote within that stretch (one backward and one forward scan).
 */
function linkerFunction(line: string): string | undefined {
  const close = line.length - 2
  if (close < 0 || line[close + 1] !== ':' || !CLOSING_QUOTES.includes(line[close]!)) return undefined
  let start = close
  while (start > 0 && !CLOSING_QUOTES.includes(line[start - 1]!)) start--
  for (let open = Math.max(start - 1, 12); open <= close - 2; open++) {
    if (OPENING_QUOTES.includes(line[open]!) && line.startsWith('in function ', open - 12)) return line.slice(open + 1, close)
  }
  return undefined
}

export function parseCompilerErrors(log: string, options: ParseOptions = {}): CompilerError[] {
  const limit = options.limit ?? 50
  const errors: CompilerError[] = []
  const seen = new Set<string>()
  let currentFunction: string | undefined

  for (const rawLine of log.split(/\r?\n/)) {
    const line = stripAnsi(rawLine).trimEnd()
    const functionContext = linkerFunction(line)
    if (functionContext !== undefined) {
      currentFunction = functionContext
      continue
    }
    let error: CompilerError | undefined
    const location = COMPILER_LOCATION.exec(line)
    const message = location ? compilerMessage(line, location[0].length) : null
    if (location && message !== null) {
      const { file, line: lineNumber, column } = location.groups!
      error = { file: relativePath(file!, options.treeRoot), line: Number(lineNumber), message: message.trim() }
      if (column !== undefined) error.column = Number(column)
    } else {
      const linker = LINKER_ERROR.exec(line)
      if (linker) {
        const { file, line: lineNumber, message } = linker.groups!
        const where = currentFunction ? ` (in function ${currentFunction})` : ''
        error = { file: relativePath(file, options.treeRoot), line: lineNumber ? Number(lineNumber) : 0, message: `${message.trim()}${where}` }
      }
    }
    if (!error) continue
    const key = `${error.file}:${error.line}:${error.column ?? ''}:${error.message}`
    if (seen.has(key)) continue // make -j and repeated includes print the same error more than once
    seen.add(key)
    errors.push(error)
    if (errors.length >= limit) break
  }
  return errors
}

function relativePath(file: string, treeRoot?: string): string {
  let relative = file.replace(/\\/g, '/')
  if (treeRoot) {
    const root = `${treeRoot.replace(/\/+$/, '')}/`
    if (relative.startsWith(root)) relative = relative.slice(root.length)
  }
  while (relative.startsWith('./')) relative = relative.slice(2)
  return relative
}

function stripAnsi(text: string): string {
  // GCC colours diagnostics when it thinks it writes to a terminal; the log may carry the escapes.
  return text.replace(/\u001b\[[0-9;]*[mK]/g, '')
}
