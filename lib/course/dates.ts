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

/** Dates are shown in the course's time zone, so everyone reads the same deadline. */
export function formatDeadline(date: Date): string {
  return formatter.format(date)
}
