import type { Metadata } from 'next'
import Link from 'next/link'

import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { formatDeadline } from '@/lib/course/dates'
import { allowedDomains, listPeople } from '@/lib/roster/roster'

import { DomainsForm, RoleSelect, RosterImportForm } from '../_forms/roster-forms'

export const metadata: Metadata = { title: 'Students and roster' }
export const dynamic = 'force-dynamic'

export default async function StudentsPage() {
  const user = await requirePageUser(STAFF, '/instructor/students')
  const instructor = user.role === 'INSTRUCTOR'
  const [people, domains] = await Promise.all([listPeople(), allowedDomains()])
  const rosterSize = people.filter((p) => p.onRoster).length
  const students = people.filter((p) => p.role === 'STUDENT').length
  return (
    <>
      <h1>Students and roster</h1>
      <p>
        {students} student account{students === 1 ? '' : 's'} · {rosterSize} on the roster · {people.filter((p) => p.onRoster && !p.id).length} on the roster
        who have not signed in yet
      </p>
      <div className="notice info">
        {rosterSize === 0 && domains.length === 0 ? (
          <>Anyone who can sign in may join as a student: no roster and no allowed domains are configured.</>
        ) : (
          <>
            Students may sign in only if they are on the roster{domains.length > 0 && <> or have an address at {domains.join(', ')}</>}. Staff and
            INSTRUCTOR_EMAILS always may.
          </>
        )}
      </div>
      {instructor ? (
        <div className="grid" style={{ alignItems: 'start' }}>
          <section className="card" aria-labelledby="roster-title">
            <h2 id="roster-title" style={{ marginTop: 0 }}>
              Import a roster
            </h2>
            <RosterImportForm />
          </section>
          <section className="card" aria-labelledby="domains-title">
            <h2 id="domains-title" style={{ marginTop: 0 }}>
              Allowed domains
            </h2>
            <DomainsForm domains={domains} />
          </section>
        </div>
      ) : (
        <p className="hint">Only instructors can import the roster, set allowed domains and change roles.</p>
      )}

      <h2>People</h2>
      <div className="table-scroll" style={{ maxHeight: '70vh' }}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Section</th>
              <th scope="col">Role</th>
              <th scope="col">Roster</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.email}>
                <td>{p.id ? <Link href={`/instructor/students/${p.id}`}>{p.name ?? '(no name)'}</Link> : (p.name ?? '')}</td>
                <td>{p.email}</td>
                <td>{p.section ?? ''}</td>
                <td>
                  {p.id && p.role ? (
                    instructor && p.id !== user.id ? (
                      <RoleSelect userId={p.id} role={p.role} label={p.name ?? p.email} />
                    ) : (
                      p.role.toLowerCase()
                    )
                  ) : (
                    <span className="muted">not signed in yet</span>
                  )}
                  {p.roleLocked && <span className="hint"> (set by hand)</span>}
                </td>
                <td>{p.onRoster ? 'yes' : ''}</td>
                <td>{p.lastSeenAt ? formatDeadline(p.lastSeenAt) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
