import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { linearPass, slowdown } from '@/tests/support/timing'

import { parseCompilerErrors, type CompilerError } from './compiler-errors'

// The build log is the output of compiling the student's code, kept up to 1 MiB per stream.
const LOG_LIMIT = 1024 * 1024

// The parser as it was written with (backtracking) regular expressions: the oracle for its meaning, on lines short
// enough for backtracking not to matter.
const COMPILER_ERROR = /^(?<file>[^\s:][^:]*?):(?<line>\d+):(?:(?<column>\d+):)?\s+(?:fatal\s+)?error:\s+(?<message>.+)$/
const LINKER_ERROR =
  /^(?:\S*ld(?:\.\w+)?: )?(?<file>[^\s:][^:]*?):(?:(?<line>\d+)|\([^)]*\)):\s+(?<message>(?:undefined reference|multiple definition|relocation).+)$/
const LINKER_FUNCTION = /in function [`'‘](?<fn>[^'’`]+)['’`]:\s*$/

const relative = (file: string) => file.replace(/\\/g, '/').replace(/^(\.\/)+/, '')

function referenceParse(log: string): CompilerError[] {
  const errors: CompilerError[] = []
  const seen = new Set<string>()
  let currentFunction: string | undefined
  for (const rawLine of log.split(/\r?\n/)) {
    const line = rawLine.replace(/\u001b\[[0-9;]*[mK]/g, '').trimEnd()
    const fn = LINKER_FUNCTION.exec(line)
    if (fn) {
      currentFunction = fn.groups!.fn
      continue
    }
    let error: CompilerError | undefined
    const c = COMPILER_ERROR.exec(line)
    if (c) {
      error = { file: relative(c.groups!.file!), line: Number(c.groups!.line), message: c.groups!.message!.trim() }
      if (c.groups!.column !== undefined) error.column = Number(c.groups!.column)
    } else {
      const l = LINKER_ERROR.exec(line)
      if (l)
        error = {
          file: relative(l.groups!.file!),
          line: l.groups!.line ? Number(l.groups!.line) : 0,
          message: `${l.groups!.message!.trim()}${currentFunction ? ` (in function ${currentFunction})` : ''}`,
        }
    }
    if (!error) continue
    const key = `${error.file}:${error.line}:${error.column ?? ''}:${error.message}`
    if (seen.has(key)) continue
    seen.add(key)
    errors.push(error)
    if (errors.length >= 50) break
  }
  return errors
}

// lines made of the pieces real logs have, in any order, so that near-misses of every rule come up
const token = fc.constantFrom(
  'Python/ceval.c',
  'x.c',
  '/usr/bin/ld',
  'ld',
  'ld.gold',
  ':',
  ': ',
  '12',
  '3',
  '(.text+0x1a)',
  ' ',
  '  ',
  '\t',
  '\r',
  '\u2028',
  '\u00a0',
  'error:',
  'fatal',
  'fatal ',
  ' error: ',
  'warning:',
  "undefined reference to `f'",
  'multiple definition',
  'relocation',
  'in function ',
  '`',
  "'",
  '‘',
  '’',
  'builtin_foo',
  '\u001b[01m',
  '\u001b[K',
  'msg',
  '(',
  ')',
)
const noise = fc.array(token, { maxLength: 4 }).map((t) => t.join(''))
const pick = <T>(...values: T[]) => fc.constantFrom(...values)
const ws = fc.array(pick(' ', '\t', '\r', '\u2028', '\u00a0', ''), { maxLength: 3 }).map((t) => t.join(''))
const file = pick('Python/ceval.c', 'x.c', ' x.c', '', 'a b.c', './Objects/x.c', 'In file:')
const number = pick('12', '3', '', 'x', '007')
// the shapes the parser looks for, with every piece sometimes wrong
const compilerLine = fc
  .tuple(file, number, pick('', ':5', ':', ':x'), ws, pick('', 'fatal', 'fatal ', 'fatal\t'), pick('error:', 'error', 'warning:'), ws, noise)
  .map(([f, n, col, w1, fatal, kw, w2, msg]) => `${f}:${n}${col}:${w1}${fatal}${kw}${w2}${msg}`)
const linkerLine = fc
  .tuple(
    pick('', '/usr/bin/ld: ', 'ld.gold: ', 'xld: ', 'ld:'),
    file,
    pick('12', '(.text+0x1a)', '(', ''),
    ws,
    pick("undefined reference to `f'", 'multiple definition of x', 'relocation', 'undefined'),
    noise,
  )
  .map(([prefix, f, where, w, kw, msg]) => `${prefix}${f}:${where}:${w}${kw}${msg}`)
const functionLine = fc
  .tuple(
    noise,
    pick('in function ', 'in function', 'In function '),
    pick('`', "'", '‘', '’', ''),
    pick('builtin_foo', '', 'a’b', "a'b", 'x‘y'),
    pick("'", '’', '`', '‘', ''),
    pick(':', ': ', ':\t', ''),
    fc.option(noise),
  )
  .map(([before, kw, open, name, close, colon, after]) => `${before}${kw}${open}${name}${close}${colon}${after ?? ''}`)
const logLine = fc.oneof(
  fc.array(token, { maxLength: 12 }).map((t) => t.join('')),
  compilerLine,
  linkerLine,
  functionLine,
)
const log = fc.array(logLine, { maxLength: 8 }).map((lines) => lines.join('\n'))

describe('parseCompilerErrors (property)', () => {
  it('reads every line exactly as the regular expressions it replaced', () => {
    fc.assert(
      fc.property(log, (text) => {
        expect(parseCompilerErrors(text)).toEqual(referenceParse(text))
      }),
      { numRuns: 10_000 },
    )
  })

  it('still finds the errors that are there in random noise', () => {
    fc.assert(
      fc.property(logLine, fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 200 }), (noise, line, column) => {
        const text = `${noise}\nPython/ceval.c:${line}:${column}: error: expected ';'\n${noise}`
        expect(parseCompilerErrors(text)).toContainEqual({ file: 'Python/ceval.c', line, column, message: "expected ';'" })
      }),
      { numRuns: 1000 },
    )
  })

  it('costs a linear pass on adversarial 1 MiB logs', () => {
    const fill = (unit: string, tail = '') => unit.repeat(Math.floor((LOG_LIMIT - tail.length) / unit.length)) + tail
    const logs: [string, string][] = [
      ['repeated "in function ‘" (quadratic before)', fill('in function ‘')],
      ['spaces before a lone CR in a message (quadratic before)', `x.c:1: error:${fill(' ', 'a\rb')}`],
      ['one long line of colons and digits', fill('1:')],
      ['ld prefixes', fill('ld.')],
      ['linker spaces', `x.c:(a): ${fill(' ', 'undefined reference\u2028x')}`],
      ['colour escapes', fill('\u001b[;')],
      ['many short error lines', fill('Python/ceval.c:1:1: error: e\n')],
      [
        'random',
        fc.sample(
          fc.array(token, { minLength: 60_000, maxLength: 60_000 }).map((t) => t.join('').slice(0, LOG_LIMIT)),
          { numRuns: 1, seed: 1 },
        )[0]!,
      ],
    ]
    for (const [name, text] of logs) {
      const { ratio, subjectMs, baselineMs } = slowdown(
        () => parseCompilerErrors(text),
        () => linearPass(text),
        { runs: 3 },
      )
      // measured up to about 20× a UTF-8 round trip; the first two took minutes at this size before
      expect(ratio, `${name}: ${subjectMs.toFixed(1)} ms vs ${baselineMs.toFixed(2)} ms`).toBeLessThan(200)
    }
  })
})
