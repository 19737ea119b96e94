import type { Metadata } from 'next'
import Link from 'next/link'

import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { formatDeadline } from '@/lib/course/dates'
import { assignmentOverview } from '@/lib/gradebook/assignments'

export const metadata: Metadata = { title: 'Assignments' }
export const dynamic = 'force-dynamic'

export default async function AssignmentsPage() {
  await requirePageUser(STAFF, '/instructor/assignments')
  const list = await assignmentOverview()
  return (
    <>
      <h1>Assignments</h1>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Assignment</th>
              <th scope="col">Due</th>
              <th scope="col">Policy</th>
              <th scope="col">Submitted</th>
              <th scope="col">Graded</th>
              <th scope="col">Waiting</th>
              <th scope="col">Missing</th>
              <th scope="col">Extensions</th>
              <th scope="col">Mean</th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.assignment.id}>
                <td>
                  <Link href={`/instructor/assignments/${s.assignment.slug}`}>{s.assignment.title}</Link>
                  {s.needsManual > 0 && <span className="pill warn"> {s.needsManual} to grade by hand</span>}
                </td>
                <td>{formatDeadline(s.assignment.dueAt)}</td>
                <td>
                  {s.assignment.policy.mode.toLowerCase()} · {s.assignment.selection.toLowerCase()}
                </td>
                <td className="num">
                  {s.submitted} / {s.students}
                </td>
                <td className="num">{s.graded}</td>
                <td className="num">{s.pending}</td>
                <td className="num">{s.missing}</td>
                <td className="num">{s.extensions}</td>
                <td className="num">{s.mean === null ? '—' : `${s.mean} / ${s.assignment.maxScore}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
