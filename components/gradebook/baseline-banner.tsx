import { DismissibleLine } from './dismissible-line'

/**
 * One line on instructor pages when grading does not use the verified CPython 2.7.8 baseline, linking to the
 * details on Content status. Dismissing it hides it until the set of problems changes.
 */
export function BaselineBanner({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null
  const key = `baseline:${hash(problems.slice().sort().join('\n'))}`
  return (
    <DismissibleLine storageKey={key} testId="baseline-warning">
      <strong>Grading is not on the course’s verified CPython 2.7.8 baseline</strong> ({problems.length} {problems.length === 1 ? 'problem' : 'problems'}).{' '}
      <a href="/instructor/content#grader-title">Content status</a> has the details.{' '}
      <details className="inline-details">
        <summary>Show them here</summary>
        <ul>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </details>
    </DismissibleLine>
  )
}

function hash(text: string): string {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return (h >>> 0).toString(36)
}
