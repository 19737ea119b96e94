import { describe, expect, it } from 'vitest'

import { parseCsv, toCsv } from '@/lib/csv/csv'

import { canvasGradebookRows } from './exports'
import type { GradebookColumn, GradebookRow } from './gradebook'
import { describeAnswer } from './quiz-analytics'

const columns: GradebookColumn[] = [
  { key: 'a:hw1', kind: 'assignment', label: 'Count opcodes, fast', max: 100, ref: 'hw1' },
  { key: 'q:1', kind: 'quiz', label: 'Quiz 1: "Overview"', max: 6, ref: '1' },
  { key: 'homework', kind: 'category', label: 'Homework (80%)', max: null, ref: null },
  { key: 'total', kind: 'total', label: 'Total', max: null, ref: null },
]
const rows: GradebookRow[] = [
  {
    id: 'u1',
    name: 'Núñez, José',
    email: 'jose@example.edu',
    section: 'A',
    cells: [
      { v: 87.5, s: 'g' },
      { v: 4, s: 'q' },
      { v: 87.5, s: 't' },
      { v: 80, s: 't' },
    ],
  },
  {
    id: 'u2',
    name: '',
    email: 'noname@example.edu',
    section: null,
    cells: [
      { v: null, s: 'p' },
      { v: null, s: 'q' },
      { v: null, s: 't' },
      { v: null, s: 't' },
    ],
  },
]

describe('canvasGradebookRows', () => {
  it('uses Canvas’s identity columns and Points Possible row, and leaves totals out', () => {
    const out = parseCsv(toCsv(canvasGradebookRows({ columns, rows })))
    expect(out).toEqual([
      ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Count opcodes, fast', 'Quiz 1: "Overview"'],
      ['Points Possible', '', '', '', '', '100', '6'],
      ['Núñez, José', '', '', 'jose@example.edu', 'A', '87.5', '4'],
      // no name: the email; nothing graded yet: blank; no quiz answered: 0 points
      ['noname@example.edu', '', '', 'noname@example.edu', '', '', '0'],
    ])
  })
})

describe('describeAnswer', () => {
  const choices = [
    { id: 'a', text: 'Include/listobject.h' },
    { id: 'b', text: 'Objects/listobject.c' },
  ]
  it('gives the same string for the same answer, whatever order choices were picked in', () => {
    expect(describeAnswer({ choice: 'b' }, choices)).toBe('b) Objects/listobject.c')
    expect(describeAnswer({ choices: ['c', 'a'] }, null)).toBe(describeAnswer({ choices: ['a', 'c'] }, null))
    expect(describeAnswer({ value: 12 }, null)).toBe('12')
    expect(describeAnswer({ text: '  Py_Main ' }, null)).toBe('Py_Main')
    expect(describeAnswer({ output: '1\n2\n' }, null)).toBe('1⏎2')
    expect(describeAnswer({ output: '' }, null)).toBe('(empty output)')
    expect(describeAnswer('a'.repeat(200), null)).toHaveLength(80)
  })
})
