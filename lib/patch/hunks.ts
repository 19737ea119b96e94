// The pieces every unified-diff writer and reader shares: a text's lines, the cut of an edit script into hunks, and
// the canonical hunk header. One copy each, so a draft's diff (unified-diff.ts), a test's output diff
// (lib/grading/compare.ts), a re-rendered submission (render.ts) and an apply error (apply.ts) all agree.
import type { DiffOp } from './line-diff'

export type SplitText = { lines: string[]; finalNewline: boolean }

/** A text's lines without their "\n", and whether the last one ended with one ('' has no lines). */
export function splitLines(text: string): SplitText {
  if (text === '') return { lines: [], finalNewline: true }
  const lines = text.split('\n')
  const finalNewline = lines[lines.length - 1] === ''
  if (finalNewline) lines.pop()
  return { lines, finalNewline }
}

export type HunkRange = { oldStart: number; oldCount: number; newStart: number; newCount: number }

/** `@@ -a,b +c,d @@`, always with both counts, as `validatePatch` renders it and diff -u writes it. */
export function hunkHeader(h: HunkRange): string {
  return `@@ -${h.oldStart},${h.oldCount} +${h.newStart},${h.newCount} @@`
}

export type HunkPlan = HunkRange & { ops: DiffOp[] }

/**
 * Cut the edit script into hunks: each change with up to `context` unchanged lines around it, and two changes whose
 * context would touch or overlap (at most 2 × context unchanged lines apart) in the same hunk, as diff -u does.
 */
export function groupHunks(ops: readonly DiffOp[], context: number): HunkPlan[] {
  const changes: number[] = []
  ops.forEach((op, i) => op.kind !== 'equal' && changes.push(i))
  const hunks: HunkPlan[] = []
  let g = 0
  while (g < changes.length) {
    let last = g
    while (last + 1 < changes.length && changes[last + 1]! - changes[last]! - 1 <= 2 * context) last++
    const from = Math.max(0, changes[g]! - context)
    const to = Math.min(ops.length - 1, changes[last]! + context)
    const slice = ops.slice(from, to + 1)
    // lines of each file before the hunk: the first entry's index on each side (or, for an entry that has no
    // line on that side, the lines consumed so far)
    const { oldBefore, newBefore } = linesBefore(ops, from)
    const oldCount = slice.filter((op) => op.kind !== 'insert').length
    const newCount = slice.filter((op) => op.kind !== 'delete').length
    hunks.push({
      // an empty side names the line after which the other side's lines go (0 = the start of the file)
      oldStart: oldCount === 0 ? oldBefore : oldBefore + 1,
      oldCount,
      newStart: newCount === 0 ? newBefore : newBefore + 1,
      newCount,
      ops: slice,
    })
    g = last + 1
  }
  return hunks
}

function linesBefore(ops: readonly DiffOp[], at: number): { oldBefore: number; newBefore: number } {
  let oldBefore = 0
  let newBefore = 0
  for (let i = at - 1; i >= 0 && (oldBefore === 0 || newBefore === 0); i--) {
    const op = ops[i]!
    if (oldBefore === 0 && op.kind !== 'insert') oldBefore = op.oldIndex + 1
    if (newBefore === 0 && op.kind !== 'delete') newBefore = op.newIndex + 1
  }
  return { oldBefore, newBefore }
}
