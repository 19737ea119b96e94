'use client'

import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'

import { CopyButton } from '@/components/copy-button'

import { createApiTokenAction } from './actions/create-api-token'
import { revokeApiTokenAction } from './actions/revoke-api-token'

type Token = {
  id: string
  name: string
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
  expiresAt: string | null
  /** the same times written on the server, in the course's time zone */
  createdText?: string
  lastUsedText?: string | null
  expiresText?: string | null
}

export function ApiTokens({ tokens, baseUrl, lifetimes, defaultLifetime }: { tokens: Token[]; baseUrl: string; lifetimes: number[]; defaultLifetime: number }) {
  const [name, setName] = useState('')
  const [days, setDays] = useState(defaultLifetime)
  const [created, setCreated] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, start] = useTransition()
  const router = useRouter()
  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          setError(null)
          start(async () => {
            const result = await createApiTokenAction({ name, expiresInDays: days })
            if (result.ok) {
              setCreated(result.data.token)
              setName('')
              router.refresh()
            } else setError(result.error.message)
          })
        }}
      >
        <label htmlFor="token-name">New token name</label>
        <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
          <input
            id="token-name"
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="laptop"
            maxLength={60}
            required
            style={{ maxWidth: '20rem' }}
          />
          <select id="token-lifetime" aria-label="Expires after" value={days} onChange={(e) => setDays(Number(e.target.value))} style={{ maxWidth: '12rem' }}>
            {lifetimes.map((d) => (
              <option key={d} value={d}>
                expires in {d} days
              </option>
            ))}
          </select>
          <button type="submit" disabled={pending}>
            Create token
          </button>
        </div>
        {error && (
          <p className="notice error" role="alert">
            {error}
          </p>
        )}
      </form>
      {created && (
        <div className="notice ok" role="status">
          <p style={{ marginTop: 0 }}>
            <strong>Copy this token now; it will not be shown again.</strong>
          </p>
          <pre aria-label="New API token" data-testid="new-token">
            {created}
          </pre>
          <CopyButton text={created} label="Copy the token" />
          <p>From your CPython checkout:</p>
          <pre>{`git diff > hw.diff\ncurl -sS -H "Authorization: Bearer ${created}" --data-binary @hw.diff \\\n  ${baseUrl}/api/assignments/<assignment>/submissions`}</pre>
        </div>
      )}
      {tokens.length > 0 && (
        <div className="table-scroll" style={{ marginTop: '1rem' }}>
          <table className="data">
            <caption className="hint" style={{ textAlign: 'left' }}>
              Your tokens
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.createdText ?? new Date(t.createdAt).toLocaleString()}</td>
                  <td>{t.lastUsedAt ? (t.lastUsedText ?? new Date(t.lastUsedAt).toLocaleString()) : 'never'}</td>
                  <td>{t.expiresAt ? (t.expiresText ?? new Date(t.expiresAt).toLocaleDateString()) : 'never'}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="pill bad">revoked</span>
                    ) : t.expiresAt && new Date(t.expiresAt) < new Date() ? (
                      <span className="pill bad">expired</span>
                    ) : (
                      <button
                        type="button"
                        className="secondary"
                        disabled={pending}
                        aria-label={`Revoke token ${t.name}`}
                        onClick={() =>
                          start(async () => {
                            const result = await revokeApiTokenAction({ id: t.id })
                            if (!result.ok) setError(result.error.message)
                            router.refresh()
                          })
                        }
                      >
                        Revoke
                      </button>
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
