import { describe, expect, it } from 'vitest'

import { daysLate, deadlineFor, lateSeconds } from '@/lib/policy/late'

import { instantToZonedWallTime, isValidTimeZone, zonedWallTimeToInstant, zoneOffsetMs } from './zoned-time'

const NY = 'America/New_York'

describe('zonedWallTimeToInstant', () => {
  it('reads a wall time in daylight time and in standard time', () => {
    expect(zonedWallTimeToInstant('2026-10-15T23:59', NY)?.toISOString()).toBe('2026-10-16T03:59:00.000Z')
    expect(zonedWallTimeToInstant('2026-12-15T23:59', NY)?.toISOString()).toBe('2026-12-16T04:59:00.000Z')
  })
  it('takes the first occurrence of the hour that repeats when clocks go back', () => {
    // 2026-11-01 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST)
    expect(zonedWallTimeToInstant('2026-11-01T01:30', NY)?.toISOString()).toBe('2026-11-01T05:30:00.000Z')
    expect(zonedWallTimeToInstant('2026-11-01T03:00', NY)?.toISOString()).toBe('2026-11-01T08:00:00.000Z')
  })
  it('moves a time in the hour skipped when clocks go forward past the gap', () => {
    // 2026-03-08 02:30 does not exist in New York; 03:30 EDT is 07:30Z
    expect(zonedWallTimeToInstant('2026-03-08T02:30', NY)?.toISOString()).toBe('2026-03-08T07:30:00.000Z')
  })
  it('works in UTC and refuses text that is not a wall time', () => {
    expect(zonedWallTimeToInstant('2026-02-28T12:00:30', 'UTC')?.toISOString()).toBe('2026-02-28T12:00:30.000Z')
    expect(zonedWallTimeToInstant('2026-02-30T12:00', NY)).toBeNull()
    expect(zonedWallTimeToInstant('tomorrow', NY)).toBeNull()
    expect(zonedWallTimeToInstant('2026-02-01T24:00', NY)).toBeNull()
  })
})

describe('instantToZonedWallTime', () => {
  it('is the inverse on both sides of a daylight-saving change', () => {
    for (const wall of ['2026-10-31T23:59', '2026-11-01T00:30', '2026-11-01T01:30', '2026-11-01T02:00', '2026-11-02T09:00']) {
      expect(instantToZonedWallTime(zonedWallTimeToInstant(wall, NY)!, NY)).toBe(wall)
    }
  })
  it('knows the offsets and the zone names', () => {
    expect(zoneOffsetMs(Date.parse('2026-07-01T00:00:00Z'), NY)).toBe(-4 * 3600_000)
    expect(zoneOffsetMs(Date.parse('2026-01-01T00:00:00Z'), NY)).toBe(-5 * 3600_000)
    expect(isValidTimeZone(NY)).toBe(true)
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
  })
})

describe('an extension typed as a wall time, across the change back to standard time', () => {
  it('counts elapsed 24-hour days from the instant it names', () => {
    const due = new Date('2026-10-28T23:59:00-04:00')
    // the instructor types "noon on Oct 31" (EDT); clocks go back at 02:00 on Nov 1
    const extension = zonedWallTimeToInstant('2026-10-31T12:00', NY)!
    expect(extension.toISOString()).toBe('2026-10-31T16:00:00.000Z')
    const deadline = deadlineFor(due, extension)
    // "noon the next day" on the wall clock is 25 hours later: two started days
    const nextNoon = zonedWallTimeToInstant('2026-11-01T12:00', NY)!
    expect(lateSeconds(nextNoon, deadline)).toBe(25 * 3600)
    expect(daysLate(lateSeconds(nextNoon, deadline))).toBe(2)
    // 11:00 EST on Nov 1 is exactly 24 hours: one day
    expect(daysLate(lateSeconds(zonedWallTimeToInstant('2026-11-01T11:00', NY)!, deadline))).toBe(1)
    // exactly at the extended deadline is on time
    expect(lateSeconds(extension, deadline)).toBe(0)
  })
})
