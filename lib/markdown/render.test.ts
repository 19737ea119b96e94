import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import { renderInlineMarkdown, renderMarkdown, safeHref } from '@/lib/markdown'

describe('renderMarkdown: blocks', () => {
  it('wraps text in paragraphs, split by blank lines', () => {
    expect(renderMarkdown('one\ntwo\n\nthree')).toBe('<p>one\ntwo</p>\n<p>three</p>')
  })

  it('renders ATX headings, shifted by headingLevel', () => {
    expect(renderMarkdown('# Top\n### Three ###')).toBe('<h1>Top</h1>\n<h3>Three</h3>')
    expect(renderMarkdown('# Top', { headingLevel: 2 })).toBe('<h2>Top</h2>')
    expect(renderMarkdown('###### six', { headingLevel: 3 })).toBe('<h6>six</h6>')
    expect(renderMarkdown('#hashtag')).toBe('<p>#hashtag</p>')
  })

  it('renders fenced code blocks verbatim, escaped, with the language as a class', () => {
    const html = renderMarkdown('```python\nprint "<b>" & x\n  *not emphasis*\n```')
    expect(html).toBe('<pre><code class="language-python">print &quot;&lt;b&gt;&quot; &amp; x\n  *not emphasis*\n</code></pre>')
  })

  it('keeps blank lines inside fenced code and accepts ~~~ fences and an unclosed fence', () => {
    expect(renderMarkdown('~~~\na\n\nb\n~~~')).toBe('<pre><code>a\n\nb\n</code></pre>')
    expect(renderMarkdown('```\nstill code')).toBe('<pre><code>still code\n</code></pre>')
  })

  it('strips the fence indentation from the code lines', () => {
    expect(renderMarkdown('  ```\n  x = 1\n    y\n  ```')).toBe('<pre><code>x = 1\n  y\n</code></pre>')
  })

  it('sanitises the info string of a fence', () => {
    expect(renderMarkdown('```c"><script>\nx\n```')).not.toContain('<script>')
  })

  it('renders indented code blocks', () => {
    expect(renderMarkdown('text\n\n    a < b\n    c')).toBe('<p>text</p>\n<pre><code>a &lt; b\nc\n</code></pre>')
  })

  it('renders unordered lists, tight and loose', () => {
    expect(renderMarkdown('- a\n- b')).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>')
    expect(renderMarkdown('- a\n\n- b')).toBe('<ul>\n<li><p>a</p></li>\n<li><p>b</p></li>\n</ul>')
  })

  it('renders ordered lists with their start number', () => {
    expect(renderMarkdown('3. c\n4. d')).toBe('<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>')
    expect(renderMarkdown('1) a\n2) b')).toBe('<ol>\n<li>a</li>\n<li>b</li>\n</ol>')
  })

  it('nests lists by indentation and keeps continuation lines in their item', () => {
    const html = renderMarkdown('- outer\n  - inner\n  - inner 2\n- next\n  continued')
    expect(html).toBe('<ul>\n<li>outer\n<ul>\n<li>inner</li>\n<li>inner 2</li>\n</ul></li>\n<li>next\ncontinued</li>\n</ul>')
  })

  it('puts code blocks inside list items', () => {
    const html = renderMarkdown('1. run\n\n   ```sh\n   make\n   ```\n2. test')
    expect(html).toContain('<li><p>run</p>\n<pre><code class="language-sh">make\n</code></pre></li>')
    expect(html).toContain('<li><p>test</p></li>')
  })

  it('lets a list interrupt a paragraph, but not a number in the middle of a sentence', () => {
    expect(renderMarkdown('Steps:\n- one')).toBe('<p>Steps:</p>\n<ul>\n<li>one</li>\n</ul>')
    expect(renderMarkdown('in\n2014. we')).toBe('<p>in\n2014. we</p>')
  })

  it('renders block quotes, with Markdown inside', () => {
    expect(renderMarkdown('> **note**\n> more')).toBe('<blockquote>\n<p><strong>note</strong>\nmore</p>\n</blockquote>')
  })

  it('renders horizontal rules', () => {
    expect(renderMarkdown('a\n\n---\n\nb')).toBe('<p>a</p>\n<hr>\n<p>b</p>')
  })

  it('renders GitHub-style tables with alignment, and pipes inside code', () => {
    const html = renderMarkdown('| type | `answer` |\n|:---|:--:|\n| `a|b` | 1 |\n| x |')
    expect(html).toBe(
      '<table>\n<thead>\n<tr><th style="text-align:left">type</th><th style="text-align:center"><code>answer</code></th></tr>\n</thead>\n' +
        '<tbody>\n<tr><td style="text-align:left"><code>a|b</code></td><td style="text-align:center">1</td></tr>\n' +
        '<tr><td style="text-align:left">x</td><td style="text-align:center"></td></tr>\n</tbody>\n</table>',
    )
  })

  it('handles CRLF input and empty input', () => {
    expect(renderMarkdown('a\r\nb\r\n\r\nc')).toBe('<p>a\nb</p>\n<p>c</p>')
    expect(renderMarkdown('')).toBe('')
    expect(renderMarkdown('   \n\n')).toBe('')
  })
})

describe('renderMarkdown: inline', () => {
  it('renders emphasis, strong and strikethrough', () => {
    expect(renderInlineMarkdown('*a* _b_ **c** __d__ ~~e~~')).toBe('<em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <del>e</del>')
  })

  it('leaves identifiers with underscores and lone stars alone', () => {
    expect(renderInlineMarkdown('tp_iter and ob_refcnt_x')).toBe('tp_iter and ob_refcnt_x')
    expect(renderInlineMarkdown('2 * 3 * 4')).toBe('2 * 3 * 4')
    expect(renderInlineMarkdown('PyObject *op, *p')).toBe('PyObject *op, *p')
  })

  it('renders code spans verbatim, including Markdown characters and HTML', () => {
    expect(renderInlineMarkdown('`a *b* <c>` and `` x ` y ``')).toBe('<code>a *b* &lt;c&gt;</code> and <code>x ` y</code>')
  })

  it('applies backslash escapes outside code only', () => {
    expect(renderInlineMarkdown('\\*not em\\* `\\*`')).toBe('*not em* <code>\\*</code>')
  })

  it('renders hard line breaks', () => {
    expect(renderMarkdown('a  \nb\\\nc')).toBe('<p>a<br>\nb<br>\nc</p>')
  })

  it('renders links with titles, and code inside link text', () => {
    expect(renderInlineMarkdown('[the `dis` module](https://docs.python.org/2.7/library/dis.html "docs")')).toBe(
      '<a href="https://docs.python.org/2.7/library/dis.html" title="docs" rel="nofollow noopener noreferrer">the <code>dis</code> module</a>',
    )
    expect(renderInlineMarkdown('[here](/source/Python/ceval.c?lines=1-2)')).toBe('<a href="/source/Python/ceval.c?lines=1-2">here</a>')
    expect(renderInlineMarkdown('[wiki](https://en.wikipedia.org/wiki/Foo_(bar))')).toContain('href="https://en.wikipedia.org/wiki/Foo_(bar)"')
  })

  it('autolinks <url> and bare URLs without trailing punctuation', () => {
    expect(renderInlineMarkdown('<https://python.org>')).toBe('<a href="https://python.org" rel="nofollow noopener noreferrer">https://python.org</a>')
    expect(renderInlineMarkdown('see https://python.org/x.')).toBe(
      'see <a href="https://python.org/x" rel="nofollow noopener noreferrer">https://python.org/x</a>.',
    )
  })

  it('shows images as links, so content never loads anything', () => {
    expect(renderInlineMarkdown('![a diagram](https://example.org/x.png)')).toBe(
      '<a href="https://example.org/x.png" rel="nofollow noopener noreferrer">a diagram</a>',
    )
  })

  it('opens links in a new tab with newTab', () => {
    expect(renderInlineMarkdown('[a](/x) <https://b.example>', { newTab: true })).toBe(
      '<a href="/x" target="_blank" rel="noopener">a</a> <a href="https://b.example" target="_blank" rel="nofollow noopener noreferrer">https://b.example</a>',
    )
  })

  it('links code spans through linkCode, dropping unsafe hrefs', () => {
    const linkCode = (code: string) => (code.includes('/') ? `/source/${code}` : code === 'evil' ? 'javascript:alert(1)' : null)
    expect(renderInlineMarkdown('`Python/ceval.c` `x` `evil`', { linkCode })).toBe(
      '<a href="/source/Python/ceval.c"><code>Python/ceval.c</code></a> <code>x</code> <code>evil</code>',
    )
  })
})

describe('renderMarkdown: safety', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[x](vbscript:msgbox)',
    '[x](//evil.example/steal)',
    '[x](&#106;avascript:alert(1))',
    '<javascript:alert(1)>',
    '[x](https://ok.example "a\\" onmouseover=alert(1)")',
    '`</code><script>x</script>`',
    '```"><script>\nx\n```',
    '| <b>h</b> |\n|---|\n| <i>c</i> |',
    '> <iframe src=x>',
    '- <svg onload=alert(1)>',
    '\u0000<script>',
  ]
  it.each(attacks)('never emits raw HTML or script URLs: %s', (input) => {
    const html = renderMarkdown(input)
    expect(html).not.toMatch(/<(script|img|iframe|svg|b|i)\b/i)
    expect(html).not.toMatch(/href="(?!https:\/\/ok\.example)[^"]*:/i)
    expect(html).not.toMatch(/href="\/\//)
    // an event-handler attribute outside a quoted value
    expect(html).not.toMatch(/<[a-z]+(?:\s+[a-z-]+="[^"]*")*\s+on\w+=/i)
    expect(html).not.toContain('\u0000')
  })

  it('escapes quotes in attributes', () => {
    expect(renderInlineMarkdown('[x](https://a.example/?q="y")')).not.toContain('q="y"')
  })

  it('safeHref accepts only http(s), mailto and relative URLs', () => {
    expect(safeHref('https://a.example')).toBe('https://a.example')
    expect(safeHref('mailto:x@y.example')).toBe('mailto:x@y.example')
    expect(safeHref('/source/x')).toBe('/source/x')
    expect(safeHref('#part')).toBe('#part')
    expect(safeHref('../x')).toBe('../x')
    expect(safeHref('file:///etc/passwd')).toBeNull()
    expect(safeHref(' javascript:x')).toBeNull()
    expect(safeHref('javas\ncript:x')).toBeNull()
    expect(safeHref('//evil.example')).toBeNull()
    expect(safeHref('')).toBeNull()
  })

  it('renders a large input in linear-ish time', () => {
    const big = `word *em* \`code\` [l](/x) ${'_'.repeat(5)}\n`.repeat(4000)
    const t = Date.now()
    renderMarkdown(big)
    renderMarkdown('*'.repeat(20_000))
    renderMarkdown('`'.repeat(20_000))
    renderMarkdown('['.repeat(20_000))
    expect(Date.now() - t).toBeLessThan(3000)
  })
})

describe('renderMarkdown on the course content', () => {
  const dir = path.join(process.cwd(), 'quizzes')
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'))
  it.each(files)('renders every prompt and explanation of %s without leaking Markdown syntax or HTML', (file) => {
    const lecture = parse(readFileSync(path.join(dir, file), 'utf8')) as { questions: { prompt: string; explanation: string }[] }
    for (const q of lecture.questions) {
      for (const text of [q.prompt, q.explanation]) {
        const html = renderMarkdown(text)
        expect(html.startsWith('<')).toBe(true)
        expect(html).not.toContain('```')
        expect(html).not.toMatch(/<(script|img|iframe)\b/)
      }
    }
  })
})
