import { CANONICAL_CPYTHON } from '@/lib/cpython/baseline'

/** The loud warning on instructor pages when grading does not use the verified canonical CPython baseline. */
export function BaselineBanner({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null
  return (
    <div className="notice error" role="alert" data-testid="baseline-warning">
      <p style={{ marginTop: 0 }}>
        <strong>Grading is not running on the course’s verified CPython {CANONICAL_CPYTHON} baseline.</strong>
      </p>
      <ul style={{ marginBottom: 0 }}>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  )
}
