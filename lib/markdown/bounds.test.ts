import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { slowdown } from '@/tests/support/timing'

import { renderMarkdown } from '.'
import { isTableDelimiter } from './render'

// Markdown is staff-written (quiz prompts and explanations up to 20 000 characters, homework READMEs), but it is
// rendered on page views, so each line should cost linear time.
const LIMIT = 20_000

describe('isTableDelimiter (property)', () => {
  it('reads a line exactly as the one-line regular expression it replaced', () => {
    const REFERENCE = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(' ', '\t', '|', ':', '-', '--', 'x', '    '), { maxLength: 14 }).map((p) => p.join('')),
        (line) => {
          expect(isTableDelimiter(line)).toBe(REFERENCE.test(line))
        },
      ),
      { numRuns: 20_000 },
    )
  })
})

describe('renderMarkdown (property)', () => {
  it('keeps hard breaks and trailing-space handling as before on random paragraphs', () => {
    // the two rules rewritten as scans, written here as the regular expressions they replaced
    // lines of one paragraph: each starts with a letter (no code block, list or heading), then spaces, tabs, words
    const line = fc.array(fc.constantFrom('a', ' ', '  ', '\t', 'b c', '   '), { maxLength: 8 }).map((p) => `x${p.join('')}`)
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const html = renderMarkdown(lines.join('\n'))
        // each line but the last that ends in two or more spaces is one hard break, and the spaces are gone
        const expected = lines.slice(0, -1).filter((l) => / {2,}$/.test(l)).length
        expect((html.match(/<br>/g) ?? []).length).toBe(expected)
        expect(html).not.toMatch(/ <br>/)
        // trailing spaces and tabs of the paragraph are dropped
        expect(html).not.toMatch(/[ \t]<\/p>/)
      }),
      { numRuns: 3000 },
    )
  })

  it('costs a small factor over an ordinary document of the same size on long runs of spaces', () => {
    const ordinary = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} with \`code\`, **bold** and a [link](https://example.org/${i}).\n`)
      .join('\n')
      .slice(0, LIMIT)
    const adversarial: [string, string][] = [
      ['a paragraph of spaces ending in a letter', `a${' '.repeat(LIMIT - 2)}b`],
      ['a pipe and spaces (table-like)', `|${' '.repeat(LIMIT - 2)}x`],
      ['dashes then spaces, under a table header', `| a |\n${'-'.repeat(LIMIT / 2)}${' '.repeat(LIMIT / 2 - 20)}||`],
      ['spaces before a line break, many times', `${'a  \n'.repeat(LIMIT / 4)}`],
      ['one long run of spaces without a break', `a${' '.repeat(LIMIT - 3)}\nb`],
      ['a line of opening brackets (0.18 s before)', '['.repeat(LIMIT)],
      ['opening brackets before one link', `${'['.repeat(LIMIT - 10)}a](x)`],
      ['links whose <destination> never closes', '[](<'.repeat(LIMIT / 4)],
      ['links whose title never closes', '[](a "'.repeat(LIMIT / 6)],
    ]
    for (const [name, text] of adversarial) {
      const { ratio, subjectMs, baselineMs } = slowdown(
        () => renderMarkdown(text),
        () => renderMarkdown(ordinary),
        { runs: 3 },
      )
      // measured under 1×; the space runs were 100-500× before (0.4-0.6 s), the brackets about 50×
      expect(ratio, `${name}: ${subjectMs.toFixed(1)} ms vs ${baselineMs.toFixed(1)} ms`).toBeLessThan(10)
    }
  })
})
