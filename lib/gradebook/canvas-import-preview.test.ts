import { describe, expect, it } from 'vitest'

import { canvasColumnTitle, previewCanvasImport } from './canvas-import-preview'

const ours = [
  ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Count executed opcodes', 'Quiz: Lecture 1', 'New homework'],
  ['Points Possible', '', '', '', '', 100, 5, 10],
  ['Ada', '', '', 'ada@uni.example', 'A', 64, 5, null],
  ['Bob', '', '', 'bob@uni.example', 'A', 80, 0, 7],
  ['Cy', '', '', 'cy@uni.example', 'B', null, 3, 2],
  ['Dee', '', '', 'dee@uni.example', 'B', 50, 1, 1],
]
const canvas = [
  '\uFEFFStudent,ID,SIS User ID,SIS Login ID,Section,Count executed opcodes (1201),Quiz: Lecture 1 (1202)',
  'Points Possible,,,,,100.00,5.00',
  '"Lovelace, Ada",11,,ADA@uni.example,A,70.00,5.00',
  'Bob,12,,bob@uni.example,A,,0',
  'Cy,13,,cy@uni.example,B,90,3',
].join('\n')

describe('previewCanvasImport', () => {
  it('lists exactly the Canvas scores the import would overwrite, the blanks it fills, and what Canvas would not match', () => {
    const p = previewCanvasImport(canvas, ours)
    expect(p.overwrites).toEqual([{ student: 'Ada', login: 'ada@uni.example', column: 'Count executed opcodes', canvas: '70.00', incoming: '64' }])
    expect(p.fills).toEqual([{ student: 'Bob', login: 'bob@uni.example', column: 'Count executed opcodes', canvas: '', incoming: '80' }])
    // Ada's quiz 5 = 5.00, Bob's quiz 0 = 0, Cy's quiz 3 = 3; Cy's blank homework score changes nothing in Canvas
    expect(p.unchanged).toBe(3)
    expect(p.newColumns).toEqual(['New homework'])
    expect(p.studentsNotInCanvas).toEqual(['dee@uni.example'])
  })

  it('refuses a file that is not a Canvas gradebook export, saying how to get one', () => {
    expect(() => previewCanvasImport('email,name\na@b.c,A', ours)).toThrow(/Grades → Export/)
  })

  it('matches Canvas columns by title without the id Canvas appends', () => {
    expect(canvasColumnTitle('Homework 3 (4521)')).toBe('Homework 3')
    expect(canvasColumnTitle('Section (A)')).toBe('Section (A)')
  })
})
