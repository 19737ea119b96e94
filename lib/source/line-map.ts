// Mapping line numbers written against one CPython version (the lectures, questions and READMEs cite 2.7.8) to the
// lines of another version's copy of the same file (2.7.18 on a fallback install), so a link lands on the same code.
//
// A file's map is the list of runs of lines the two versions have in common, found by a line diff (Myers' O(ND)
// algorithm after trimming the common head and tail). A line inside a run maps exactly; a line the newer version
// changed maps to the same offset inside the replacing block, clamped to it. The map holds only numbers, never
// source text, so it can be committed (lib/source/line-maps/) for servers that have only one of the two trees.

/** The CPython version the lectures, questions and READMEs cite line numbers of. */
export const CITED_VERSION = '2.7.8'

/** [first line in the old version, first line in the new version, number of lines], 1-based, ascending. */
export type EqualRun = readonly [number, number, number]

export type LineRange = { start: number; end: number }

/** The runs of identical lines of `a` and `b` (1-based), in order. */
export function equalRuns(a: readonly string[], b: readonly string[]): EqualRun[] {
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const middle = myersMatches(a.slice(head, a.length - tail), b.slice(head, b.length - tail))
  const pairs: Array<[number, number]> = []
  for (let i = 0; i < head; i++) pairs.push([i, i])
  for (const [i, j] of middle) pairs.push([i + head, j + head])
  for (let k = tail; k > 0; k--) pairs.push([a.length - k, b.length - k])
  const runs: Array<[number, number, number]> = []
  for (const [i, j] of pairs) {
    const last = runs[runs.length - 1]
    if (last && last[0] + last[2] - 1 === i && last[1] + last[2] - 1 === j) last[2]++
    else runs.push([i + 1, j + 1, 1])
  }
  return runs
}

/** Matched index pairs (0-based) of a shortest edit script from a to b. */
function myersMatches(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const n = a.length
  const m = b.length
  if (n === 0 || m === 0) return []
  const max = n + m
  const offset = max
  const v = new Int32Array(2 * max + 2)
  const trace: Int32Array[] = []
  let found = false
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2))
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) {
        found = true
        break
      }
    }
  }
  // walk back through the saved frontiers (trace[d] holds v[-d-1 .. d+1] as it was before step d)
  const matches: Array<[number, number]> = []
  let x = n
  let y = m
  for (let d = trace.length - 1; d > 0; d--) {
    const before = trace[d]
    const at = (k: number) => before[k + d + 1]
    const k = x - y
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1
    const prevX = at(prevK)
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      x--
      y--
      matches.push([x, y])
    }
    x = prevX
    y = prevY
  }
  while (x > 0 && y > 0) {
    x--
    y--
    matches.push([x, y])
  }
  return matches.reverse()
}

/** Where `line` of the old version is in the new one. */
export function mapLine(runs: readonly EqualRun[], line: number): number {
  let prevOldEnd = 0 // last old line of the run before `line`
  let prevNewEnd = 0
  for (const [oldStart, newStart, length] of runs) {
    if (line < oldStart) {
      // inside a block the new version changed: same offset into the replacing block, clamped to it
      const replacing = newStart - 1 - prevNewEnd
      const into = line - prevOldEnd
      return prevNewEnd + Math.max(1, Math.min(into, Math.max(replacing, 1)))
    }
    if (line < oldStart + length) return newStart + (line - oldStart)
    prevOldEnd = oldStart + length - 1
    prevNewEnd = newStart + length - 1
  }
  return prevNewEnd + (line - prevOldEnd)
}

export function mapRange(runs: readonly EqualRun[], range: LineRange): LineRange {
  const start = mapLine(runs, range.start)
  return { start, end: Math.max(start, mapLine(runs, range.end)) }
}

/** Lines of a file's text, as the viewer numbers them. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n')
  if (text.endsWith('\n')) lines.pop()
  return lines
}

/** Compact text form of a run list, as committed: "old,new,len;old,new,len". */
export function encodeRuns(runs: readonly EqualRun[]): string {
  return runs.map((r) => r.join(',')).join(';')
}

export function decodeRuns(text: string): EqualRun[] {
  if (!text) return []
  return text.split(';').map((part) => {
    const [a, b, c] = part.split(',').map(Number)
    return [a, b, c] as const
  })
}
