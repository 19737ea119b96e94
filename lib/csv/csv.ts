// RFC 4180 CSV, written and read by the same small module so exports round-trip exactly.
//
// Writing: every row ends with CRLF (RFC 4180; Canvas and Excel expect it); a field is quoted when it holds a comma,
// a quote, CR or LF, or leading/trailing spaces; quotes are doubled. A UTF-8 byte-order mark can be prepended so
// Excel reads non-ASCII names correctly (Canvas accepts it too).
// Reading: quoted fields may hold commas, doubled quotes and line breaks; CRLF, LF and a lone CR all end a row; a
// leading BOM is dropped; an unterminated quote is an error naming the line it started on.

export type CsvCell = string | number | boolean | null | undefined

export type CsvWriteOptions = {
  /** prepend a UTF-8 byte-order mark (default false) */
  bom?: boolean
  /**
   * Text cells starting with `=`, `+`, `-`, `@`, tab or CR are read as formulas by spreadsheets ("CSV injection").
   * With this on (the default), such cells are prefixed with an apostrophe. Numbers are never touched.
   */
  neutraliseFormulas?: boolean
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/
const FORMULA_START = /^[=+\-@\t\r]/

export function csvField(value: CsvCell, neutraliseFormulas = true): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  let text = value
  if (neutraliseFormulas && FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvWriteOptions = {}): string {
  const neutralise = options.neutraliseFormulas ?? true
  // a row of one empty field is written as "" so that it is not read back as a blank line
  const body = rows
    .map((row) => `${row.length === 1 && csvField(row[0], neutralise) === '' ? '""' : row.map((cell) => csvField(cell, neutralise)).join(',')}\r\n`)
    .join('')
  return (options.bom ? '\uFEFF' : '') + body
}

export class CsvParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`)
    this.name = 'CsvParseError'
  }
}

/**
 * Parse CSV text into rows of strings. Blank lines are skipped (a line holding only `""` is a row with one empty
 * field, not a blank line). Rows are not required to have the same length; callers check the shape they expect.
 */
export function parseCsv(text: string): string[][] {
  return parseCsvWithLines(text).map((r) => r.cells)
}

export type CsvRow = { cells: string[] /** 1-based line the row starts on */; line: number }

export function parseCsvWithLines(input: string): CsvRow[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const rows: CsvRow[] = []
  let cells: string[] = []
  let field = ''
  let atFieldStart = true
  let rowHasContent = false
  let line = 1
  let rowLine = 1
  let i = 0
  const n = text.length
  const endRow = () => {
    if (rowHasContent) {
      cells.push(field)
      rows.push({ cells, line: rowLine })
    }
    cells = []
    field = ''
    atFieldStart = true
    rowHasContent = false
  }
  while (i < n) {
    const ch = text[i]!
    if (!rowHasContent) rowLine = line
    if (ch === '"' && atFieldStart) {
      const startLine = line
      rowHasContent = true
      atFieldStart = false
      i++
      let closed = false
      while (i < n) {
        const c = text[i]!
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          closed = true
          i++
          break
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++
        field += c
        i++
      }
      if (!closed) throw new CsvParseError(startLine, 'a quoted field is never closed (a `"` is missing)')
      const next = text[i]
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvParseError(line, 'unexpected text after a closing quote; inside a quoted field write a quote as ""')
      }
      continue
    }
    if (ch === ',') {
      cells.push(field)
      field = ''
      atFieldStart = true
      rowHasContent = true
      i++
      continue
    }
    if (ch === '\r' || ch === '\n') {
      endRow()
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
      line++
      continue
    }
    rowHasContent = true
    atFieldStart = false
    field += ch
    i++
  }
  endRow()
  return rows
}
