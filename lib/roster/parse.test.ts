import { describe, expect, it } from 'vitest'

import { parseDomainList, parseRosterCsv } from './parse'

describe('parseRosterCsv', () => {
  it('reads email, name, section without a header', () => {
    const r = parseRosterCsv('Ada@Example.EDU,"Lovelace, Ada",01\nbob@example.edu,Bob\n')
    expect(r.hasHeader).toBe(false)
    expect(r.entries).toEqual([
      { email: 'ada@example.edu', name: 'Lovelace, Ada', section: '01' },
      { email: 'bob@example.edu', name: 'Bob', section: null },
    ])
    expect(r.problems).toEqual([])
  })
  it('finds columns by header in any order, including first and last name', () => {
    const r = parseRosterCsv('Section,Last Name,First Name,Email\nB,Núñez,José,jose@example.edu\n')
    expect(r.entries).toEqual([{ email: 'jose@example.edu', name: 'José Núñez', section: 'B' }])
  })
  it('names the line of every problem and keeps the good rows', () => {
    const r = parseRosterCsv('email,name\nnot-an-email,X\n,Nobody\nok@example.edu,Ok\nOK@example.edu,Again\n\n', 'roster.csv')
    expect(r.entries.map((e) => e.email)).toEqual(['ok@example.edu'])
    expect(r.problems).toEqual([
      { line: 2, message: 'roster.csv line 2: “not-an-email” is not an email address' },
      { line: 3, message: 'roster.csv line 3: no email address' },
      { line: 5, message: 'roster.csv line 5: ok@example.edu is already on line 4; the later row is ignored' },
    ])
  })
  it('reports a broken quote with its line and an empty file', () => {
    expect(parseRosterCsv('a@x.edu,ok\n"b@x.edu,broken\n', 'r.csv').problems[0]!.message).toMatch(/^r\.csv line 2: a quoted field is never closed/)
    expect(parseRosterCsv('').problems[0]!.message).toMatch(/empty/)
  })
})

describe('parseDomainList', () => {
  it('normalises and de-duplicates, and names a bad entry', () => {
    expect(parseDomainList('Example.edu, @cs.example.edu;example.edu\n')).toEqual({ domains: ['cs.example.edu', 'example.edu'], problems: [] })
    expect(parseDomainList('example.edu not_a_domain').problems).toEqual(['“not_a_domain” is not a domain name (write e.g. example.edu)'])
    expect(parseDomainList('')).toEqual({ domains: [], problems: [] })
  })
})
