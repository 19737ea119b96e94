import type { Metadata } from 'next'

import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { ltiCourses } from '@/lib/lti/overview'
import { passbackOverview } from '@/lib/lti/passback'
import { listPlatforms } from '@/lib/lti/platforms'
import { toolUrls } from '@/lib/lti/tool-config'

import { ApproveCourseButton, RegisterPlatformForm, RegistrationUrlButton, RemovePlatformButton, RotateKeysButton, SyncRosterButton } from './forms'

export const metadata: Metadata = { title: 'LMS (LTI 1.3)' }
export const dynamic = 'force-dynamic'

const when = (d: Date | null) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 19)} UTC` : '—')

export default async function LtiPage() {
  const user = await requirePageUser(STAFF, '/instructor/lti')
  const instructor = user.role === 'INSTRUCTOR'
  const [platforms, courses, passbacks] = await Promise.all([listPlatforms(), ltiCourses(), passbackOverview()])
  const u = toolUrls()
  return (
    <>
      <h1>LMS (LTI 1.3)</h1>
      <p>Register this course as an LTI 1.3 tool in Canvas, Moodle, Blackboard or D2L; docs/lti.md explains each step. The LMS needs these URLs:</p>
      <table className="data">
        <tbody>
          <tr>
            <th scope="row">OIDC login (initiation) URL</th>
            <td>
              <code>{u.login}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">Launch / redirect URL</th>
            <td>
              <code>{u.launch}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">Public keyset (JWKS) URL</th>
            <td>
              <code>{u.jwks}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">Canvas configuration JSON</th>
            <td>
              <code>{u.base}/api/lti/config/canvas</code>
            </td>
          </tr>
        </tbody>
      </table>
      {instructor && (
        <p>
          <RotateKeysButton />
        </p>
      )}

      <h2>Registered platforms</h2>
      {platforms.length === 0 ? (
        <p>No platform is registered yet.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Issuer</th>
              <th scope="col">Client id</th>
              <th scope="col">Deployments</th>
              <th scope="col">From</th>
              {instructor && <th scope="col" />}
            </tr>
          </thead>
          <tbody>
            {platforms.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.issuer}</td>
                <td>{p.clientId}</td>
                <td>{p.deploymentIds.join(', ')}</td>
                <td>{p.source}</td>
                {instructor && (
                  <td>
                    <RemovePlatformButton id={p.id} name={p.name} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {instructor && (
        <p>
          LMSs that support LTI Dynamic Registration (Moodle 4.1+, Canvas, D2L) register the tool from one URL, valid for a day and once:{' '}
          <RegistrationUrlButton />
        </p>
      )}
      {instructor && (
        <section className="card" aria-labelledby="register-title" style={{ maxWidth: '40rem' }}>
          <h3 id="register-title" style={{ marginTop: 0 }}>
            Register a platform
          </h3>
          <RegisterPlatformForm />
        </section>
      )}

      <h2>LMS courses</h2>
      <p className="hint">
        Instructor and TA roles count here only from approved LMS courses (a platform&apos;s first course is approved at once), so a teacher of some other
        course in the same LMS does not become an instructor of this one.
      </p>
      {courses.length === 0 ? (
        <p>No launch has come from an LMS course yet.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col">Platform</th>
              <th scope="col">Members</th>
              <th scope="col">Removed</th>
              <th scope="col">Placed items</th>
              <th scope="col">Roster synced</th>
              <th scope="col">LMS staff roles</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {courses.map((c) => (
              <tr key={c.id}>
                <td>{c.title}</td>
                <td>{c.platform}</td>
                <td>{c.members}</td>
                <td>{c.removed}</td>
                <td>
                  {c.lineItems}
                  {c.hasAgs ? '' : ' (no grade service)'}
                </td>
                <td>
                  {when(c.rosterSyncedAt)}
                  {c.rosterSyncError && <div className="pill bad">{c.rosterSyncError}</div>}
                </td>
                <td>
                  {c.staffApproved ? 'count here' : <span className="pill bad">not approved: LMS instructors are students here</span>}{' '}
                  {instructor && <ApproveCourseButton contextId={c.id} title={c.title} approved={c.staffApproved} />}
                </td>
                <td>{c.hasNrps ? <SyncRosterButton contextId={c.id} title={c.title} /> : 'no roster service'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Grades sent to the LMS</h2>
      {passbacks.length === 0 ? (
        <p>No grade has been sent yet.</p>
      ) : (
        <div className="table-scroll" style={{ maxHeight: '70vh' }}>
          <table className="data" aria-label="Grades sent to the LMS">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Item</th>
                <th scope="col">Score here</th>
                <th scope="col">Last sent</th>
                <th scope="col">Sent at</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {passbacks.map((r) => (
                <tr key={`${r.email}-${r.course}-${r.item}`}>
                  <td>{r.student}</td>
                  <td>{r.item}</td>
                  <td>{r.wantedScore}</td>
                  <td>{r.sentScore ?? '—'}</td>
                  <td>{when(r.sentAt)}</td>
                  <td>
                    {r.pending ? (
                      <span className="pill bad">{r.lastError ? `waiting to retry (${r.attempts} failed): ${r.lastError}` : 'queued'}</span>
                    ) : (
                      <span className="pill ok">sent</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
