import type { Metadata } from 'next'

import { requirePageUser } from '@/lib/auth/guards'
import { appUrl } from '@/lib/config/env'
import { formatDeadline } from '@/lib/course/dates'
import { prisma } from '@/lib/db/prisma'
import { DEFAULT_TOKEN_DAYS, listApiTokens, TOKEN_LIFETIME_DAYS } from '@/lib/tokens/api-tokens'

import { ApiTokens } from './api-tokens'
import { ProfileForm } from './profile-form'
import { SignOutEverywhere } from './sign-out-everywhere'

export const metadata: Metadata = { title: 'Settings' }
export const dynamic = 'force-dynamic'

export default async function SettingsPage() {
  const user = await requirePageUser(undefined, '/settings')
  const [tokens, profile] = await Promise.all([
    listApiTokens(user.id),
    prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true, email: true, role: true, section: true } }),
  ])
  return (
    <>
      <h1>Settings</h1>
      <section aria-labelledby="profile-title" className="card">
        <h2 id="profile-title" style={{ marginTop: 0 }}>
          Profile
        </h2>
        <p>
          Signed in as <strong>{profile.email}</strong> · role <span className="role-badge">{profile.role.toLowerCase()}</span>
          {profile.section && <> · section {profile.section}</>}
        </p>
        <ProfileForm name={profile.name ?? ''} />
      </section>
      <section aria-labelledby="tokens-title" className="card" style={{ marginTop: '1rem' }}>
        <h2 id="tokens-title" style={{ marginTop: 0 }}>
          API tokens
        </h2>
        <p className="hint">
          Personal tokens let you submit homework from a terminal. A token can only submit patches and read your own submissions, with student rights whatever
          your role, and it expires ({DEFAULT_TOKEN_DAYS} days unless you choose otherwise). A token is shown once when created; only a hash of it is stored.
          Revoke a token you no longer use.
        </p>
        <ApiTokens
          baseUrl={appUrl()}
          lifetimes={[...TOKEN_LIFETIME_DAYS]}
          defaultLifetime={DEFAULT_TOKEN_DAYS}
          tokens={tokens.map((t) => ({
            ...t,
            createdAt: t.createdAt.toISOString(),
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
            revokedAt: t.revokedAt?.toISOString() ?? null,
            expiresAt: t.expiresAt?.toISOString() ?? null,
            createdText: formatDeadline(t.createdAt),
            lastUsedText: t.lastUsedAt ? formatDeadline(t.lastUsedAt) : null,
            expiresText: t.expiresAt ? formatDeadline(t.expiresAt) : null,
          }))}
        />
      </section>
      <section aria-labelledby="sessions-title" className="card" style={{ marginTop: '1rem' }}>
        <h2 id="sessions-title" style={{ marginTop: 0 }}>
          Sessions
        </h2>
        <p className="hint">
          Signed in on a computer you no longer use, or lost a device? Sign out everywhere ends every session of yours, in every browser, this one included. API
          tokens are not affected: revoke them above.
        </p>
        <SignOutEverywhere />
      </section>
    </>
  )
}
