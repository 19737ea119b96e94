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

// file:line:col: error: message   |   file:line: error: message   |   ... fatal error: ...
const COMPILER_ERROR = /^(?<file>[^\s:][^:]*?):(?<line>\d+):(?:(?<column>\d+):)?\s+(?:fatal\s+)?error:\s+(?<message>.+)$/
// ld with debug info:   Python/x.c:12: undefined reference to `foo'
// ld without:           x.c:(.text+0x1a): undefined reference to `foo'
const LINKER_ERROR = /^(?:\S*ld(?:\.\w+)?: )?(?<file>[^\s:][^:]*?):(?:(?<line>\d+)|\([^)]*\)):\s+(?<message>(?:undefined reference|multiple definition|relocation).+)$/
// ld context line:      /usr/bin/ld: libpython2.7.a(bltinmodule.o): in function `builtin_foo':
const LINKER_FUNCTION = /in function [`'‘](?<fn>[^'’`]+)['’`]:\s*$/

export function parseCompilerErrors(log: string, options: ParseOptions = {}): CompilerError[] {
  const limit = options.limit ?? 50
  const errors: CompilerError[] = []
  const seen = new Set<string>()
  let currentFunction: string | undefined

  for (const rawLine of log.split(/\r?\n/)) {
    const line = stripAnsi(rawLine).trimEnd()
    const functionContext = LINKER_FUNCTION.exec(line)
    if (functionContext) {
      currentFunction = functionContext.groups!.fn
      continue
    }
    let error: CompilerError | undefined
    const compiler = COMPILER_ERROR.exec(line)
    if (compiler) {
      const { file, line: lineNumber, column, message } = compiler.groups!
      error = { file: relativePath(file, options.treeRoot), line: Number(lineNumber), message: message.trim() }
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
    const root = treeRoot.replace(/\/+$/, '') + '/'
    if (relative.startsWith(root)) relative = relative.slice(root.length)
  }
  while (relative.startsWith('./')) relative = relative.slice(2)
  return relative
}

function stripAnsi(text: string): string {
  // GCC colours diagnostics when it thinks it writes to a terminal; the log may carry the escapes.
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[mK]/g, '')
}
