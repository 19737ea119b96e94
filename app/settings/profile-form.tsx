'use client'

import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'

import { updateProfileAction } from './actions/update-profile'

export function ProfileForm({ name }: { name: string }) {
  const [value, setValue] = useState(name)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, start] = useTransition()
  const router = useRouter()
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        start(async () => {
          const result = await updateProfileAction({ name: value })
          setMessage(result.ok ? { ok: true, text: 'Saved.' } : { ok: false, text: result.error.message })
          if (result.ok) router.refresh()
        })
      }}
    >
      <label htmlFor="profile-name">Display name</label>
      <input id="profile-name" type="text" value={value} onChange={(e) => setValue(e.target.value)} maxLength={100} autoComplete="name" />
      <div style={{ marginTop: '0.75rem', display: 'flex', gap: '0.75rem', alignItems: 'center' }}>
        <button type="submit" disabled={pending}>
          Save
        </button>
        <span role="status" className={message ? (message.ok ? 'pill ok' : 'pill bad') : undefined}>
          {message?.text}
        </span>
      </div>
    </form>
  )
}
