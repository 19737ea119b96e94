import { describe, expect, it } from 'vitest'

import { csvField, CsvParseError, parseCsv, parseCsvWithLines, toCsv } from './csv'

describe('toCsv', () => {
  it('quotes only what needs quoting and ends every row with CRLF', () => {
    expect(
      toCsv([
        ['a', 1, null, true],
        ['x,y', 'say "hi"', 'two\nlines', ' padded'],
      ]),
    ).toBe('a,1,,true\r\n"x,y","say ""hi""","two\nlines"," padded"\r\n')
  })
  it('neutralises spreadsheet formulas in text but never in numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField(-3.5)).toBe('-3.5')
    expect(csvField('-3', false)).toBe('-3')
    expect(csvField(Number.NaN)).toBe('')
  })
  it('can start with a byte-order mark', () => {
    expect(toCsv([['é']], { bom: true })).toBe('\uFEFFé\r\n')
  })
})

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes and line breaks inside fields', () => {
    expect(parseCsv('name,email\r\n"Doe, Jane","j""d""@x.edu"\r\n"multi\nline",b\r\n')).toEqual([
      ['name', 'email'],
      ['Doe, Jane', 'j"d"@x.edu'],
      ['multi\nline', 'b'],
    ])
  })
  it('accepts LF, CRLF and CR row ends, a BOM, and no final newline', () => {
    expect(parseCsv('\uFEFFa,b\nc,d\re,f\r\ng,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ])
  })
  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsv('a,,c\n\n,\n""\n')).toEqual([['a', '', 'c'], ['', ''], ['']])
  })
  it('reports the line a row starts on, counting line breaks inside quotes', () => {
    const rows = parseCsvWithLines('h\n"one\ntwo"\n\nthree\n')
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5])
  })
  it('names the line of an unterminated quote and of junk after a closing quote', () => {
    const unterminated = (() => {
      try {
        parseCsv('a\nb\n"never closed\nmore')
      } catch (e) {
        return e
      }
    })() as CsvParseError
    expect(unterminated).toBeInstanceOf(CsvParseError)
    expect(unterminated.line).toBe(3)
    expect(() => parseCsv('"a"b,c')).toThrow(/line 1: unexpected text after a closing quote/)
  })
  it('round-trips names with commas, quotes, newlines and non-ASCII letters', () => {
    const rows = [
      ['Student', 'Email', 'Score'],
      ['Núñez, José "Pepe"', 'jose@example.edu', '97.5'],
      ['Zoë\nO’Brien', 'zoe@example.edu', ''],
      ['李小龍', 'li@example.edu', '0'],
      ['  spaces  ', 'sp@example.edu', '1'],
      ['', '', ''],
      [''],
    ]
    expect(parseCsv(toCsv(rows, { bom: true }))).toEqual(rows)
  })
})
