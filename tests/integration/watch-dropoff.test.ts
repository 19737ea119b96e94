import { beforeAll, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { lectureDropOffs } from '@/lib/gradebook/watch-dropoff'

import { syncRealContent } from '../support/fixtures'

import { student } from './instructor-fixtures'

beforeAll(async () => {
  await syncRealContent()
})

describe('where students stop watching', () => {
  it('counts students by the tenth of the lecture they reached, from their saved progress', async () => {
    const lecture = await prisma.lecture.findFirstOrThrow({ where: { number: 2 } })
    const [a, b, c] = await Promise.all([student('Ada Drop', 'A'), student('Bo Drop', 'A'), student('Cy Drop', 'A')])
    await prisma.watchProgress.createMany({
      data: [
        { userId: a.id, lectureId: lecture.id, positionSeconds: 30, furthestSeconds: 30, durationSeconds: 1000 },
        { userId: b.id, lectureId: lecture.id, positionSeconds: 550, furthestSeconds: 550, durationSeconds: 1000 },
        { userId: c.id, lectureId: lecture.id, positionSeconds: 1000, furthestSeconds: 1000, durationSeconds: 1000 },
      ],
    })
    const found = (await lectureDropOffs()).get(2)
    expect(found?.students).toBe(3)
    expect(found?.bins.map((x) => x.count)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 1])
  })
})
