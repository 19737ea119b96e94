// The badge next to a deadline in lists (home, homework) and on the assignment page: late, due soon, or nothing.

export type DeadlineBadgeState = { kind: 'late' | 'closed' | 'due-soon'; text: string } | null

const HOUR = 3600_000
const DAY = 24 * HOUR
/** "due soon" starts this long before the deadline */
export const DUE_SOON_MS = 3 * DAY

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * `counted`: the student already has a submission that counts (then no reminder is needed).
 * `closed`: late submissions are no longer accepted.
 */
export function deadlineBadge(deadline: Date, now: Date, { counted, closed }: { counted: boolean; closed: boolean }): DeadlineBadgeState {
  const left = deadline.getTime() - now.getTime()
  if (counted) return null
  if (left < 0) {
    if (closed) return { kind: 'closed', text: 'Closed: the deadline has passed' }
    const late = Math.ceil(-left / DAY)
    return { kind: 'late', text: `Late by ${plural(late, 'day')}` }
  }
  if (left <= DUE_SOON_MS) {
    if (left < HOUR) return { kind: 'due-soon', text: 'Due within the hour' }
    if (left < DAY) return { kind: 'due-soon', text: `Due in ${plural(Math.floor(left / HOUR), 'hour')}` }
    return { kind: 'due-soon', text: `Due in ${plural(Math.floor(left / DAY), 'day')}` }
  }
  return null
}
