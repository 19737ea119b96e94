/**
 * The href a Markdown link may have, or null. Allowed: http(s), mailto, and relative URLs (/path, #anchor,
 * ./x, ../x, path). Anything with another scheme (javascript:, data:, vbscript:, file:, …) is refused, also
 * when disguised with control characters, entities or mixed case.
 */
export function safeHref(raw: string): string | null {
  const href = raw.trim()
  if (href.length === 0 || href.length > 2048) return null
  // browsers ignore tabs/newlines and leading control characters when reading a scheme
  if (/[\u0000-\u001F\u007F\s]/.test(href)) return null
  if (href.startsWith('//')) return null
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)
  if (scheme) return ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase()) ? href : null
  // no scheme: a ':' before the first '/', '?' or '#' would be read as one
  const beforePath = href.split(/[/?#]/)[0]
  if (beforePath.includes(':') || beforePath.includes('&')) return null
  return href
}
