// Staff-written patterns for `text` answers, matched in time linear in the answer.
//
// A JavaScript RegExp backtracks: a pattern such as `^(a+)+$` or `(x|x)*y` takes time exponential in the length of
// the text it fails on, and the text is the student's. Patterns are staff-authored, so this is a content bug rather
// than an attack, but one careless pattern would let any student stall the web server with one request. So patterns
// are not run by RegExp at all: they are compiled here into a small automaton and simulated breadth-first (Thompson's
// construction, run as a Pike VM without captures). Every step of the text advances all live states at once, so the
// cost is O(program size × text length), whatever the pattern: at most MAX_PROGRAM × 500 characters.
//
// The accepted syntax is the subset of JavaScript regular expressions that has this property, with the same meaning
// (without the `u` flag; `i` for caseInsensitive): literals, `.`, classes `[a-z_]` `[^…]`, `\d \w \s \D \W \S`,
// `\b \B`, `^ $`, groups `(…)` `(?:…)` `(?<name>…)`, `|`, and the quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy,
// which cannot change whether a pattern matches). Refused with a message at content sync: backreferences, lookahead
// and lookbehind (not regular), and patterns whose expanded program exceeds MAX_PROGRAM instructions.

/** Instructions of a compiled pattern, after `{n,m}` repetitions are expanded. */
export const MAX_PROGRAM = 4000
/** Characters of a pattern as written. */
export const MAX_PATTERN_LENGTH = 1000

export class PatternError extends Error {}

type CharTest = (code: number, folded: number) => boolean
type Instruction =
  | { op: 'char'; test: CharTest }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'assert'; kind: 'start' | 'end' | 'boundary' | 'not-boundary' }
  | { op: 'match' }

type Node =
  | { type: 'char'; test: CharTest }
  | { type: 'assert'; kind: 'start' | 'end' | 'boundary' | 'not-boundary' }
  | { type: 'concat'; items: Node[] }
  | { type: 'alt'; options: Node[] }
  | { type: 'repeat'; node: Node; min: number; max: number }

export type CompiledPattern = { source: string; ignoreCase: boolean; program: Instruction[] }

const WHITESPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff])
for (let c = 0x2000; c <= 0x200a; c++) WHITESPACE.add(c)
const isSpace = (c: number) => WHITESPACE.has(c)
const isDigit = (c: number) => c >= 0x30 && c <= 0x39
const isWord = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f
const isLineTerminator = (c: number) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029

/** ECMAScript's Canonicalize for a non-unicode, ignoreCase pattern: the upper case, when it is one code unit and does not map non-ASCII into ASCII. */
function canonicalize(code: number): number {
  const upper = String.fromCharCode(code).toUpperCase()
  if (upper.length !== 1) return code
  const u = upper.charCodeAt(0)
  return code >= 128 && u < 128 ? code : u
}

const foldCache = new Map<number, number>()
function fold(code: number): number {
  if (code < 128) return code >= 0x61 && code <= 0x7a ? code - 32 : code
  let f = foldCache.get(code)
  if (f === undefined) {
    f = canonicalize(code)
    if (foldCache.size < 4096) foldCache.set(code, f)
  }
  return f
}

class Parser {
  private i = 0
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
  ) {}

  fail(message: string): never {
    throw new PatternError(`pattern /${this.src.length > 60 ? `${this.src.slice(0, 60)}…` : this.src}/ at character ${this.i + 1}: ${message}`)
  }

  parse(): Node {
    const node = this.alternation()
    if (this.i < this.src.length) this.fail(this.src[this.i] === ')' ? 'unmatched ")"' : `unexpected "${this.src[this.i]}"`)
    return node
  }

  private peek(): string | undefined {
    return this.src[this.i]
  }

  private alternation(): Node {
    const options = [this.concatenation()]
    while (this.peek() === '|') {
      this.i++
      options.push(this.concatenation())
    }
    return options.length === 1 ? options[0]! : { type: 'alt', options }
  }

  private concatenation(): Node {
    const items: Node[] = []
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') items.push(this.repetition())
    return { type: 'concat', items }
  }

  private repetition(): Node {
    const start = this.i
    const atom = this.atom()
    const quantifier = this.quantifier()
    if (!quantifier) return atom
    if (atom.type === 'assert') {
      this.i = start
      this.fail('nothing to repeat (a quantifier after an anchor or \\b)')
    }
    if (this.peek() === '?') this.i++ // lazy: the same set of matches
    if (this.quantifier(true)) this.fail('nothing to repeat (two quantifiers in a row)')
    return { type: 'repeat', node: atom, min: quantifier.min, max: quantifier.max }
  }

  /** `*`, `+`, `?` or a well-formed `{n}`, `{n,}`, `{n,m}` (anything else starting with `{` is a literal, as in JavaScript). */
  private quantifier(peekOnly = false): { min: number; max: number } | null {
    const c = this.peek()
    let result: { min: number; max: number } | null = null
    let length = 1
    if (c === '*') result = { min: 0, max: Infinity }
    else if (c === '+') result = { min: 1, max: Infinity }
    else if (c === '?') result = { min: 0, max: 1 }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i, this.i + 24))
      if (m) {
        const min = Number(m[1])
        const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])
        if (max < min) this.fail('numbers out of order in {} quantifier')
        result = { min, max }
        length = m[0].length
      }
    }
    if (result && !peekOnly) this.i += length
    return result
  }

  private atom(): Node {
    const c = this.src[this.i++]!
    switch (c) {
      case '^':
        return { type: 'assert', kind: 'start' }
      case '$':
        return { type: 'assert', kind: 'end' }
      case '.':
        return { type: 'char', test: (code) => !isLineTerminator(code) }
      case '(':
        return this.group()
      case '[':
        return this.characterClass()
      case '\\':
        return this.escape()
      case '*':
      case '+':
      case '?':
        this.i--
        return this.fail('nothing to repeat')
      case '{':
        if (this.quantifierAt(this.i - 1)) {
          this.i--
          this.fail('nothing to repeat')
        }
        return this.literal(c.charCodeAt(0))
      default:
        return this.literal(c.charCodeAt(0))
    }
  }

  private quantifierAt(at: number): boolean {
    return /^\{\d+(,\d*)?\}/.test(this.src.slice(at, at + 24))
  }

  private group(): Node {
    if (this.src.startsWith('?:', this.i)) this.i += 2
    else if (this.src.startsWith('?=', this.i) || this.src.startsWith('?!', this.i))
      this.fail('lookahead (?= …) and (?! …) is not supported: it cannot be matched in linear time. Use accepted answers, or a pattern without it.')
    else if (this.src.startsWith('?<=', this.i) || this.src.startsWith('?<!', this.i))
      this.fail('lookbehind (?<= …) and (?<! …) is not supported: it cannot be matched in linear time.')
    else if (this.src.startsWith('?<', this.i)) {
      const m = /^\?<([A-Za-z_$][\w$]*)>/.exec(this.src.slice(this.i, this.i + 80))
      if (!m) this.fail('a named group is written (?<name>…)')
      this.i += m[0].length
    } else if (this.peek() === '?') this.fail('unknown group syntax after "(?"')
    const inner = this.alternation()
    if (this.peek() !== ')') this.fail('missing ")"')
    this.i++
    return inner
  }

  private literal(code: number): Node {
    if (this.ignoreCase) {
      const f = fold(code)
      return { type: 'char', test: (_c, folded) => folded === f }
    }
    return { type: 'char', test: (c) => c === code }
  }

  /** An escape outside a class. */
  private escape(): Node {
    const c = this.src[this.i]
    if (c === undefined) this.fail('"\\" at the end of the pattern')
    if (c === 'b' || c === 'B') {
      this.i++
      return { type: 'assert', kind: c === 'b' ? 'boundary' : 'not-boundary' }
    }
    if (/[1-9]/.test(c) || c === 'k') this.i--
    if (/[1-9]/.test(c)) this.fail('backreferences (\\1 …) are not supported: they cannot be matched in linear time.')
    if (c === 'k') this.fail('named backreferences (\\k<name>) are not supported: they cannot be matched in linear time.')
    const set = this.classEscape()
    if (set) return { type: 'char', test: set }
    return this.literal(this.characterEscape())
  }

  /** `\d \D \w \W \s \S` (the backslash already read): a test, or null when the escape is not one of these. */
  private classEscape(): CharTest | null {
    const c = this.src[this.i]
    const tests: Record<string, CharTest> = {
      d: (x) => isDigit(x),
      D: (x) => !isDigit(x),
      w: (x) => isWord(x),
      W: (x) => !isWord(x),
      s: (x) => isSpace(x),
      S: (x) => !isSpace(x),
    }
    if (c !== undefined && c in tests) {
      this.i++
      return tests[c]!
    }
    return null
  }

  /** A single-character escape (the backslash already read), as its code unit. */
  private characterEscape(inClass = false): number {
    const c = this.src[this.i++]
    const simple: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 }
    if (c === undefined) return this.fail('"\\" at the end of the pattern')
    if (c in simple) return simple[c]!
    if (inClass && c === 'b') return 8
    if (c === '0' && !/[0-9]/.test(this.src[this.i] ?? '')) return 0
    if (c === 'x' || c === 'u') {
      const digits = c === 'x' ? 2 : 4
      const hex = this.src.slice(this.i, this.i + digits)
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) this.fail(`\\${c} takes ${digits} hexadecimal digits`)
      this.i += digits
      return Number.parseInt(hex, 16)
    }
    if (c === 'c') {
      const letter = this.src[this.i]
      if (!letter || !/[A-Za-z]/.test(letter)) this.fail('\\c takes a letter')
      this.i++
      return letter.charCodeAt(0) % 32
    }
    // an escaped syntax character (and / and -) stands for itself; other escaped letters and digits mean something
    // else in some dialect or are errors with the u flag, so they are refused rather than guessed
    if (/[\^$\\.*+?()[\]{}|/-]/.test(c)) return c.charCodeAt(0)
    if (/[A-Za-z0-9]/.test(c)) {
      this.i--
      return this.fail(`"\\${c}" is not a supported escape`)
    }
    return c.charCodeAt(0)
  }

  private characterClass(): Node {
    let negated = false
    if (this.peek() === '^') {
      negated = true
      this.i++
    }
    const ranges: [number, number][] = []
    const sets: CharTest[] = []
    while (this.peek() !== ']') {
      if (this.i >= this.src.length) this.fail('missing "]"')
      const low = this.classAtom()
      if (this.peek() === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++
        const high = this.classAtom()
        if (typeof low !== 'number' || typeof high !== 'number') {
          // [\d-z] is a syntax error with the u flag and "\d, -, z" without: refuse the ambiguity
          this.fail('a range in a class cannot start or end with \\d, \\w or \\s')
        }
        if (high < low) this.fail('range out of order in character class')
        ranges.push([low, high])
      } else if (typeof low === 'number') ranges.push([low, low])
      else sets.push(low)
    }
    this.i++
    const inClass = (c: number) => ranges.some(([lo, hi]) => c >= lo && c <= hi) || sets.some((t) => t(c, c))
    const ignoreCase = this.ignoreCase
    const test: CharTest = ignoreCase
      ? (c, folded) => {
          // a member whose canonical form is the character's: try the usual candidates (exact for ASCII)
          if (inClass(c) || inClass(folded)) return true
          const lower = String.fromCharCode(c).toLowerCase()
          return lower.length === 1 && fold(lower.charCodeAt(0)) === folded && inClass(lower.charCodeAt(0))
        }
      : (c) => inClass(c)
    return { type: 'char', test: negated ? (c, f) => !test(c, f) : test }
  }

  private classAtom(): number | CharTest {
    const c = this.src[this.i++]!
    if (c !== '\\') return c.charCodeAt(0)
    if (/[1-9]/.test(this.src[this.i] ?? '')) this.fail('backreferences are not supported (and mean an octal escape inside a class); write \\xHH')
    return this.classEscape() ?? this.characterEscape(true)
  }
}

class Compiler {
  readonly program: Instruction[] = []
  constructor(private readonly fail: (message: string) => never) {}

  private emit(instruction: Instruction): number {
    if (this.program.length >= MAX_PROGRAM)
      this.fail(`the pattern is too large once its repetitions are expanded (over ${MAX_PROGRAM} steps); use smaller {n,m} counts`)
    this.program.push(instruction)
    return this.program.length - 1
  }

  compile(node: Node): void {
    switch (node.type) {
      case 'char':
        this.emit({ op: 'char', test: node.test })
        return
      case 'assert':
        this.emit({ op: 'assert', kind: node.kind })
        return
      case 'concat':
        for (const item of node.items) this.compile(item)
        return
      case 'alt': {
        // split L1, next; L1: option 0; jmp end; next: split L2, …
        const jumps: number[] = []
        node.options.forEach((option, index) => {
          if (index < node.options.length - 1) {
            const split = this.emit({ op: 'split', x: 0, y: 0 })
            ;(this.program[split] as { x: number }).x = split + 1
            this.compile(option)
            jumps.push(this.emit({ op: 'jmp', x: 0 }))
            ;(this.program[split] as { y: number }).y = this.program.length
          } else this.compile(option)
        })
        for (const j of jumps) (this.program[j] as { x: number }).x = this.program.length
        return
      }
      case 'repeat': {
        for (let k = 0; k < node.min; k++) this.compile(node.node)
        if (node.max === Infinity) {
          // L: split body, end; body; jmp L
          const split = this.emit({ op: 'split', x: 0, y: 0 })
          ;(this.program[split] as { x: number }).x = split + 1
          this.compile(node.node)
          this.emit({ op: 'jmp', x: split })
          ;(this.program[split] as { y: number }).y = this.program.length
        } else {
          // (body (body (…)?)?)?: each optional copy may be skipped to the end
          const splits: number[] = []
          for (let k = node.min; k < node.max; k++) {
            const split = this.emit({ op: 'split', x: 0, y: 0 })
            ;(this.program[split] as { x: number }).x = split + 1
            splits.push(split)
            this.compile(node.node)
          }
          for (const s of splits) (this.program[s] as { y: number }).y = this.program.length
        }
        return
      }
    }
  }
}

/** Compile a pattern, or throw PatternError saying what is wrong or unsupported, and where. */
export function compilePattern(source: string, options: { ignoreCase?: boolean } = {}): CompiledPattern {
  const ignoreCase = options.ignoreCase ?? false
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`the pattern is ${source.length} characters long; the limit is ${MAX_PATTERN_LENGTH}`)
  const parser = new Parser(source, ignoreCase)
  const tree = parser.parse()
  const compiler = new Compiler((message) => parser.fail(message))
  compiler.compile(tree)
  compiler.program.push({ op: 'match' })
  return { source, ignoreCase, program: compiler.program }
}

/** Whether the pattern matches anywhere in `text` (RegExp.prototype.test), in O(program × text) time. */
export function patternTest(pattern: CompiledPattern, text: string): boolean {
  const { program } = pattern
  const size = program.length
  let current = new Int32Array(size)
  let next = new Int32Array(size)
  let currentCount = 0
  let nextCount = 0
  // marks[pc] === generation when pc is already in the list being built at this position
  const marks = new Int32Array(size).fill(-1)
  const stack = new Int32Array(size * 2 + 2)
  let generation = 0
  const n = text.length

  /** Add pc and everything reachable from it without reading a character to `list`; true when that reaches `match`. */
  const addClosure = (start: number, at: number, list: Int32Array, count: number): { count: number; matched: boolean } => {
    let top = 0
    stack[top++] = start
    let matched = false
    while (top > 0) {
      const pc = stack[--top]!
      if (marks[pc] === generation) continue
      marks[pc] = generation
      const ins = program[pc]!
      switch (ins.op) {
        case 'char':
          list[count++] = pc
          break
        case 'match':
          matched = true
          break
        case 'jmp':
          stack[top++] = ins.x
          break
        case 'split':
          // order does not matter for a yes/no answer
          stack[top++] = ins.y
          stack[top++] = ins.x
          break
        case 'assert': {
          const before = at > 0 ? text.charCodeAt(at - 1) : -1
          const after = at < n ? text.charCodeAt(at) : -1
          const boundary = (before >= 0 && isWord(before)) !== (after >= 0 && isWord(after))
          const holds = ins.kind === 'start' ? at === 0 : ins.kind === 'end' ? at === n : ins.kind === 'boundary' ? boundary : !boundary
          if (holds) stack[top++] = pc + 1
          break
        }
      }
    }
    return { count, matched }
  }

  for (let at = 0; ; at++) {
    // a new attempt starting here (RegExp.test searches every start position), with the threads carried over
    const started = addClosure(0, at, current, currentCount)
    currentCount = started.count
    if (started.matched) return true
    if (at >= n) return false
    const code = text.charCodeAt(at)
    const folded = pattern.ignoreCase ? fold(code) : code
    generation++
    nextCount = 0
    for (let t = 0; t < currentCount; t++) {
      const pc = current[t]!
      const ins = program[pc] as Extract<Instruction, { op: 'char' }>
      if (ins.test(code, folded)) {
        const r = addClosure(pc + 1, at + 1, next, nextCount)
        nextCount = r.count
        if (r.matched) return true
      }
    }
    ;[current, next] = [next, current]
    currentCount = nextCount
  }
}
