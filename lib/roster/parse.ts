import { CsvParseError, parseCsvWithLines } from '@/lib/csv/csv'
import { isEmail, normalizeEmail } from '@/lib/auth/users'

export type RosterRow = { email: string; name: string | null; section: string | null }
export type RosterProblem = { line: number; message: string }
export type ParsedRoster = { entries: RosterRow[]; problems: RosterProblem[]; hasHeader: boolean }

const HEADERS = {
  email: ['email', 'e-mail', 'email address', 'sis login id', 'login id', 'login'],
  name: ['name', 'full name', 'student', 'student name', 'display name'],
  first: ['first name', 'first', 'given name'],
  last: ['last name', 'last', 'surname', 'family name'],
  section: ['section', 'sec', 'section name', 'group'],
}

const norm = (s: string) => s.trim().toLowerCase()

/**
 * A roster CSV: `email, name, section` (section optional), with or without a header row. With a header, columns are
 * found by name (Email, Name or First/Last name, Section; Canvas's and most LMS exports fit) in any order. Every
 * problem names its line; rows with a problem are left out, the rest can still be imported.
 */
export function parseRosterCsv(text: string, fileName = 'the roster'): ParsedRoster {
  let rows: ReturnType<typeof parseCsvWithLines>
  try {
    rows = parseCsvWithLines(text)
  } catch (error) {
    if (error instanceof CsvParseError)
      return {
        entries: [],
        problems: [{ line: error.line, message: `${fileName} line ${error.line}: ${error.message.replace(/^line \d+: /, '')}` }],
        hasHeader: false,
      }
    throw error
  }
  const problems: RosterProblem[] = []
  if (rows.length === 0)
    return { entries: [], problems: [{ line: 1, message: `${fileName} is empty: expected rows of email, name, section` }], hasHeader: false }
  const first = rows[0]!.cells.map(norm)
  const find = (names: string[]) => first.findIndex((c) => names.includes(c))
  const hasHeader = find(HEADERS.email) >= 0
  const col = hasHeader
    ? { email: find(HEADERS.email), name: find(HEADERS.name), first: find(HEADERS.first), last: find(HEADERS.last), section: find(HEADERS.section) }
    : { email: 0, name: 1, first: -1, last: -1, section: 2 }
  const seen = new Map<string, number>()
  const entries: RosterRow[] = []
  for (const row of hasHeader ? rows.slice(1) : rows) {
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '').trim() : '')
    const rawEmail = cell(col.email)
    if (row.cells.every((c) => c.trim() === '')) continue
    const where = `${fileName} line ${row.line}`
    if (!rawEmail) {
      problems.push({ line: row.line, message: `${where}: no email address${hasHeader ? '' : ' in the first column'}` })
      continue
    }
    const email = normalizeEmail(rawEmail)
    if (!isEmail(email)) {
      problems.push({ line: row.line, message: `${where}: “${rawEmail}” is not an email address` })
      continue
    }
    const earlier = seen.get(email)
    if (earlier !== undefined) {
      problems.push({ line: row.line, message: `${where}: ${email} is already on line ${earlier}; the later row is ignored` })
      continue
    }
    seen.set(email, row.line)
    const joined = [cell(col.first), cell(col.last)].filter(Boolean).join(' ')
    const name = (cell(col.name) || joined).slice(0, 200) || null
    const section = cell(col.section).slice(0, 100) || null
    entries.push({ email, name, section })
  }
  return { entries, problems, hasHeader }
}

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

/** Allowed sign-in domains typed as a list (`example.edu, @cs.example.edu`): normalised, or the first bad one named. */
export function parseDomainList(text: string): { domains: string[]; problems: string[] } {
  const problems: string[] = []
  const domains = new Set<string>()
  for (const raw of text.split(/[\s,;]+/)) {
    const d = raw.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '')
    if (!d) continue
    if (!DOMAIN.test(d)) problems.push(`“${raw}” is not a domain name (write e.g. example.edu)`)
    else domains.add(d)
  }
  return { domains: [...domains].sort(), problems }
}
