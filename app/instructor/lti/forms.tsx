'use client'

import { Status, useAction } from '../_forms/use-action'

import { approveCourseAction } from './actions/approve-course'
import { createRegistrationUrlAction } from './actions/create-registration-url'
import { registerPlatformAction } from './actions/register-platform'
import { removePlatformAction } from './actions/remove-platform'
import { rotateKeysAction } from './actions/rotate-keys'
import { syncRosterAction } from './actions/sync-roster'

const FIELDS = [
  ['name', 'Name', 'University Canvas'],
  ['issuer', 'Issuer (iss)', 'https://canvas.instructure.com'],
  ['clientId', 'Client id', '10000000000123'],
  ['deploymentIds', 'Deployment ids (comma-separated)', '42:8b9e…'],
  ['authLoginUrl', 'OIDC authentication URL', 'https://sso.canvaslms.com/api/lti/authorize_redirect'],
  ['tokenUrl', 'Access token URL', 'https://sso.canvaslms.com/login/oauth2/token'],
  ['jwksUrl', 'Public keyset (JWKS) URL', 'https://sso.canvaslms.com/api/lti/security/jwks'],
  ['tokenAudience', 'Token audience (only if the LMS names one)', ''],
] as const

export function RegisterPlatformForm() {
  const { pending, message, run } = useAction()
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        const data = Object.fromEntries(new FormData(e.currentTarget))
        run(
          () => registerPlatformAction(data),
          (d) => `Registered ${d.name}.`,
        )
      }}
    >
      {FIELDS.map(([name, label, placeholder]) => (
        <div key={name}>
          <label htmlFor={`lti-${name}`}>{label}</label>
          <input id={`lti-${name}`} name={name} placeholder={placeholder} required={name !== 'tokenAudience'} style={{ width: '100%' }} />
        </div>
      ))}
      <div style={{ marginTop: '0.5rem', display: 'flex', gap: '0.75rem', alignItems: 'center' }}>
        <button type="submit" disabled={pending}>
          Register platform
        </button>
        <Status message={message} />
      </div>
    </form>
  )
}

export function RemovePlatformButton({ id, name }: { id: string; name: string }) {
  const { pending, message, run } = useAction()
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          confirm(`Remove ${name}? Its launches stop working.`) &&
          run(
            () => removePlatformAction({ id }),
            () => 'Removed.',
          )
        }
      >
        Remove
      </button>
      <Status message={message} />
    </>
  )
}

export function RotateKeysButton() {
  const { pending, message, run } = useAction()
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(
            () => rotateKeysAction({}),
            (d) => `Now signing with key ${d.kid}.`,
          )
        }
      >
        Rotate tool key
      </button>
      <Status message={message} />
    </>
  )
}

export function SyncRosterButton({ contextId, title }: { contextId: string; title: string }) {
  const { pending, message, run } = useAction()
  return (
    <>
      <button
        type="button"
        aria-label={`Sync roster of ${title}`}
        disabled={pending}
        onClick={() =>
          run(
            () => syncRosterAction({ contextId }),
            (d) => `${d.active} active, ${d.added} added, ${d.removed} removed.`,
          )
        }
      >
        Sync roster now
      </button>
      <Status message={message} />
    </>
  )
}

export function RegistrationUrlButton() {
  const { pending, message, run } = useAction()
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(
            () => createRegistrationUrlAction({}),
            (d) => d.url,
          )
        }
      >
        Create a dynamic-registration URL
      </button>{' '}
      <Status message={message} />
    </>
  )
}

export function ApproveCourseButton({ contextId, title, approved }: { contextId: string; title: string; approved: boolean }) {
  const { pending, message, run } = useAction()
  return (
    <>
      <button
        type="button"
        aria-label={`${approved ? 'Withdraw approval of' : 'Approve'} ${title}`}
        disabled={pending}
        onClick={() =>
          run(
            () => approveCourseAction({ contextId, approved: !approved }),
            (d) => (d.approved ? 'Approved.' : 'Approval withdrawn.'),
          )
        }
      >
        {approved ? 'Withdraw approval' : 'Approve staff roles'}
      </button>
      <Status message={message} />
    </>
  )
}
