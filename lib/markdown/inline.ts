import { escapeAttribute, escapeHtml } from './escape'
import { safeHref } from './links'
import type { MarkdownOptions } from './options'

// Inline Markdown: code spans, links, autolinks, emphasis, strikethrough, hard breaks and backslash escapes.
// Pieces that must not be touched by later steps (code, links, escapes) are swapped for placeholders
// (\u0000<n>\u0000; NUL never survives from the input) and put back at the end.

const PLACEHOLDER = /\u0000(\d+)\u0000/g
const ESCAPABLE = /\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g

export function renderInline(text: string, options: MarkdownOptions = {}): string {
  const tokens: string[] = []
  const put = (html: string) => `\u0000${tokens.push(html) - 1}\u0000`
  let s = text.replace(/\u0000/g, '\uFFFD')

  // code spans first: nothing inside them is Markdown
  s = s.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_m, _ticks: string, body: string) => {
    const code = body.replace(/\n/g, ' ')
    const trimmed = /^ .*[^ ].* $/.test(code) ? code.slice(1, -1) : code
    const html = `<code>${escapeHtml(trimmed)}</code>`
    const href = options.linkCode?.(trimmed)
    const safe = href ? safeHref(href) : null
    return put(safe ? `<a href="${escapeAttribute(safe)}"${linkAttrs(safe, options)}>${html}</a>` : html)
  })

  // <https://example.org> autolinks
  s = s.replace(/<((?:https?:\/\/|mailto:)[^\s<>]+)>/g, (m, url: string) => {
    const safe = safeHref(url)
    return safe ? put(`<a href="${escapeAttribute(safe)}"${linkAttrs(safe, options)}>${escapeHtml(url)}</a>`) : m
  })

  // a backslash at the end of a line is a hard break; other backslash escapes give the literal character
  s = s.replace(/\\\n/g, () => put('<br>\n'))
  s = s.replace(ESCAPABLE, (_m, ch: string) => put(escapeHtml(ch)))

  // [text](url "title") and ![alt](src): images are shown as links, so content never makes the browser fetch
  // anything by itself
  // (the text holds no bracket and a <destination> no angle bracket, as in CommonMark: so every attempt stops at
  // the next bracket, and a line of "[" or of "[](<" costs linear time instead of a scan to the end per bracket)
  s = s.replace(
    /(!?)\[([^[\]]*)\]\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+"([^"\n]*)")?\s*\)/g,
    (_m, bang: string, label: string, rawUrl: string, title?: string) => {
      const url = rawUrl.startsWith('<') ? rawUrl.slice(1, -1) : rawUrl
      const safe = safeHref(restore(url, tokens, true))
      const inner = bang ? escapeHtml(restore(label, tokens, true) || url) : emphasis(escapeHtml(label))
      if (!safe) return put(inner)
      const titleAttr = title ? ` title="${escapeAttribute(title)}"` : ''
      return put(`<a href="${escapeAttribute(safe)}"${titleAttr}${linkAttrs(safe, options)}>${inner}</a>`)
    },
  )

  // bare http(s) URLs (GitHub-style), not counting trailing punctuation
  s = s.replace(/(^|[\s(])(https?:\/\/[^\s<>\u0000]*[^\s<>\u0000.,:;"')\]!?])/g, (_m, before: string, url: string) => {
    const safe = safeHref(url)
    return safe ? `${before}${put(`<a href="${escapeAttribute(safe)}"${linkAttrs(safe, options)}>${escapeHtml(url)}</a>`)}` : `${before}${url}`
  })

  s = emphasis(escapeHtml(s))
  s = hardBreaks(s)
  return restore(s, tokens, false)
}

function emphasis(s: string): string {
  return (
    s
      .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^\p{L}\p{N}_])__(?=\S)([\s\S]*?\S)__(?![\p{L}\p{N}_])/gu, '$1<strong>$2</strong>')
      // one star: not when it is a lone "*" between spaces (a multiplication sign)
      .replace(/\*(?=[^\s*])([^*]*?[^\s*]|[^\s*])\*/g, '<em>$1</em>')
      // underscores only at word boundaries, so identifiers such as tp_iter_next stay intact
      .replace(/(^|[^\p{L}\p{N}_])_(?=[^\s_])([^_]*?[^\s_]|[^\s_])_(?![\p{L}\p{N}_])/gu, '$1<em>$2</em>')
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>')
  )
}

/** Put placeholders back (repeatedly: a link's text can hold code spans). As text, code spans lose their markup. */
function restore(s: string, tokens: string[], asText: boolean): string {
  let out = s
  for (let i = 0; i < 8 && out.includes('\u0000'); i++) {
    out = out.replace(PLACEHOLDER, (_m, n: string) => {
      const html = tokens[Number(n)] ?? ''
      return asText ? htmlToText(html) : html
    })
  }
  return out
}

function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

function linkAttrs(href: string, options: MarkdownOptions): string {
  const external = /^(https?:)?\/\//i.test(href)
  const target = options.newTab ? ' target="_blank"' : ''
  if (external) return `${target} rel="nofollow noopener noreferrer"`
  return options.newTab ? `${target} rel="noopener"` : ''
}

/** Two or more spaces before a line break make a hard break (`/ {2,}\n/g`, read line by line: that pattern retried every space of a long run). */
function hardBreaks(s: string): string {
  if (!s.includes('  \n')) return s
  const lines = s.split('\n')
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!
    let end = line.length
    while (end > 0 && line.charCodeAt(end - 1) === 0x20) end--
    if (line.length - end >= 2) lines[i] = `${line.slice(0, end)}<br>`
  }
  return lines.join('\n')
}
