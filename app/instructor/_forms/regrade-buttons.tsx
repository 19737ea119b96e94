'use client'

import { plural } from '@/lib/text/plural'

import { regradeAssignmentAction } from '../actions/regrade-assignment'
import { regradeSubmissionAction } from '../actions/regrade-submission'

import { Status, useAction } from './use-action'

export function RegradeSubmissionButton({ submissionId }: { submissionId: string }) {
  const { pending, message, run } = useAction()
  return (
    <span style={{ display: 'inline-flex', gap: '0.5rem', alignItems: 'center' }}>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        onClick={() =>
          run(
            () => regradeSubmissionAction({ submissionId }),
            () => 'Queued for regrading (behind fresh submissions).',
          )
        }
      >
        Regrade this submission
      </button>
      <Status message={message} />
    </span>
  )
}

export function RegradeAssignmentButton({ slug, title }: { slug: string; title: string }) {
  const { pending, message, run } = useAction()
  return (
    <span style={{ display: 'inline-flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        onClick={() => {
          if (
            !window.confirm(
              `Regrade every counted submission of “${title}”? Each gets a new run, queued behind fresh submissions; current scores stay until the new results arrive.`,
            )
          )
            return
          run(
            () => regradeAssignmentAction({ slug }),
            (d) => `${plural(d.queued, 'submission')} queued for regrading${d.alreadyQueued ? `; ${d.alreadyQueued} already queued` : ''}.`,
          )
        }}
      >
        Regrade all counted submissions
      </button>
      <Status message={message} />
    </span>
  )
}
