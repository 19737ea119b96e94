import Link from 'next/link'

import { formatDeadline } from '@/lib/course/dates'
import type { SubmissionStatus } from '@/lib/db/prisma'
import { plural } from '@/lib/text/plural'

export type SubmissionsTableRow = {
  id: string
  number: number | null
  practice?: boolean
  createdAt: Date
  status: SubmissionStatus
  daysLate: number
  /** the score after the late policy, or null while there is none */
  score: number | null
  maxScore?: number | null
  /** staff: the score before the late policy, whether this submission counts, and how the score was reached */
  rawScore?: number | null
  counts?: boolean
  arithmetic?: string
}

export const statusLabel = (status: SubmissionStatus) => status.toLowerCase().replace('_', ' ')

/**
 * One student's submissions to one assignment: on the homework page (`href` to the student's result page) and on
 * the instructor's student page (`staff`: raw score, whether it counts and the arithmetic).
 */
export function SubmissionsTable({
  rows,
  href,
  staff = false,
  style,
}: {
  rows: SubmissionsTableRow[]
  href: (id: string) => string
  staff?: boolean
  style?: React.CSSProperties
}) {
  return (
    <div className="table-scroll" style={style}>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Submitted</th>
            <th scope="col">Status</th>
            {staff ? (
              <>
                <th scope="col">Raw</th>
                <th scope="col">Late</th>
                <th scope="col">Score</th>
                <th scope="col">Arithmetic</th>
              </>
            ) : (
              <>
                <th scope="col">Score</th>
                <th scope="col">Late</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => {
            const late = s.daysLate > 0 ? plural(s.daysLate, 'day') : staff ? 'on time' : ''
            return (
              <tr key={s.id}>
                <td>
                  <Link href={href(s.id)}>{s.practice ? 'practice' : `#${s.number}`}</Link>
                  {s.counts && <span className="pill ok"> counts</span>}
                </td>
                <td>{formatDeadline(s.createdAt)}</td>
                <td>{statusLabel(s.status)}</td>
                {staff ? (
                  <>
                    <td className="num">{s.rawScore ?? '—'}</td>
                    <td>{late}</td>
                    <td className="num">{s.score ?? '—'}</td>
                    <td className="hint">{s.arithmetic}</td>
                  </>
                ) : (
                  <>
                    <td className="num">{s.score === null ? '—' : `${s.score} / ${s.maxScore}`}</td>
                    <td>{late}</td>
                  </>
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
