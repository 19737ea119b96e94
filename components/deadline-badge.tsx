import { deadlineBadge } from '@/lib/homework/deadline-badge'

const CLASS = { late: 'pill bad', closed: 'pill', 'due-soon': 'pill warn' } as const

/** "Late by 2 days" / "Due in 5 hours" next to a deadline; nothing when there is nothing to say. */
export function DeadlineBadge({ deadline, counted, closed, now = new Date() }: { deadline: Date; counted: boolean; closed: boolean; now?: Date }) {
  const badge = deadlineBadge(deadline, now, { counted, closed })
  if (!badge) return null
  return (
    <span className={CLASS[badge.kind]} data-testid="deadline-badge" data-kind={badge.kind}>
      {badge.text}
    </span>
  )
}
