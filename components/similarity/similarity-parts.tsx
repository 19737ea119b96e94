import { bucketLabel } from '@/lib/similarity/histogram'

/** Shown on every similarity page: what the numbers are for. */
export function EvidenceNote() {
  return (
    <p className="card" role="note" style={{ borderLeft: '4px solid var(--warn)' }}>
      <strong>Similarity is evidence for a conversation, never a verdict.</strong> A high score means two patches share code that neither the pristine CPython,
      the reference solution nor the starter code contains. Students may have worked together as allowed, followed the same lecture example, or found the one
      obvious fix. Read both patches side by side and talk to the students before drawing any conclusion.
    </p>
  )
}

/** Pair scores in buckets of 0.05, as a table with bars (readable without the bars, too). */
export function ScoreHistogram({ counts, threshold }: { counts: number[]; threshold: number }) {
  const max = Math.max(1, ...counts)
  return (
    <table className="data" aria-label="Histogram of pair similarity scores">
      <thead>
        <tr>
          <th scope="col">Similarity</th>
          <th scope="col">Pairs</th>
          <th scope="col" style={{ width: '60%' }} aria-label="Bar" />
        </tr>
      </thead>
      <tbody>
        {counts.map((n, i) => {
          const flagged = (i + 1) / counts.length > threshold
          return (
            <tr key={i}>
              <th scope="row" className="num" style={{ fontWeight: 400 }}>
                {bucketLabel(i)}
              </th>
              <td className="num">{n}</td>
              <td>
                <div
                  aria-hidden="true"
                  style={{
                    height: '0.8rem',
                    width: `${(n / max) * 100}%`,
                    minWidth: n > 0 ? 2 : 0,
                    background: flagged ? 'var(--bad)' : 'var(--accent)',
                    borderRadius: 2,
                  }}
                />
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

export function percent(x: number): string {
  return `${Math.round(x * 100)}%`
}
