import { courseTimeZone } from '@/lib/config/env'

// dateStyle/timeStyle cannot be combined with timeZoneName (V8 throws a TypeError at module load), so the fields are
// spelled out: "Oct 15, 2026, 11:59 PM EDT".
const formatter = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: courseTimeZone(),
  timeZoneName: 'short',
})

const timeOfDay = new Intl.DateTimeFormat('en-US', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: process.env.COURSE_TIMEZONE || 'America/New_York',
})

/**
 * Dates are shown in the course's time zone, so everyone reads the same deadline. A deadline at exactly midnight
 * is written as 11:59 PM of the day before ("Nov 29, 11:59 PM", not the ambiguous "Nov 30, 12:00 AM"): work
 * handed in during that last minute is still on time, so the sentence stays true.
 */
export function formatDeadline(date: Date): string {
  // only a deadline set to the minute (a timestamp such as a submission time is never exactly 00:00:00.000)
  if (date.getTime() % 60_000 === 0 && timeOfDay.format(date) === '00:00:00') return formatter.format(new Date(date.getTime() - 60_000))
  return formatter.format(date)
}
