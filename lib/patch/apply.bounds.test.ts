import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { parsePatch, type FileDiff } from '.'
import { slowdown } from '@/tests/support/timing'

import { applyUnifiedDiff, PatchApplyError } from './apply'

// Where each hunk lands: nearest to its stated place first (the earlier place on a tie), never before the previous
// hunk's end. Written the plain way (every place that fits, the nearest kept): the oracle for the bounded search.
function referencePositions(lines: string[], fileDiff: FileDiff): number[] | null {
  const positions: number[] = []
  let cursor = 0
  let offset = 0
  for (const hunk of fileDiff.hunks) {
    const old = hunk.lines.filter((l) => l.kind !== 'add').map((l) => l.text)
    const stated = (old.length === 0 ? hunk.oldStart : hunk.oldStart - 1) + offset
    let pos = -1
    for (let p = cursor; p + old.length <= lines.length; p++) {
      if (!old.every((t, k) => lines[p + k] === t)) continue
      if (pos < 0 || Math.abs(p - stated) < Math.abs(pos - stated)) pos = p
    }
    if (pos < 0) return null
    positions.push(pos)
    cursor = pos + old.length
    offset = pos - (old.length === 0 ? hunk.oldStart : hunk.oldStart - 1)
  }
  return positions
}

/** Apply at known positions (no search): what the file must become. */
function applyAt(lines: string[], fileDiff: FileDiff, positions: number[]): string[] {
  const out: string[] = []
  let cursor = 0
  fileDiff.hunks.forEach((hunk, i) => {
    out.push(...lines.slice(cursor, positions[i]))
    out.push(...hunk.lines.filter((l) => l.kind !== 'remove').map((l) => l.text))
    cursor = positions[i]! + hunk.lines.filter((l) => l.kind !== 'add').length
  })
  return [...out, ...lines.slice(cursor)]
}

const word = fc.constantFrom('a', 'b', 'c', '')
const hunkSpec = fc.record({
  oldStart: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(999_999_999)),
  context: fc.array(word, { minLength: 1, maxLength: 3 }),
  removed: fc.array(word, { maxLength: 2 }),
  added: fc.array(fc.constantFrom('X', 'Y'), { maxLength: 2 }),
})

function render(specs: { oldStart: number; context: string[]; removed: string[]; added: string[] }[]): FileDiff | null {
  let start = 0
  const body: string[] = []
  for (const h of specs) {
    // headers in order and not overlapping, as validation requires
    const oldStart = Math.max(h.oldStart, start + 1)
    const oldCount = h.context.length + h.removed.length
    body.push(
      `@@ -${oldStart},${oldCount} +${oldStart},${h.context.length + h.added.length} @@`,
      ...h.context.map((c) => ` ${c}`),
      ...h.removed.map((r) => `-${r}`),
      ...h.added.map((a) => `+${a}`),
    )
    start = oldStart + oldCount
  }
  const parsed = parsePatch(['--- a/f.c', '+++ b/f.c', ...body, ''].join('\n'))
  return parsed.issues.length === 0 && parsed.files.length === 1 ? parsed.files[0]! : null
}

describe('applyUnifiedDiff (property)', () => {
  it('places every hunk where the plain nearest-first search does, or fails exactly when it does', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.array(hunkSpec, { minLength: 1, maxLength: 4 }), (lines, specs) => {
        const fileDiff = render(specs)
        fc.pre(fileDiff !== null)
        const original = lines.length ? `${lines.join('\n')}\n` : ''
        const expected = referencePositions(lines, fileDiff!)
        let result: string | null
        try {
          result = applyUnifiedDiff(original, fileDiff!)
        } catch (e) {
          if (!(e instanceof PatchApplyError)) throw e
          result = null
        }
        if (expected === null) expect(result).toBeNull()
        else {
          const out = applyAt(lines, fileDiff!, expected)
          expect(result).toBe(out.length ? `${out.join('\n')}\n` : '')
        }
      }),
      { numRuns: 5000 },
    )
  })
})

describe('applyUnifiedDiff (time bound)', () => {
  const lines = Array.from({ length: 28_000 }, (_, i) => (i % 10 === 0 ? '' : `    line ${i};`))
  const file = `${lines.join('\n')}\n`
  const patchOf = (hunks: string[]) => parsePatch(`--- a/f.c\n+++ b/f.c\n${hunks.join('')}`).files[0]!
  // an ordinary patch: 2 000 hunks, each where its header says
  const ordinary = patchOf(Array.from({ length: 2000 }, (_, k) => `@@ -${k * 14 + 2},1 +${k * 14 + 2},1 @@\n-${lines[k * 14 + 1]}\n+changed\n`))

  it('costs a bounded factor over an ordinary patch, whatever the headers claim', () => {
    const adversarial: [string, FileDiff][] = [
      // one hunk whose header says line 999 999 999 (5.7 s before: the search counted every distance)
      ['a header far past the end', patchOf([`@@ -999999999,1 +999999999,1 @@\n-${lines[5]}\n+x\n`])],
      // 40 000 hunks each a file's length from their stated place (seconds before)
      [
        'hunks far from their headers',
        patchOf(Array.from({ length: 40_000 }, (_, k) => `@@ -${1 + k * 30_000},1 +${1 + k * 30_000},1 @@\n-${lines[(k % 2800) * 10 + 1]}\n+y\n`)),
      ],
      // blank context everywhere, never matching at the end
      ['blank context that never fits', patchOf([`@@ -1,3 +1,3 @@\n \n \n-nowhere\n+x\n`])],
    ]
    for (const [name, fileDiff] of adversarial) {
      const attempt = () => {
        try {
          applyUnifiedDiff(file, fileDiff)
        } catch (e) {
          if (!(e instanceof PatchApplyError)) throw e
        }
      }
      const { ratio, subjectMs, baselineMs } = slowdown(attempt, () => applyUnifiedDiff(file, ordinary), { runs: 3 })
      // the budget is a constant (about 5 million comparisons); measured a few times an ordinary patch
      expect(ratio, `${name}: ${subjectMs.toFixed(1)} ms vs ${baselineMs.toFixed(1)} ms`).toBeLessThan(40)
    }
  })

  it('reports a patch whose hunks are too far to search for as not applying, naming the hunk', () => {
    const far = patchOf(Array.from({ length: 40_000 }, (_, k) => `@@ -${1 + k * 30_000},1 +${1 + k * 30_000},1 @@\n-${lines[(k % 2800) * 10 + 1]}\n+y\n`))
    expect(() => applyUnifiedDiff(file, far, { fileName: 'Python/ceval.c' })).toThrow(
      /^hunk \d+ \(@@ .* @@, patch line \d+\) does not apply to Python\/ceval\.c: its lines are not near line/,
    )
  })
})
