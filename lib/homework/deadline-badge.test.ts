import { describe, expect, it } from 'vitest'

import { deadlineBadge } from './deadline-badge'

const due = new Date('2026-12-10T04:59:00Z')
const at = (hoursBefore: number) => new Date(due.getTime() - hoursBefore * 3600_000)

describe('deadlineBadge', () => {
  it('warns in the three days before the deadline, in hours on the last day', () => {
    expect(deadlineBadge(due, at(100), { counted: false, closed: false })).toBeNull()
    expect(deadlineBadge(due, at(60), { counted: false, closed: false })).toEqual({ kind: 'due-soon', text: 'Due in 2 days' })
    expect(deadlineBadge(due, at(5.5), { counted: false, closed: false })).toEqual({ kind: 'due-soon', text: 'Due in 5 hours' })
    expect(deadlineBadge(due, at(1), { counted: false, closed: false })).toEqual({ kind: 'due-soon', text: 'Due in 1 hour' })
    expect(deadlineBadge(due, at(0.2), { counted: false, closed: false })).toEqual({ kind: 'due-soon', text: 'Due within the hour' })
  })

  it('says how late unsubmitted work is, or that it is closed', () => {
    expect(deadlineBadge(due, at(-1), { counted: false, closed: false })).toEqual({ kind: 'late', text: 'Late by 1 day' })
    expect(deadlineBadge(due, at(-49), { counted: false, closed: false })).toEqual({ kind: 'late', text: 'Late by 3 days' })
    expect(deadlineBadge(due, at(-200), { counted: false, closed: true })).toEqual({ kind: 'closed', text: 'Closed: the deadline has passed' })
  })

  it('shows nothing once a submission counts', () => {
    expect(deadlineBadge(due, at(2), { counted: true, closed: false })).toBeNull()
    expect(deadlineBadge(due, at(-30), { counted: true, closed: false })).toBeNull()
  })
})
