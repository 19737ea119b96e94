import { describe, expect, it } from 'vitest'

import { questionStatus } from './present'
import { countedPoints, scoringRule } from './scoring'

const attempts = [
  { attempt: 2, correct: false, pointsAwarded: 0.5, answer: { choices: ['a'] } },
  { attempt: 1, correct: false, pointsAwarded: 0, answer: { choices: ['b'] } },
  { attempt: 3, correct: false, pointsAwarded: 0.25, answer: { choices: ['a', 'd'] } },
]

describe('which attempt counts', () => {
  it('best, latest or first, whatever order the rows come in', () => {
    expect(countedPoints('best', attempts)).toBe(0.5)
    expect(countedPoints('latest', attempts)).toBe(0.25)
    expect(countedPoints('first', attempts)).toBe(0)
    expect(countedPoints('latest', [])).toBe(0)
  })

  it('an unknown or missing rule is best, as before the rule existed', () => {
    expect(scoringRule(undefined)).toBe('best')
    expect(scoringRule('median')).toBe('best')
    expect(scoringRule('first')).toBe('first')
  })

  it("a question's standing counts its rule's points", () => {
    expect(questionStatus({ attempts: 3 }, attempts).bestPoints).toBe(0.5)
    expect(questionStatus({ attempts: 3, scoring: 'latest' }, attempts).bestPoints).toBe(0.25)
    expect(questionStatus({ attempts: 3, scoring: 'first' }, attempts)).toMatchObject({ bestPoints: 0, finished: true, attemptsUsed: 3 })
  })
})
