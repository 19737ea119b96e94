'use client'

import { signOut } from 'next-auth/react'
import { useState, useTransition } from 'react'

import { signOutEverywhereAction } from './actions/sign-out-everywhere'

export function SignOutEverywhere() {
  const [error, setError] = useState<string | null>(null)
  const [pending, start] = useTransition()
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null)
            const result = await signOutEverywhereAction({})
            if (!result.ok) return setError(result.error.message)
            // this browser's cookie is already worthless; clear it too and go home
            await signOut({ callbackUrl: '/' })
          })
        }
      >
        Sign out everywhere
      </button>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}
