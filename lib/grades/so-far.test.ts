import { describe, expect, it } from 'vitest'

import { quizzesSoFar, totalSoFar } from './so-far'

const quiz = (maxPoints: number, points: number, answered: number) => ({ lecture: { maxPoints }, points, answered })

describe('grades so far', () => {
  it('counts a lecture’s quiz points only once the student has answered one of its questions', () => {
    const q = quizzesSoFar([quiz(6, 2, 2), quiz(6, 0, 0), quiz(6, 0, 0)], 0.3)
    expect(q).toMatchObject({ earned: 2, possible: 6, lectures: 1, of: 3 })
    expect(q.percent).toBeCloseTo(33.33, 1)
  })

  it('leaves quizzes out of the total until one is started', () => {
    const none = quizzesSoFar([quiz(6, 0, 0)], 0.3)
    expect(none.possible).toBe(0)
    expect(totalSoFar({ earned: 80, possible: 100, weight: 0.7 }, none)).toBe(80)
  })
})
