const formatter = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: process.env.COURSE_TIMEZONE || 'America/New_York', timeZoneName: 'short' })

/** Dates are shown in the course's time zone, so everyone reads the same deadline. */
export function formatDeadline(date: Date): string {
  return formatter.format(date)
}
