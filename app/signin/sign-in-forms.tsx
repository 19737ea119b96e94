'use client'

import { signIn } from 'next-auth/react'
import { useState } from 'react'

const ROLES = [
  { value: 'STUDENT', label: 'Student' },
  { value: 'TA', label: 'Teaching assistant' },
  { value: 'INSTRUCTOR', label: 'Instructor' },
]

const QUICK = [
  { email: 'student@example.edu', role: 'STUDENT', label: 'Student (student@example.edu)' },
  { email: 'instructor@example.edu', role: 'INSTRUCTOR', label: 'Instructor (instructor@example.edu)' },
]

export function DevSignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [email, setEmail] = useState('')
  const [role, setRole] = useState('STUDENT')
  const [busy, setBusy] = useState(false)
  const go = async (e: string, r: string) => {
    setBusy(true)
    await signIn('dev', { email: e, role: r, callbackUrl })
    setBusy(false)
  }
  return (
    <div className="card" style={{ marginTop: '1rem' }}>
      <h2 style={{ marginTop: 0 }}>Development sign-in</h2>
      <p className="hint">For local use only: sign in as anyone, with any role. It is refused when the app runs in production.</p>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem', margin: '0.75rem 0' }}>
        {QUICK.map((q) => (
          <button key={q.email} type="button" className="secondary" disabled={busy} onClick={() => go(q.email, q.role)}>
            {q.label}
          </button>
        ))}
      </div>
      <form
        onSubmit={(ev) => {
          ev.preventDefault()
          void go(email, role)
        }}
      >
        <label htmlFor="dev-email">Email</label>
        <input id="dev-email" name="email" type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="dev-role">Role</label>
        <select id="dev-role" name="role" value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        <div style={{ marginTop: '1rem' }}>
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </div>
      </form>
    </div>
  )
}

export function GitHubSignInButton({ callbackUrl }: { callbackUrl: string }) {
  return (
    <p>
      <button type="button" onClick={() => signIn('github', { callbackUrl })}>
        Sign in with GitHub
      </button>
    </p>
  )
}
