// WebVTT transcripts, one per lecture (quizzes/<lecture>.vtt next to its quiz file). Safe to import from client
// components: pure parsing and lookups only.
//
// Authoring format (docs/lectures.md): the `WEBVTT` header line, then cues separated by blank lines, each an
// optional identifier line, a timing line `mm:ss.ttt --> mm:ss.ttt` (or `hh:mm:ss.ttt`), and one or more lines of
// text. Cues are in time order and do not overlap; NOTE blocks are comments. Cue settings after the timing
// (`align:start`) are allowed and ignored here.

export type Cue = { id: string | null; start: number; end: number; text: string }
export type VttProblem = { line: number; message: string }

const TIMESTAMP = /^(?:(\d{1,2}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/

export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text.trim())
  if (!m) return null
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000
}

/** Cues and every problem found, each with its line number (1-based). */
export function parseWebVtt(source: string, options: { durationSeconds?: number | null } = {}): { cues: Cue[]; problems: VttProblem[] } {
  const lines = source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
  const problems: VttProblem[] = []
  const cues: Cue[] = []
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
    problems.push({ line: 1, message: 'the first line must be "WEBVTT"' })
    return { cues, problems }
  }
  let i = 1
  // the header block runs to the first blank line
  while (i < lines.length && lines[i].trim() !== '') i++
  while (i < lines.length) {
    while (i < lines.length && lines[i].trim() === '') i++
    if (i >= lines.length) break
    const blockStart = i
    const block: string[] = []
    while (i < lines.length && lines[i].trim() !== '') block.push(lines[i++])
    if (/^NOTE(?:\s|$)/.test(block[0]) || /^(STYLE|REGION)(?:\s|$)/.test(block[0])) continue
    let timingAt = block.findIndex((l) => l.includes('-->'))
    if (timingAt < 0 || timingAt > 1) {
      problems.push({ line: blockStart + 1, message: 'a cue needs a timing line like "00:04.000 --> 00:07.500"' })
      continue
    }
    const id = timingAt === 1 ? block[0].trim() : null
    const timingLine = blockStart + timingAt + 1
    const [from, rest = ''] = block[timingAt].split('-->')
    const start = parseTimestamp(from)
    const end = parseTimestamp(rest.trim().split(/\s+/)[0] ?? '')
    const text = block
      .slice(timingAt + 1)
      .join('\n')
      .trim()
    if (start === null || end === null) {
      problems.push({
        line: timingLine,
        message: `"${block[timingAt].trim()}" is not a timing line; write it as mm:ss.ttt --> mm:ss.ttt (e.g. 01:04.000 --> 01:09.250)`,
      })
      continue
    }
    if (end <= start) problems.push({ line: timingLine, message: 'the cue ends before it starts; the second time must be later than the first' })
    const previous = cues[cues.length - 1]
    if (previous && start < previous.start) problems.push({ line: timingLine, message: 'cues must be in time order; this one starts before the one above it' })
    else if (previous && start < previous.end - 0.0005)
      problems.push({ line: timingLine, message: 'this cue starts before the one above it ends; cues must not overlap' })
    if (!text) problems.push({ line: timingLine, message: 'the cue has no text; add a line of text under its timing line' })
    if (options.durationSeconds && start >= options.durationSeconds)
      problems.push({ line: timingLine, message: `the cue starts after the end of the video (${options.durationSeconds} s)` })
    timingAt = 0
    cues.push({ id, start, end, text })
  }
  return { cues, problems }
}

/** Index of the cue playing at `seconds` (the last one started), or -1 before the first. */
export function cueIndexAt(cues: readonly Cue[], seconds: number): number {
  let lo = 0
  let hi = cues.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (cues[mid].start <= seconds + 1e-6) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/** Cues whose text contains every word of `query` (case-insensitive), as indexes. */
export function searchCues(cues: readonly Cue[], query: string): number[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return []
  const out: number[] = []
  cues.forEach((c, i) => {
    const t = c.text.toLowerCase()
    if (words.every((w) => t.includes(w))) out.push(i)
  })
  return out
}

/** Plain text of a cue: voice and styling tags (<v Speaker>, <i>) removed, entities decoded. */
export function cuePlainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
}
