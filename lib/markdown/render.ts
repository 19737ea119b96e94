import { escapeAttribute, escapeHtml } from './escape'
import { renderInline } from './inline'
import type { MarkdownOptions } from './options'

// A small, safe Markdown renderer for content written by the course staff (quiz prompts and explanations,
// homework READMEs). Raw HTML is never passed through: every character of the input ends up escaped unless a
// Markdown construct produced the tag. Supported: paragraphs, ATX headings, fenced and indented code blocks,
// block quotes, ordered and unordered lists (nested by indentation), horizontal rules, GitHub-style tables,
// and the inline constructs of ./inline.ts.

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const QUOTE = /^ {0,3}> ?(.*)$/
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+(.*)|[ \t]*$)/
const DELIMITER_CELL = /^[ \t]*:?-+:?[ \t]*$/
const INDENTED_CODE = /^(?: {4}|\t)/

// Content is staff-written, but rendering still reads each line in linear time: `[ \t]+$` on a paragraph, and the
// one-line form of the table delimiter row, `^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`, were
// quadratic on a long run of spaces (about half a second at the 20 000-character limit of a quiz prompt).

/** Drop trailing spaces and tabs (one backward scan). */
function trimTrailingBlanks(text: string): string {
  let end = text.length
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--
  return text.slice(0, end)
}

/** A table's delimiter row (`| --- | :-: |`): optional outer pipes (at most 3 spaces before the first), cells of dashes with optional colons. */
export function isTableDelimiter(line: string): boolean {
  let start = 0
  while (start < line.length && (line[start] === ' ' || line[start] === '\t')) start++
  if (line[start] === '|') {
    if (start > 3 || line.slice(0, start).includes('\t')) return false
    start++
  }
  let body = trimTrailingBlanks(line.slice(start))
  if (body.endsWith('|')) body = body.slice(0, -1)
  return body.split('|').every((cell) => DELIMITER_CELL.test(cell))
}

const MAX_DEPTH = 12

/** Render Markdown to safe HTML. */
export function renderMarkdown(text: string, options: MarkdownOptions = {}): string {
  const lines = String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
  return renderBlocks(lines, options, 0).join('\n')
}

/** Render one line of inline Markdown (no paragraphs): for choice labels, titles and the like. */
export function renderInlineMarkdown(text: string, options: MarkdownOptions = {}): string {
  return renderInline(
    String(text ?? '')
      .replace(/\r\n?/g, '\n')
      .trim(),
    options,
  )
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line)
}

/** Does this line start a block that interrupts a paragraph? */
function interruptsParagraph(line: string): boolean {
  if (FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line)) return true
  const item = LIST_ITEM.exec(line)
  // an ordered item interrupts a paragraph only when it starts at 1, and an empty item never does
  return Boolean(item?.[4] && (/^[-*+]$/.test(item[2]) || /^1[.)]$/.test(item[2])))
}

function renderBlocks(lines: string[], options: MarkdownOptions, depth: number): string[] {
  const out: string[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]
    if (isBlank(line)) {
      i++
      continue
    }

    const fence = FENCE.exec(line)
    if (fence) {
      const [, indent, marker, lang] = fence
      const body: string[] = []
      i++
      while (i < lines.length && !new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`).test(lines[i])) {
        body.push(stripIndent(lines[i], indent.length))
        i++
      }
      i++ // the closing fence (or the end of the text)
      const cls = lang ? ` class="language-${escapeAttribute(lang.replace(/[^A-Za-z0-9_+-]/g, ''))}"` : ''
      out.push(`<pre><code${cls}>${escapeHtml(body.join('\n'))}${body.length ? '\n' : ''}</code></pre>`)
      continue
    }

    const heading = HEADING.exec(line)
    if (heading) {
      const level = Math.min(6, heading[1].length + Math.max(0, (options.headingLevel ?? 1) - 1))
      out.push(`<h${level}>${renderInline(heading[2] ?? '', options)}</h${level}>`)
      i++
      continue
    }

    if (RULE.test(line)) {
      out.push('<hr>')
      i++
      continue
    }

    if (QUOTE.test(line)) {
      const body: string[] = []
      while (i < lines.length && !isBlank(lines[i])) {
        const q = QUOTE.exec(lines[i])
        body.push(q ? q[1] : lines[i]) // lazy continuation lines belong to the quote
        i++
      }
      const inner = depth < MAX_DEPTH ? renderBlocks(body, options, depth + 1).join('\n') : `<p>${escapeHtml(body.join('\n'))}</p>`
      out.push(`<blockquote>\n${inner}\n</blockquote>`)
      continue
    }

    if (LIST_ITEM.test(line)) {
      const list = parseList(lines, i)
      i = list.next
      out.push(renderList(list, options, depth))
      continue
    }

    if (INDENTED_CODE.test(line)) {
      const body: string[] = []
      while (i < lines.length && (INDENTED_CODE.test(lines[i]) || isBlank(lines[i]))) {
        body.push(lines[i].replace(/^(?: {4}|\t)/, ''))
        i++
      }
      while (body.length && isBlank(body[body.length - 1])) body.pop()
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}\n</code></pre>`)
      continue
    }

    if (line.includes('|') && i + 1 < lines.length && isTableDelimiter(lines[i + 1]) && lines[i + 1].includes('-')) {
      const header = splitRow(line)
      const aligns = splitRow(lines[i + 1]).map((cell) =>
        cell.startsWith(':') && cell.endsWith(':') ? 'center' : cell.endsWith(':') ? 'right' : cell.startsWith(':') ? 'left' : null,
      )
      if (header.length === aligns.length) {
        i += 2
        const rows: string[][] = []
        while (i < lines.length && !isBlank(lines[i]) && lines[i].includes('|') && !interruptsParagraph(lines[i])) {
          rows.push(splitRow(lines[i]))
          i++
        }
        const cell = (tag: 'th' | 'td', text: string, col: number) => {
          const align = aligns[col]
          return `<${tag}${align ? ` style="text-align:${align}"` : ''}>${renderInline(text, options)}</${tag}>`
        }
        const head = `<thead>\n<tr>${header.map((h, c) => cell('th', h, c)).join('')}</tr>\n</thead>`
        const body = rows.length
          ? `\n<tbody>\n${rows.map((r) => `<tr>${header.map((_h, c) => cell('td', r[c] ?? '', c)).join('')}</tr>`).join('\n')}\n</tbody>`
          : ''
        out.push(`<table>\n${head}${body}\n</table>`)
        continue
      }
    }

    // a paragraph: up to a blank line or the start of another block
    const para: string[] = [line]
    i++
    while (i < lines.length && !isBlank(lines[i]) && !interruptsParagraph(lines[i])) {
      para.push(lines[i])
      i++
    }
    out.push(`<p>${renderInline(trimTrailingBlanks(para.map((l) => l.replace(/^[ \t]+/, '')).join('\n')), options)}</p>`)
  }
  return out
}

type ParsedList = { ordered: boolean; start: number; items: string[][]; loose: boolean; next: number }

function parseList(lines: string[], from: number): ParsedList {
  const first = LIST_ITEM.exec(lines[from])!
  const ordered = /\d/.test(first[2])
  const delimiter = first[2].slice(-1)
  const start = ordered ? Number.parseInt(first[2], 10) : 1
  const items: string[][] = []
  let loose = false
  let i = from
  let sawBlank = false
  while (i < lines.length) {
    const m = LIST_ITEM.exec(lines[i])
    const sameKind = m && (ordered ? /\d/.test(m[2]) && m[2].slice(-1) === delimiter : m[2] === first[2])
    if (!m || !sameKind) break
    if (sawBlank) loose = true
    const contentIndent = m[1].length + m[2].length + (m[4] !== undefined ? Math.min(4, Math.max(1, m[3].length - m[4].length)) : 1)
    const item: string[] = [m[4] ?? '']
    i++
    sawBlank = false
    while (i < lines.length) {
      const l = lines[i]
      if (isBlank(l)) {
        // a blank line ends the list unless indented content (or another item) follows
        let j = i
        while (j < lines.length && isBlank(lines[j])) j++
        if (j >= lines.length) {
          i = j
          break
        }
        const indent = leadingSpaces(lines[j])
        if (indent >= contentIndent) {
          item.push(...lines.slice(i, j).map(() => ''))
          i = j
          if (item.some((x, k) => k > 0 && x === '')) loose = true
          continue
        }
        const nextItem = LIST_ITEM.exec(lines[j])
        if (nextItem && nextItem[1].length < contentIndent) {
          sawBlank = true
          i = j
        }
        break
      }
      const indent = leadingSpaces(l)
      if (indent >= contentIndent) {
        item.push(stripIndent(l, contentIndent))
        i++
        continue
      }
      // a new item of this list, or the end of it
      if (LIST_ITEM.test(l) || interruptsParagraph(l)) break
      // lazy continuation of the item's paragraph
      item.push(l.trimStart())
      i++
    }
    items.push(item)
    if (sawBlank && !(i < lines.length && LIST_ITEM.test(lines[i]))) break
  }
  return { ordered, start, items, loose, next: i }
}

function renderList(list: ParsedList, options: MarkdownOptions, depth: number): string {
  const tag = list.ordered ? 'ol' : 'ul'
  const startAttr = list.ordered && list.start !== 1 ? ` start="${list.start}"` : ''
  const items = list.items.map((item) => {
    if (depth >= MAX_DEPTH) return `<li>${escapeHtml(item.join('\n'))}</li>`
    const blocks = renderBlocks(item, options, depth + 1)
    // tight lists show their paragraphs without <p>
    const html = list.loose ? blocks.join('\n') : blocks.map((b) => (b.startsWith('<p>') ? b.slice(3, -4) : b)).join('\n')
    return `<li>${html}</li>`
  })
  return `<${tag}${startAttr}>\n${items.join('\n')}\n</${tag}>`
}

function leadingSpaces(line: string): number {
  let n = 0
  for (const ch of line) {
    if (ch === ' ') n++
    else if (ch === '\t') n += 4 - (n % 4)
    else break
  }
  return n
}

function stripIndent(line: string, count: number): string {
  let removed = 0
  let k = 0
  while (k < line.length && removed < count) {
    if (line[k] === ' ') removed++
    else if (line[k] === '\t') removed += 4 - (removed % 4)
    else break
    k++
  }
  return line.slice(k)
}

function splitRow(line: string): string[] {
  let row = line.trim()
  if (row.startsWith('|')) row = row.slice(1)
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1)
  const cells: string[] = []
  let current = ''
  let inCode = false
  for (let k = 0; k < row.length; k++) {
    const ch = row[k]
    if (ch === '\\' && row[k + 1] === '|') {
      current += '|'
      k++
    } else if (ch === '`') {
      inCode = !inCode
      current += ch
    } else if (ch === '|' && !inCode) {
      cells.push(current.trim())
      current = ''
    } else current += ch
  }
  cells.push(current.trim())
  return cells
}
