import type { Metadata } from 'next'

import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { errorBody } from '@/lib/http/errors'
import { deepLinkChoices, deepLinkRequest } from '@/lib/lti/deep-linking'

export const metadata: Metadata = { title: 'Add to the LMS course' }
export const dynamic = 'force-dynamic'

/** The deep-linking picker an LMS opens (via a launch): choose lectures and assignments to place in the LMS course. */
export default async function DeepLinkPickerPage({ searchParams }: { searchParams: Promise<{ ticket?: string }> }) {
  const { ticket = '' } = await searchParams
  const user = await requirePageUser(STAFF, `/instructor/lti/deep-link?ticket=${encodeURIComponent(ticket)}`)
  let request: Awaited<ReturnType<typeof deepLinkRequest>>
  try {
    request = await deepLinkRequest(ticket, user.id)
  } catch (error) {
    return (
      <>
        <h1>Add to the LMS course</h1>
        <p role="alert" className="notice">
          {errorBody(error).body.error.message}
        </p>
      </>
    )
  }
  const choices = await deepLinkChoices()
  const type = request.acceptMultiple ? 'checkbox' : 'radio'
  return (
    <>
      <h1>Add to the LMS course</h1>
      <p>Pick what to place in the LMS course. Graded items get a gradebook column there, and scores from here are sent to it.</p>
      <form method="post" action="/api/lti/deep-link">
        <input type="hidden" name="ticket" value={ticket} />
        {(['assignment', 'lecture'] as const).map((kind) => (
          <fieldset key={kind}>
            <legend>{kind === 'assignment' ? 'Assignments' : 'Lectures and their quizzes'}</legend>
            {choices
              .filter((c) => c.kind === kind)
              .map((c) => (
                <div key={c.resource}>
                  <label style={{ fontWeight: 400 }}>
                    <input type={type} name="resource" value={c.resource} /> {c.title} <span className="hint">({c.detail})</span>
                  </label>
                </div>
              ))}
          </fieldset>
        ))}
        <button type="submit">Add to the LMS course</button>
      </form>
    </>
  )
}
