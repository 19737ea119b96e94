import { describe, expect, it } from 'vitest'

import { compareContributions, MAX_TOKENS, wordTokens } from './compare'
import { extractContribution, MAX_ROWS } from './extract'
import { buildTemplate } from './template'

// Small patches to a made-up file: the comparison itself, without the pristine tree or a database.
const BASE = ['#include "Python.h"', '', 'static int', 'base_function(int a)', '{', '    return a + 1;', '}', '']
const base = new Map([['Objects/example.c', BASE.join('\n')]])

function patch(lines: string[]): string {
  return ['--- a/Objects/example.c', '+++ b/Objects/example.c', `@@ -8,0 +9,${lines.length} @@`, ...lines.map((l) => `+${l}`), ''].join('\n')
}

const mine = [
  'static long',
  'sum_squares(long *values, int count)',
  '{',
  '    long total = 0;',
  '    int i;',
  '    for (i = 0; i < count; i++) {',
  '        if (values[i] < 0)',
  '            continue;',
  '        total += values[i] * values[i];',
  '    }',
  '    return total;',
  '}',
  '',
  'static int',
  'is_even(long x)',
  '{',
  '    return (x % 2) == 0;',
  '}',
]
const renamedAndReordered = [...mine.slice(13), '', ...mine.slice(0, 12)].map((l) =>
  l
    .replace(/values/g, 'xs')
    .replace(/total/g, 'acc')
    .replace(/\bi\b/g, 'k'),
)
const different = [
  'static PyObject *',
  'make_pair(PyObject *left, PyObject *right)',
  '{',
  '    PyObject *t = PyTuple_New(2);',
  '    if (t == NULL)',
  '        return NULL;',
  '    Py_INCREF(left);',
  '    PyTuple_SET_ITEM(t, 0, left);',
  '    Py_INCREF(right);',
  '    PyTuple_SET_ITEM(t, 1, right);',
  '    return t;',
  '}',
]

const doc = (id: string, text: string) => ({ id, contribution: extractContribution(text, { kind: 'code' }) })

describe('compareContributions', () => {
  it('finds a copy under other names and in another order, and not an unrelated change', async () => {
    const r = await compareContributions(
      [doc('a', patch(mine)), doc('b', patch(renamedAndReordered)), doc('c', patch(different))],
      buildTemplate({ pristine: base }, 'code'),
      'code',
    )
    expect([r.pairs[0]!.left, r.pairs[0]!.right].sort()).toEqual(['a', 'b'])
    expect(r.pairs[0]!.similarity).toBeGreaterThan(0.6)
    expect(r.pairs[0]!.fragments[0]!.left.path).toBe('Objects/example.c')
    for (const p of r.pairs.slice(1)) expect(p.similarity).toBe(0)
    expect(r.library).toMatch(/^@dodona\/dolos-lib /)
  })

  it('ignores everything that is also in the template, however it was renamed', async () => {
    const reference = patch(mine)
    const renamedOnly = mine.map((l) => l.replace(/values/g, 'xs').replace(/total/g, 'acc'))
    const docs = [doc('a', patch(mine)), doc('b', patch(renamedOnly)), doc('c', patch(renamedAndReordered))]
    const r = await compareContributions(docs, buildTemplate({ pristine: base, reference }, 'code'), 'code')
    for (const p of r.pairs) expect(p.similarity).toBe(0)
    // reordering makes a few new k-grams where the moved functions now meet; names alone make none
    expect(r.fingerprints.a).toBe(0)
    expect(r.fingerprints.b).toBe(0)
    // without the reference in the template the same three are a match
    const without = await compareContributions(docs, buildTemplate({ pristine: base }, 'code'), 'code')
    expect(without.pairs.every((p) => p.similarity > 0.5)).toBe(true)
  })

  it('bounds the work on huge, repetitive patches: a capped number of fingerprints, the score kept, no fragments', async () => {
    const lines = Array.from({ length: MAX_ROWS + 100 }, (_, i) => `    counts_${i % 97}[${i}] += values[${i} % 7] * ${i};`)
    const huge = ['--- a/x.c', '+++ b/x.c', `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`), ''].join('\n')
    const r = await compareContributions([doc('a', huge), doc('b', huge)], { texts: [], contributions: [], parts: [] }, 'code')
    expect(r.pairs[0]!.similarity).toBe(1)
    expect(r.pairs[0]!.fragments).toEqual([])
    expect(r.fingerprints.a).toBeLessThanOrEqual(MAX_TOKENS)
  })

  it('refuses fewer than two documents with a message that says why', async () => {
    await expect(compareContributions([doc('a', patch(mine))], buildTemplate({ pristine: base }, 'code'), 'code')).rejects.toThrow(/at least two submissions/)
  })
})

describe('wordTokens', () => {
  it('lower-cases words and keeps where each one is', () => {
    const { tokens, mapping } = wordTokens('The Sum\nof ints')
    expect(tokens).toEqual(['the', 'sum', 'of', 'ints'])
    expect([mapping[2]!.startRow, mapping[2]!.startCol, mapping[1]!.endCol]).toEqual([1, 0, 7])
  })
})
