// Line-level difference of two sequences (Myers' O(ND) algorithm, linear-space "middle snake" variant).
// Pure and synchronous: the workbench runs it in the browser on every edit (live diff) and on the server when a
// draft becomes a patch, so both sides produce the same text.
//
// Lines are compared as integers (each distinct line is interned once), so a 5 000-line file costs a few
// milliseconds when the edit is small: the common prefix and suffix are trimmed before any search.

export type DiffOp =
  | { kind: 'equal'; oldIndex: number; newIndex: number }
  | { kind: 'delete'; oldIndex: number }
  | { kind: 'insert'; newIndex: number }

/**
 * The shortest edit script turning `a` into `b`, as one entry per line (0-based indices). Within a run of changes,
 * deletions come before insertions, as in GNU diff's output.
 */
export function diffSequences(a: readonly string[], b: readonly string[]): DiffOp[] {
  const ids = new Map<string, number>()
  const intern = (line: string) => {
    let id = ids.get(line)
    if (id === undefined) ids.set(line, (id = ids.size))
    return id
  }
  const ai = Int32Array.from(a, intern)
  const bi = Int32Array.from(b, intern)
  const raw: DiffOp[] = []
  new MiddleSnakeDiff(ai, bi, raw).run(0, ai.length, 0, bi.length)
  return orderChangeRuns(raw)
}

/** Put the deletions of each run of consecutive changes before its insertions (readable, and what diff(1) does). */
function orderChangeRuns(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = []
  let deletes: DiffOp[] = []
  let inserts: DiffOp[] = []
  const flush = () => {
    out.push(...deletes, ...inserts)
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

class MiddleSnakeDiff {
  // scratch arrays for the forward and backward searches, grown as needed
  private forward = new Int32Array(0)
  private backward = new Int32Array(0)

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly out: DiffOp[],
  ) {}

  /** Emit the edit script for a[aLo, aHi) → b[bLo, bHi) in order. */
  run(aLo: number, aHi: number, bLo: number, bHi: number): void {
    const { a, b, out } = this
    // common prefix
    const prefix: DiffOp[] = []
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) prefix.push({ kind: 'equal', oldIndex: aLo++, newIndex: bLo++ })
    out.push(...prefix)
    // common suffix (emitted after the middle)
    let suffixLength = 0
    while (aLo < aHi - suffixLength && bLo < bHi - suffixLength && a[aHi - 1 - suffixLength] === b[bHi - 1 - suffixLength]) suffixLength++
    aHi -= suffixLength
    bHi -= suffixLength

    if (aLo === aHi) {
      for (let j = bLo; j < bHi; j++) out.push({ kind: 'insert', newIndex: j })
    } else if (bLo === bHi) {
      for (let i = aLo; i < aHi; i++) out.push({ kind: 'delete', oldIndex: i })
    } else {
      // both sides non-empty and their first and last lines differ: at least two edits, so each half of the
      // split below is strictly smaller than the whole and the recursion ends
      const snake = this.middleSnake(aLo, aHi, bLo, bHi)
      this.run(aLo, snake.x, bLo, snake.y)
      for (let k = 0; k < snake.u - snake.x; k++) out.push({ kind: 'equal', oldIndex: snake.x + k, newIndex: snake.y + k })
      this.run(snake.u, aHi, snake.v, bHi)
    }

    for (let k = 0; k < suffixLength; k++) out.push({ kind: 'equal', oldIndex: aHi + k, newIndex: bHi + k })
  }

  /**
   * The middle snake of an optimal path (Myers 1986, section 4b): a diagonal run (x, y) → (u, v) in absolute
   * indices that some shortest edit script passes through, found by searching from both ends at once.
   */
  private middleSnake(aLo: number, aHi: number, bLo: number, bHi: number): { x: number; y: number; u: number; v: number } {
    const { a, b } = this
    const n = aHi - aLo
    const m = bHi - bLo
    const delta = n - m
    const odd = (delta & 1) !== 0
    const max = Math.ceil((n + m) / 2)
    const size = 2 * max + 3
    if (this.forward.length < size) {
      this.forward = new Int32Array(size)
      this.backward = new Int32Array(size)
    }
    // forward[k + offset]: furthest x reached on diagonal k = x - y, from the start.
    // backward[c + offset]: furthest x' reached on diagonal c = x' - y' of the *reversed* sequences, from the end;
    // forward diagonal k is reversed diagonal delta - k.
    const forward = this.forward
    const backward = this.backward
    const offset = max + 1
    forward.fill(0, 0, size)
    backward.fill(0, 0, size)

    for (let d = 0; d <= max; d++) {
      for (let k = -d; k <= d; k += 2) {
        let x = k === -d || (k !== d && forward[offset + k - 1]! < forward[offset + k + 1]!) ? forward[offset + k + 1]! : forward[offset + k - 1]! + 1
        let y = x - k
        const x0 = x
        const y0 = y
        while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
          x++
          y++
        }
        forward[offset + k] = x
        const c = delta - k
        if (odd && c >= -(d - 1) && c <= d - 1 && x + backward[offset + c]! >= n) {
          return { x: aLo + x0, y: bLo + y0, u: aLo + x, v: bLo + y }
        }
      }
      for (let c = -d; c <= d; c += 2) {
        let x = c === -d || (c !== d && backward[offset + c - 1]! < backward[offset + c + 1]!) ? backward[offset + c + 1]! : backward[offset + c - 1]! + 1
        let y = x - c
        const x0 = x
        const y0 = y
        while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
          x++
          y++
        }
        backward[offset + c] = x
        const k = delta - c
        if (!odd && k >= -d && k <= d && x + forward[offset + k]! >= n) {
          // back to forward coordinates: the reversed snake (x0, y0) → (x, y) runs from (n - x, m - y) to (n - x0, m - y0)
          return { x: aLo + n - x, y: bLo + m - y, u: aLo + n - x0, v: bLo + m - y0 }
        }
      }
    }
    /* c8 ignore next */
    throw new Error('middle snake not found (unreachable)')
  }
}
