import { describe, expect, it } from 'vitest'

import { assignmentDueDate } from './assignments'

describe('assignmentDueDate', () => {
  it('uses due as written, or the course start plus dueOffsetDays', () => {
    const tz = 'America/New_York'
    expect(assignmentDueDate({ due: '2026-12-07T23:59:00-05:00' }, new Date('2026-09-01T00:00:00Z'), tz).toISOString()).toBe('2026-12-08T04:59:00.000Z')
    expect(assignmentDueDate({ dueOffsetDays: 14 }, new Date('2026-09-01T23:59:00-04:00'), tz).toISOString()).toBe('2026-09-16T03:59:00.000Z')
  })
  it('keeps the wall-clock time across a daylight-saving change (23:59 EDT + 7 days = 23:59 EST)', () => {
    expect(assignmentDueDate({ dueOffsetDays: 7 }, new Date('2026-10-28T23:59:00-04:00'), 'America/New_York').toISOString()).toBe('2026-11-05T04:59:00.000Z')
  })
})
