'use client'

import { useId, useState } from 'react'

import { plural } from '@/lib/text/plural'

import { grantExtensionAction } from '../actions/grant-extension'
import { removeExtensionAction } from '../actions/remove-extension'

import { Status, useAction } from './use-action'

/** Grant, change or remove one student's extension. Times are in the course's time zone. */
export function ExtensionForm(props: {
  userId: string
  assignmentId: string
  timezone: string
  defaultDueAt: string
  hasExtension: boolean
  reason: string | null
  originalDueLabel: string
}) {
  const id = useId()
  const [dueAt, setDueAt] = useState(props.defaultDueAt)
  const [reason, setReason] = useState(props.reason ?? '')
  const { pending, message, run } = useAction()
  const describe = (d: { latenessChanged: number; earlierThanDeadline?: boolean }) =>
    [
      d.latenessChanged ? `${plural(d.latenessChanged, 'submission')} re-measured for lateness.` : '',
      d.earlierThanDeadline ? `Note: this is earlier than the assignment’s own deadline (${props.originalDueLabel}).` : '',
    ]
      .filter(Boolean)
      .join(' ')
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        run(
          () => grantExtensionAction({ userId: props.userId, assignmentId: props.assignmentId, dueAt, reason }),
          (d) => `Extension saved. ${describe(d)}`,
        )
      }}
    >
      <fieldset>
        <legend>{props.hasExtension ? 'Change the extension' : 'Grant an extension'}</legend>
        <label htmlFor={`${id}-due`}>New deadline ({props.timezone})</label>
        <input id={`${id}-due`} type="datetime-local" required value={dueAt} onChange={(e) => setDueAt(e.target.value)} style={{ maxWidth: '16rem' }} />
        <label htmlFor={`${id}-reason`}>Reason (optional)</label>
        <input id={`${id}-reason`} type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        <div style={{ marginTop: '0.5rem', display: 'flex', gap: '0.75rem', alignItems: 'center', flexWrap: 'wrap' }}>
          <button type="submit" disabled={pending}>
            {props.hasExtension ? 'Save the new deadline' : 'Grant extension'}
          </button>
          {props.hasExtension && (
            <button
              type="button"
              className="secondary"
              disabled={pending}
              onClick={() =>
                run(
                  () => removeExtensionAction({ userId: props.userId, assignmentId: props.assignmentId }),
                  (d) => `Extension removed. ${describe(d)}`,
                )
              }
            >
              Remove extension
            </button>
          )}
          <Status message={message} />
        </div>
      </fieldset>
    </form>
  )
}
