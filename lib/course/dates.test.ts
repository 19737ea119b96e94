import { describe, expect, it } from 'vitest'

import { formatDeadline } from './dates'

// the expected strings are for the default course zone, America/New_York (as in limits-race.test.ts)
describe.runIf(!process.env.COURSE_TIMEZONE)('formatDeadline in the default course time zone', () => {
  it('writes dates in the course time zone with the zone name', () => {
    expect(formatDeadline(new Date('2026-12-25T04:59:00Z'))).toBe('Dec 24, 2026, 11:59 PM EST')
    expect(formatDeadline(new Date('2026-10-15T16:30:00Z'))).toBe('Oct 15, 2026, 12:30 PM EDT')
  })

  it('writes a midnight deadline as 11:59 PM of the day that ends, never "12:00 AM"', () => {
    expect(formatDeadline(new Date('2026-11-30T05:00:00Z'))).toBe('Nov 29, 2026, 11:59 PM EST')
    // a timestamp that merely falls in the first second after midnight is shown as it is
    expect(formatDeadline(new Date('2026-11-30T05:00:00.250Z'))).toBe('Nov 30, 2026, 12:00 AM EST')
  })
})
