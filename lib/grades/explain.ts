import { plural } from '@/lib/text/plural'

import type { AssignmentGrade, GradedSubmission } from './compute'

const pts = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0$/, '')}`

/** How a submission's score came out of its raw score, in one sentence. */
export function explainSubmission(s: GradedSubmission, grade: Pick<AssignmentGrade, 'assignment'>): string {
  const max = grade.assignment.maxScore
  const label = s.number === null ? 'This submission' : `Submission #${s.number}`
  if (s.rawScore === null) {
    if (s.status === 'NEEDS_MANUAL') return `${label} is waiting for an instructor to grade it.`
    if (s.status === 'ERROR') return `${label} could not be graded because of a problem on our side; staff can regrade it.`
    return `${label} is being graded.`
  }
  const policy = grade.assignment.policy
  if (s.daysLate === 0) return `${label}: ${pts(s.rawScore)} / ${pts(max)}, on time.`
  const late = `${plural(s.daysLate, 'day')} late`
  if (policy.mode === 'NONE') return `${label}: ${pts(s.rawScore)} / ${pts(max)}, ${late}; lateness is not penalised.`
  if (policy.mode === 'BUDGET') {
    const b = s.budget
    if (b?.covered) {
      const cost = b.charged === 0 ? 'no further late days (already charged for this assignment)' : `${plural(b.charged, 'late day')} from your budget`
      return `${label}: ${pts(s.rawScore)} / ${pts(max)}, ${late}, covered by the late-day budget: it used ${cost}; no points lost.`
    }
    return `${label}: ${pts(s.rawScore)} / ${pts(max)}, ${late}, more than the late-day budget had left, so it scores 0.`
  }
  const capped = s.penaltyPercent < s.daysLate * policy.penaltyPerDay ? ` (capped at ${policy.maxPenalty}%)` : ''
  return `${label}: ${pts(s.rawScore)} / ${pts(max)}, ${late}: −${s.penaltyPercent}%${capped} = −${pts(s.penaltyPoints)}, so ${pts(s.score ?? 0)}.`
}

/** The arithmetic behind the number in the gradebook, as short sentences a student can check. */
export function explainAssignment(grade: AssignmentGrade): string[] {
  const a = grade.assignment
  const lines: string[] = []
  const graded = grade.submissions.filter((s) => s.score !== null)
  if (grade.override) {
    lines.push(
      `An instructor set the score to ${pts(grade.override.score)} / ${pts(a.maxScore)}${grade.override.comment ? `: “${grade.override.comment}”` : '.'}`,
    )
    if (grade.counted) lines.push(`(The automatic score would be ${pts(grade.counted.score ?? 0)} from submission #${grade.counted.number}.)`)
    return lines
  }
  if (grade.counted) {
    const which =
      a.selection === 'BEST' ? `the best of ${plural(graded.length, 'graded submission')}` : `the latest of ${plural(graded.length, 'graded submission')}`
    lines.push(`Counted: submission #${grade.counted.number}, ${which}.`)
    lines.push(explainSubmission(grade.counted, grade))
    return lines
  }
  if (grade.status === 'pending') lines.push('Submitted; the score appears once grading finishes.')
  else if (grade.status === 'missing')
    lines.push(`Nothing graded was submitted by the deadline: 0 / ${pts(a.maxScore)} for now.${grade.closed ? '' : ' Late submissions are still accepted.'}`)
  else lines.push('Not due yet.')
  return lines
}
