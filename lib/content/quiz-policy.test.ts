import { readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import { lectureFileSchema } from '@/lib/quiz/schema'

import { questionRow } from './sync'

const fixture = parse(
  readFileSync(path.resolve(import.meta.dirname, '..', '..', 'tests', 'e2e', 'fixtures', 'quizzes', '90-e2e-player.yaml'), 'utf8'),
) as Record<string, unknown>

function lecture(extra: Record<string, unknown>) {
  const parsed = lectureFileSchema.safeParse({ ...structuredClone(fixture), ...extra })
  if (!parsed.success) throw new Error(parsed.error.message)
  return parsed.data
}

describe("a lecture's quizPolicy gives its questions' defaults", () => {
  it('without a policy: 1 attempt unless set, best attempt counts, revealed when finished, all or nothing', () => {
    const l = lecture({})
    const single = l.questions.find((q) => q.id === 'e2e-q1-single')!
    const multiple = l.questions.find((q) => q.type === 'multiple')!
    expect(questionRow(single, l.quizPolicy)).toMatchObject({ attempts: 1, scoring: 'best', reveal: 'finished' })
    expect(questionRow(multiple, l.quizPolicy).answerKey).toEqual(['a', 'b'])
  })

  it('with a policy: its values, except where a question sets its own', () => {
    const l = lecture({ quizPolicy: { attempts: 3, scoring: 'latest', reveal: 'never', partialCredit: true } })
    const single = l.questions.find((q) => q.id === 'e2e-q1-single')!
    const numeric = l.questions.find((q) => q.id === 'e2e-q2-numeric')! // sets attempts: 2 itself
    const multiple = l.questions.find((q) => q.type === 'multiple')!
    expect(questionRow(single, l.quizPolicy)).toMatchObject({ attempts: 3, scoring: 'latest', reveal: 'never' })
    expect(questionRow(numeric, l.quizPolicy)).toMatchObject({ attempts: 2 })
    expect(questionRow(multiple, l.quizPolicy).answerKey).toEqual({ choices: ['a', 'b'], partialCredit: true })
  })
})
