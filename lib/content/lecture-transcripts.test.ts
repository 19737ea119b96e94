import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import type { ContentProblem } from './errors'
import { loadLectures } from './lectures'

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'tests', 'e2e', 'fixtures', 'quizzes')

function courseWith(vtt: string | null): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'course-'))
  mkdirSync(path.join(dir, 'quizzes'))
  copyFileSync(path.join(FIXTURES, '90-e2e-player.yaml'), path.join(dir, 'quizzes', '90-e2e-player.yaml'))
  if (vtt !== null) writeFileSync(path.join(dir, 'quizzes', '90-e2e-player.vtt'), vtt)
  return dir
}

describe('lecture transcripts in the content', () => {
  it('loads quizzes/<name>.vtt next to the quiz file, and it changes the content hash', () => {
    const problems: ContentProblem[] = []
    const [without] = loadLectures(courseWith(null), problems)
    const [withIt] = loadLectures(courseWith('WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n'), problems)
    expect(problems).toEqual([])
    expect(without.transcript).toBeNull()
    expect(withIt.transcript).toContain('Hello.')
    expect(withIt.hash).not.toBe(without.hash)
  })

  it('reports each problem of a transcript with its file and line', () => {
    const problems: ContentProblem[] = []
    loadLectures(courseWith('WEBVTT\n\n00:02.000 --> 00:01.000\nBackwards.\n'), problems)
    expect(problems).toEqual([
      { file: 'quizzes/90-e2e-player.vtt', path: 'line 3', message: 'the cue ends before it starts; the second time must be later than the first' },
    ])
  })

  it('the test clip’s transcript is valid', () => {
    const problems: ContentProblem[] = []
    const lectures = loadLectures(path.dirname(FIXTURES), problems)
    expect(problems).toEqual([])
    expect(lectures.find((l) => l.spec.slug === 'e2e-player')?.transcript).toContain('E2E-CUE-OPENING')
  })
})
