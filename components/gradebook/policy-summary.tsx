import { formatDeadline } from '@/lib/course/dates'
import type { AssignmentFact } from '@/lib/grades/types'
import { plural } from '@/lib/text/plural'

/** An assignment's rules in plain words: deadline, late policy, cutoff, limits, and which submission counts. */
export function policySentences(a: AssignmentFact, lateDayBudget: number): string[] {
  const p = a.policy
  const lines: string[] = []
  if (p.mode === 'NONE') lines.push('Late submissions are not penalised.')
  else if (p.mode === 'PENALTY') lines.push(`Each started day late (24 hours) costs ${p.penaltyPerDay}% of the score, at most ${p.maxPenalty}%.`)
  else lines.push(`Late days come out of the course-wide budget of ${plural(lateDayBudget, 'late day')}; a late submission the budget cannot cover scores 0.`)
  lines.push(p.cutoffDays === null ? 'Submissions never close.' : `Submissions close ${plural(p.cutoffDays, 'day')} after the deadline in force.`)
  const limits = [
    a.maxSubmissions !== null ? `at most ${a.maxSubmissions} graded submissions` : 'no cap on submissions',
    a.submissionsPerHour !== null ? `${a.submissionsPerHour} per hour` : null,
  ].filter(Boolean)
  lines.push(`${limits.join(', ')}.`.replace(/^./, (c) => c.toUpperCase()))
  lines.push(a.selection === 'BEST' ? 'The best score counts (after the late policy).' : 'The latest graded submission counts.')
  return lines
}

export function PolicySummary({ assignment, lateDayBudget }: { assignment: AssignmentFact; lateDayBudget: number }) {
  return (
    <div className="hint">
      <p style={{ margin: 0 }}>
        Due <time dateTime={assignment.dueAt.toISOString()}>{formatDeadline(assignment.dueAt)}</time> · {assignment.maxScore} points ·{' '}
        {assignment.kind === 'ANNOTATION' ? 'graded by hand' : 'autograded'}
      </p>
      <ul style={{ margin: '0.25rem 0 0', paddingLeft: '1.2rem' }}>
        {policySentences(assignment, lateDayBudget).map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </div>
  )
}
