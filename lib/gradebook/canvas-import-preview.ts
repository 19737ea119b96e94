// What importing our Canvas export (lib/gradebook/exports.ts) into Canvas would change there, worked out from the
// gradebook Canvas has now (its own CSV export): which scores it would overwrite, which blanks it would fill, which
// columns Canvas would create as new assignments and which students it would not find.
import { parseCsv, type CsvCell } from '@/lib/csv/csv'

export type CanvasOverwrite = { student: string; login: string; column: string; canvas: string; incoming: string }
export type CanvasImportPreview = {
  overwrites: CanvasOverwrite[]
  fills: CanvasOverwrite[]
  unchanged: number
  newColumns: string[]
  studentsNotInCanvas: string[]
}

const IDENTITY = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section']

/** Canvas names columns "Title (12345)"; the import matches on the title when no id is given. */
export function canvasColumnTitle(header: string): string {
  return header.replace(/\s*\(\d+\)\s*$/, '').trim()
}

const same = (a: string, b: string) => {
  if (a.trim() === b.trim()) return true
  const x = Number(a)
  const y = Number(b)
  return a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) < 1e-9
}

/**
 * Compare the rows we would import (`ours`: header, `Points Possible`, one row per student, as
 * canvasGradebookRows makes them) with Canvas's current gradebook export. A blank cell of ours changes nothing in
 * Canvas (its import skips blanks), so only non-blank cells can overwrite.
 */
export function previewCanvasImport(canvasCsv: string, ours: readonly (readonly CsvCell[])[]): CanvasImportPreview {
  const canvas = parseCsv(canvasCsv.replace(/^\uFEFF/, ''))
  const header = canvas[0] ?? []
  const login = header.indexOf('SIS Login ID')
  if (login < 0)
    throw new Error(
      'That file is not a Canvas gradebook export: it has no "SIS Login ID" column. Export it from Canvas: Grades → Export → Export Entire Gradebook.',
    )
  const canvasColumns = new Map<string, number>()
  header.forEach((h, i) => {
    if (i > login && !IDENTITY.includes(h)) canvasColumns.set(canvasColumnTitle(h), i)
  })
  const canvasRows = new Map<string, string[]>()
  for (const row of canvas.slice(1)) {
    const key = (row[login] ?? '').trim().toLowerCase()
    if (key && !/^Points Possible$/i.test((row[0] ?? '').trim())) canvasRows.set(key, row)
  }
  const ourHeader = (ours[0] ?? []).map((c) => String(c ?? ''))
  const ourLogin = ourHeader.indexOf('SIS Login ID')
  const items = ourHeader.map((h, i) => ({ h, i })).filter(({ i }) => i > ourHeader.indexOf('Section'))
  const preview: CanvasImportPreview = {
    overwrites: [],
    fills: [],
    unchanged: 0,
    newColumns: items.filter(({ h }) => !canvasColumns.has(h)).map(({ h }) => h),
    studentsNotInCanvas: [],
  }
  for (const row of ours.slice(2)) {
    const email = String(row[ourLogin] ?? '').toLowerCase()
    const there = canvasRows.get(email)
    if (!there) {
      preview.studentsNotInCanvas.push(email)
      continue
    }
    for (const { h, i } of items) {
      const col = canvasColumns.get(h)
      if (col === undefined) continue
      const incoming = row[i] === null || row[i] === undefined ? '' : String(row[i])
      if (incoming === '') continue
      const current = there[col] ?? ''
      const change = { student: String(row[0] ?? email), login: email, column: h, canvas: current, incoming }
      if (same(current, incoming)) preview.unchanged++
      else if (current.trim() === '') preview.fills.push(change)
      else preview.overwrites.push(change)
    }
  }
  return preview
}
