// GitHub sign-in binds to the GitHub user id, never to an email GitHub merely displays (L11). The first sign-in
// with a GitHub account needs a verified primary email; it links that GitHub id to the course account with
// that email (an Account row). Every later sign-in finds the course account by the GitHub id alone, so changing
// the email on GitHub moves nobody into somebody else's account.
import { prisma } from '@/lib/db/prisma'

import { normalizeEmail, signInRefusal, upsertSignedInUser, type SessionUser } from './users'

export const GITHUB_PROVIDER = 'github'

/** One entry of GitHub's `GET /user/emails` answer. */
export type GitHubEmail = { email: string; primary: boolean; verified: boolean; visibility?: string | null }

/** The verified primary address from GitHub's `GET /user/emails`, or null: no other entry is ever used. */
export function verifiedPrimaryEmail(emails: unknown): string | null {
  if (!Array.isArray(emails)) return null
  const primary = emails.find((e): e is GitHubEmail => typeof e === 'object' && e !== null && (e as GitHubEmail).primary === true)
  if (primary?.verified !== true || typeof primary.email !== 'string') return null
  return normalizeEmail(primary.email)
}

/**
 * The profile next-auth's GitHub provider hands on: GitHub's `GET /user`, with `email` replaced by the verified
 * primary address from `GET /user/emails` (or null). The public profile email is not used: GitHub does not
 * require it to be verified.
 */
export async function fetchGitHubProfile(accessToken: string, fetchImpl: typeof fetch = fetch): Promise<Record<string, unknown>> {
  const headers = { Authorization: `Bearer ${accessToken}`, Accept: 'application/vnd.github+json', 'User-Agent': 'cpython-course' }
  const profileResponse = await fetchImpl('https://api.github.com/user', { headers })
  if (!profileResponse.ok) throw new Error(`GitHub answered ${profileResponse.status} to GET /user`)
  const profile = (await profileResponse.json()) as Record<string, unknown>
  const emailsResponse = await fetchImpl('https://api.github.com/user/emails', { headers })
  const emails = emailsResponse.ok ? await emailsResponse.json() : []
  return { ...profile, email: verifiedPrimaryEmail(emails) }
}

export type GitHubBinding = { ok: true; user: SessionUser } | { ok: false; error: 'NoVerifiedEmail' | 'NotOnRoster' | 'GitHubAccountMismatch' }

/**
 * The course account for a GitHub sign-in. `verifiedEmail` must come from `verifiedPrimaryEmail` (null when
 * GitHub has none). Bound GitHub id → that account, whatever the email says now. Unbound → the account with
 * the verified email, which is then bound, unless that account is already bound to another GitHub id.
 */
export async function bindGitHubAccount(input: {
  githubId: string
  verifiedEmail: string | null
  name?: string | null
  image?: string | null
}): Promise<GitHubBinding> {
  const key = { provider_providerAccountId: { provider: GITHUB_PROVIDER, providerAccountId: input.githubId } }
  const bound = await prisma.account.findUnique({ where: key, select: { user: { select: { email: true } } } })
  if (bound) {
    if (await signInRefusal(bound.user.email)) return { ok: false, error: 'NotOnRoster' }
    return { ok: true, user: await upsertSignedInUser({ email: bound.user.email, name: input.name, image: input.image }) }
  }
  if (!input.verifiedEmail) return { ok: false, error: 'NoVerifiedEmail' }
  const email = normalizeEmail(input.verifiedEmail)
  const existing = await prisma.user.findUnique({ where: { email }, select: { accounts: { where: { provider: GITHUB_PROVIDER }, select: { id: true } } } })
  if (existing && existing.accounts.length > 0) return { ok: false, error: 'GitHubAccountMismatch' }
  if (await signInRefusal(email)) return { ok: false, error: 'NotOnRoster' }
  const user = await upsertSignedInUser({ email, name: input.name, image: input.image })
  try {
    await prisma.account.create({ data: { userId: user.id, type: 'oauth', provider: GITHUB_PROVIDER, providerAccountId: input.githubId } })
  } catch (error) {
    // two first sign-ins at once: the other one bound this GitHub id; it must be to this same account
    const winner = await prisma.account.findUnique({ where: key, select: { userId: true } })
    if (winner?.userId !== user.id) throw error
  }
  return { ok: true, user }
}
