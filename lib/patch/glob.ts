/**
 * Path globs for assignment policies, matched against paths relative to the CPython tree:
 *
 *   *      any characters except "/"          Objects/*.c
 *   ?      one character except "/"           Python/ast?.c
 *   [abc]  one of the characters (or [!abc])  Include/[a-m]*.h
 *   **     any number of whole directories    Include/**, Lib/**\/test_*.py
 *
 * Matching is case-sensitive and anchored at both ends. Nothing else is special.
 */
const cache = new Map<string, RegExp>()

export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob)
  if (cached) return cached
  const segments = glob.split('/')
  let source = ''
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1
    if (segment === '**') {
      // "a/**" matches everything below a; "**/b" and "a/**/b" match b at any depth (including none).
      source += last ? '.+' : '(?:[^/]+/)*'
      return
    }
    source += segmentToRegExp(segment) + (last ? '' : '/')
  })
  const re = new RegExp(`^${source}$`)
  cache.set(glob, re)
  return re
}

function segmentToRegExp(segment: string): string {
  let out = ''
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!
    if (ch === '*') {
      while (segment[i + 1] === '*') i++
      out += '[^/]*'
    } else if (ch === '?') {
      out += '[^/]'
    } else if (ch === '[') {
      const close = segment.indexOf(']', i + 2)
      if (close < 0) {
        out += '\\['
        continue
      }
      let body = segment.slice(i + 1, close)
      const negate = body.startsWith('!') || body.startsWith('^')
      if (negate) body = body.slice(1)
      const escaped = body.replace(/[\\\][^]/g, (c) => `\\${c}`)
      out += negate ? `[^/${escaped}]` : `[${escaped}]`
      i = close
    } else {
      out += ch.replace(/[.*+?^${}()|[\]\\/-]/g, (c) => `\\${c}`)
    }
  }
  return out
}

export function matchesGlob(path: string, glob: string): boolean {
  return globToRegExp(glob).test(path)
}

export function matchesAnyGlob(path: string, globs: readonly string[] | undefined): boolean {
  return (globs ?? []).some((glob) => matchesGlob(path, glob))
}
