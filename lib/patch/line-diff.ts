// Line-level difference of two sequences (Myers' O(ND) algorithm, linear-space "middle snake" variant).
// Pure and synchronous: the workbench runs it in the browser on every edit (live diff) and on the server when a
// draft becomes a patch, so both sides produce the same text.
//
// Lines are compared as integers (each distinct line is interned once), so a 5 000-line file costs a few
// milliseconds when the edit is small: the common prefix and suffix are trimmed before any search.
//
// Bounded work: the input is a student's draft (up to 2 MiB), and Myers' search costs O((N + M) · D), quadratic
// when the two sides have little in common. So the search only visits diagonals that exist in the edit graph
// (k in [-M, N]), and every diagonal visited and every line compared in a snake is charged to a budget
// (DEFAULT_DIFF_BUDGET, deterministic, so the browser and the server agree). When the budget runs out, each part
// not yet split is emitted as "delete all of it, then insert all of it": a longer diff than the shortest one, but
// still exact, so `patch -p1` applies it to the same result. Everything else (interning, trimming, the fallback)
// is linear in the number of lines.

export type DiffOp = { kind: 'equal'; oldIndex: number; newIndex: number } | { kind: 'delete'; oldIndex: number } | { kind: 'insert'; newIndex: number }

/**
 * Work units (diagonals visited plus lines compared) the search may spend per diff: about 15-30 ms on an idle core.
 * Measured costs of exact diffs: ceval.c (4 915 lines) with every 10th line edited 0.5 M, every 5th 2 M; the longest
 * file of the tree (28 091 lines) with every 50th line edited 0.9 M. Past the budget the diff is still exact, only
 * longer (see the fallback above).
 */
export const DEFAULT_DIFF_BUDGET = 4_000_000

export type DiffResult = {
  ops: DiffOp[]
  /** true when the budget ran out and part of the script is a whole-block replacement rather than the shortest */
  truncated: boolean
  /** work units spent by the search (at most the budget, plus one step) */
  spent: number
}

/**
 * An edit script turning `a` into `b`, as one entry per line (0-based indices): the shortest one unless the budget
 * runs out (see DiffResult.truncated). Within a run of changes, deletions come before insertions, as in GNU diff.
 */
export function diffSequences(a: readonly string[], b: readonly string[], options: { budget?: number } = {}): DiffOp[] {
  return diffSequencesBounded(a, b, options).ops
}

export function diffSequencesBounded(a: readonly string[], b: readonly string[], options: { budget?: number } = {}): DiffResult {
  const ids = new Map<string, number>()
  const intern = (line: string) => {
    let id = ids.get(line)
    if (id === undefined) ids.set(line, (id = ids.size))
    return id
  }
  const ai = Int32Array.from(a, intern)
  const bi = Int32Array.from(b, intern)
  const raw: DiffOp[] = []
  const budget = Math.max(0, options.budget ?? DEFAULT_DIFF_BUDGET)
  const search = new MiddleSnakeDiff(ai, bi, raw, budget)
  search.run(0, ai.length, 0, bi.length)
  return { ops: orderChangeRuns(raw), truncated: search.truncated, spent: search.spent }
}

/** Put the deletions of each run of consecutive changes before its insertions (readable, and what diff(1) does). */
function orderChangeRuns(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = []
  let deletes: DiffOp[] = []
  let inserts: DiffOp[] = []
  const flush = () => {
    // push one by one: spreading a run of a million entries into push() overflows the call stack
    for (const op of deletes) out.push(op)
    for (const op of inserts) out.push(op)
    deletes = []
    inserts = []
  }
  for (const op of ops) {
    if (op.kind === 'equal') {
      flush()
      out.push(op)
    } else if (op.kind === 'delete') deletes.push(op)
    else inserts.push(op)
  }
  flush()
  return out
}

type Snake = { x: number; y: number; u: number; v: number }

class MiddleSnakeDiff {
  // scratch arrays for the forward and backward searches, grown as needed
  private forward = new Int32Array(0)
  private backward = new Int32Array(0)
  /** set once the budget is spent: from then on every unsplit part is replaced as a block */
  truncated = false
  spent = 0

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly out: DiffOp[],
    private budget: number,
  ) {}

  /** Emit the edit script for a[aLo, aHi) → b[bLo, bHi) in order. */
  run(aLo: number, aHi: number, bLo: number, bHi: number): void {
    const { a, b, out } = this
    // common prefix
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) out.push({ kind: 'equal', oldIndex: aLo++, newIndex: bLo++ })
    // common suffix (emitted after the middle)
    let suffixLength = 0
    while (aLo < aHi - suffixLength && bLo < bHi - suffixLength && a[aHi - 1 - suffixLength] === b[bHi - 1 - suffixLength]) suffixLength++
    aHi -= suffixLength
    bHi -= suffixLength

    // both sides non-empty and their first and last lines differ: at least two edits, so each half of the split
    // below is strictly smaller than the whole and the recursion ends
    const snake = aLo < aHi && bLo < bHi ? this.middleSnake(aLo, aHi, bLo, bHi) : null
    if (snake) {
      this.run(aLo, snake.x, bLo, snake.y)
      for (let k = 0; k < snake.u - snake.x; k++) out.push({ kind: 'equal', oldIndex: snake.x + k, newIndex: snake.y + k })
      this.run(snake.u, aHi, snake.v, bHi)
    } else {
      // one side empty, or the budget is spent: replace the block
      for (let i = aLo; i < aHi; i++) out.push({ kind: 'delete', oldIndex: i })
      for (let j = bLo; j < bHi; j++) out.push({ kind: 'insert', newIndex: j })
    }

    for (let k = 0; k < suffixLength; k++) out.push({ kind: 'equal', oldIndex: aHi + k, newIndex: bHi + k })
  }

  /**
   * The middle snake of an optimal path (Myers 1986, section 4b): a diagonal run (x, y) → (u, v) in absolute
   * indices that some shortest edit script passes through, found by searching from both ends at once; null when
   * the budget runs out first.
   *
   * Only diagonals of the (n + 1) × (m + 1) edit graph are visited: forward diagonal k = x − y lies in [−m, n],
   * and so does reversed diagonal c = x' − y'. The ranges grow by one per step until they reach those bounds, then
   * shrink by one to keep the parity of d (as GNU diff's `diag` does); a neighbour just outside the range reads
   * as −1 so the other neighbour is taken.
   */
  private middleSnake(aLo: number, aHi: number, bLo: number, bHi: number): Snake | null {
    if (this.truncated) return null
    const { a, b } = this
    const n = aHi - aLo
    const m = bHi - bLo
    const delta = n - m
    const odd = (delta & 1) !== 0
    const size = n + m + 3
    if (this.forward.length < size) {
      this.forward = new Int32Array(size)
      this.backward = new Int32Array(size)
    }
    // forward[k + offset]: furthest x reached on diagonal k = x - y, from the start.
    // backward[c + offset]: furthest x' reached on diagonal c = x' - y' of the *reversed* sequences, from the end;
    // forward diagonal k is reversed diagonal delta - k.
    const forward = this.forward
    const backward = this.backward
    const offset = m + 1
    const lowest = -m
    const highest = n

    // d = 0: no snake at the corners, since run() only searches parts whose first and last lines differ
    forward[offset] = 0
    backward[offset] = 0
    let fLo = 0
    let fHi = 0
    let bLoK = 0
    let bHiK = 0
    let cost = 0

    const maxD = Math.ceil((n + m) / 2)
    for (let d = 1; d <= maxD; d++) {
      // forward step d: the range of step d - 1 is [fLo, fHi]
      if (fLo > lowest) forward[offset + --fLo - 1] = -1
      else fLo++
      if (fHi < highest) forward[offset + ++fHi + 1] = -1
      else fHi--
      for (let k = fLo; k <= fHi; k += 2) {
        const left = forward[offset + k - 1]!
        const up = forward[offset + k + 1]!
        let x = left >= up ? left + 1 : up
        let y = x - k
        const sx = x
        const sy = y
        while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
          x++
          y++
        }
        cost += 1 + x - sx
        forward[offset + k] = x
        const c = delta - k
        // the backward range of step d - 1 is [bLoK, bHiK]
        if (odd && c >= bLoK && c <= bHiK && x + backward[offset + c]! >= n) {
          this.charge(cost)
          return { x: aLo + sx, y: bLo + sy, u: aLo + x, v: bLo + y }
        }
      }
      // backward step d
      if (bLoK > lowest) backward[offset + --bLoK - 1] = -1
      else bLoK++
      if (bHiK < highest) backward[offset + ++bHiK + 1] = -1
      else bHiK--
      for (let c = bLoK; c <= bHiK; c += 2) {
        const left = backward[offset + c - 1]!
        const up = backward[offset + c + 1]!
        let x = left >= up ? left + 1 : up
        let y = x - c
        const sx = x
        const sy = y
        while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
          x++
          y++
        }
        cost += 1 + x - sx
        backward[offset + c] = x
        const k = delta - c
        if (!odd && k >= fLo && k <= fHi && x + forward[offset + k]! >= n) {
          this.charge(cost)
          // back to forward coordinates: the reversed snake (sx, sy) → (x, y) runs from (n - x, m - y) to (n - sx, m - sy)
          return { x: aLo + n - x, y: bLo + m - y, u: aLo + n - sx, v: bLo + m - sy }
        }
      }
      if (cost > this.budget) break
    }
    this.charge(cost)
    this.truncated = true
    return null
  }

  private charge(cost: number): void {
    this.budget -= cost
    this.spent += cost
  }
}
