// L11: GitHub sign-in binds to the GitHub user id (an Account row) and needs GitHub's verified primary email for
// the first binding. GitHub cannot be reached from here, so its API is answered by a stand-in that returns the
// documented shapes of `GET /user` and `GET /user/emails` (docs.github.com/rest/users); the database is real.
import { afterEach, describe, expect, it, vi } from 'vitest'

import { bindGitHubAccount, fetchGitHubProfile, verifiedPrimaryEmail, type GitHubEmail } from '@/lib/auth/github'
import { authOptions } from '@/lib/auth/options'
import { prisma } from '@/lib/db/prisma'

import { createUser } from '../../support/fixtures'

let nextId = 5_000_000 + Math.floor(Math.random() * 1_000_000)

/** GitHub's `GET /user` for an account: numeric id, login, and the *public* email, which GitHub never verifies. */
function githubUser(publicEmail: string | null) {
  const id = nextId++
  return {
    login: `octo${id}`,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    type: 'User',
    name: `Octo ${id}`,
    email: publicEmail,
  }
}

/** A stand-in for api.github.com answering with the given payloads, and requiring the bearer token as GitHub does. */
function fakeGitHub(user: object, emails: GitHubEmail[]) {
  return vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const auth = new Headers(init?.headers).get('authorization')
    if (auth !== 'Bearer gho_test') return new Response(JSON.stringify({ message: 'Bad credentials' }), { status: 401 })
    if (String(url) === 'https://api.github.com/user') return Response.json(user)
    if (String(url) === 'https://api.github.com/user/emails') return Response.json(emails)
    return new Response('not found', { status: 404 })
  })
}

afterEach(() => {
  vi.unstubAllGlobals()
  delete process.env.AUTH_GITHUB_ID
  delete process.env.AUTH_GITHUB_SECRET
})

describe('verified primary email', () => {
  it('is the primary entry only when GitHub marks it verified', () => {
    expect(verifiedPrimaryEmail([{ email: 'Me@Example.edu', primary: true, verified: true, visibility: 'private' }])).toBe('me@example.edu')
    expect(verifiedPrimaryEmail([{ email: 'me@example.edu', primary: true, verified: false }])).toBeNull()
    // a verified secondary address is not a fallback for an unverified primary
    expect(
      verifiedPrimaryEmail([
        { email: 'victim@example.edu', primary: true, verified: false },
        { email: 'me@example.edu', primary: false, verified: true },
      ]),
    ).toBeNull()
    expect(verifiedPrimaryEmail([])).toBeNull()
    expect(verifiedPrimaryEmail({ message: 'Requires authentication' })).toBeNull()
  })

  it('replaces the public profile email in what the provider hands on', async () => {
    const user = githubUser('victim@example.edu')
    const fetch = fakeGitHub(user, [
      { email: 'victim@example.edu', primary: false, verified: false, visibility: null },
      { email: 'octo@example.edu', primary: true, verified: true, visibility: 'private' },
    ])
    expect(await fetchGitHubProfile('gho_test', fetch as typeof globalThis.fetch)).toMatchObject({ id: user.id, email: 'octo@example.edu' })
    const unverified = fakeGitHub(githubUser('victim@example.edu'), [{ email: 'victim@example.edu', primary: true, verified: false, visibility: 'public' }])
    expect((await fetchGitHubProfile('gho_test', unverified as typeof globalThis.fetch)).email).toBeNull()
  })

  it('is what the configured GitHub provider asks GitHub for', async () => {
    process.env.AUTH_GITHUB_ID = 'test-client'
    process.env.AUTH_GITHUB_SECRET = 'test-secret'
    const provider = authOptions().providers.find((p) => p.id === 'github') as unknown as {
      options: { userinfo: { request: (ctx: { tokens: { access_token: string } }) => Promise<Record<string, unknown>> } }
    }
    const user = githubUser('victim@example.edu')
    vi.stubGlobal('fetch', fakeGitHub(user, [{ email: 'victim@example.edu', primary: true, verified: false, visibility: 'public' }]))
    expect(await provider.options.userinfo.request({ tokens: { access_token: 'gho_test' } })).toMatchObject({ id: user.id, email: null })
  })
})

describe('binding a GitHub account', () => {
  it('refuses a first sign-in without a verified primary email', async () => {
    const victim = await createUser('INSTRUCTOR')
    const attacker = githubUser(victim.email)
    expect(await bindGitHubAccount({ githubId: String(attacker.id), verifiedEmail: null })).toEqual({ ok: false, error: 'NoVerifiedEmail' })
    expect(await prisma.account.count({ where: { userId: victim.id } })).toBe(0)
  })

  it('binds the GitHub id on first sign-in, then finds the account by id even after the email changes on GitHub', async () => {
    const alice = await createUser('STUDENT')
    const bob = await createUser('INSTRUCTOR')
    const aliceOnGitHub = githubUser(null)
    const first = await bindGitHubAccount({ githubId: String(aliceOnGitHub.id), verifiedEmail: alice.email, name: 'Alice' })
    expect(first).toMatchObject({ ok: true, user: { id: alice.id, role: 'STUDENT' } })
    expect(await prisma.account.findMany({ where: { userId: alice.id }, select: { provider: true, providerAccountId: true } })).toEqual([
      { provider: 'github', providerAccountId: String(aliceOnGitHub.id) },
    ])

    // Alice changes her GitHub primary email to Bob's address: she still gets her own account, not Bob's
    const later = await bindGitHubAccount({ githubId: String(aliceOnGitHub.id), verifiedEmail: bob.email })
    expect(later).toMatchObject({ ok: true, user: { id: alice.id, email: alice.email, role: 'STUDENT' } })
    expect(await prisma.account.count({ where: { userId: bob.id } })).toBe(0)
  })

  it('refuses a second GitHub account for a course account that is already bound', async () => {
    const carol = await createUser('TA')
    const hers = githubUser(null)
    const other = githubUser(null)
    expect(await bindGitHubAccount({ githubId: String(hers.id), verifiedEmail: carol.email })).toMatchObject({ ok: true })
    expect(await bindGitHubAccount({ githubId: String(other.id), verifiedEmail: carol.email })).toEqual({ ok: false, error: 'GitHubAccountMismatch' })
    expect(await prisma.account.count({ where: { providerAccountId: String(other.id) } })).toBe(0)
  })

  it('keeps the roster check, for a first sign-in and for a bound account', async () => {
    await prisma.rosterEntry.create({ data: { email: `rostered-${Date.now()}@example.edu` } })
    try {
      const outsider = githubUser(null)
      expect(await bindGitHubAccount({ githubId: String(outsider.id), verifiedEmail: `outsider-${Date.now()}@example.edu` })).toEqual({
        ok: false,
        error: 'NotOnRoster',
      })
      const dave = await createUser('STUDENT')
      await prisma.rosterEntry.create({ data: { email: dave.email } })
      const his = githubUser(null)
      expect(await bindGitHubAccount({ githubId: String(his.id), verifiedEmail: dave.email })).toMatchObject({ ok: true })
      await prisma.rosterEntry.delete({ where: { email: dave.email } })
      expect(await bindGitHubAccount({ githubId: String(his.id), verifiedEmail: dave.email })).toEqual({ ok: false, error: 'NotOnRoster' })
    } finally {
      await prisma.rosterEntry.deleteMany()
    }
  })

  it('is what the sign-in callback uses: the session gets the bound account, refusals go to /signin', async () => {
    const erin = await createUser('STUDENT')
    const hers = githubUser(null)
    const signIn = authOptions().callbacks!.signIn!
    const user = { id: String(hers.id), email: erin.email, name: 'Erin' }
    expect(await signIn({ user, account: { provider: 'github', providerAccountId: String(hers.id), type: 'oauth' } } as never)).toBe(true)
    expect(user.id).toBe(erin.id)
    const stranger = { id: String(githubUser(null).id), email: null }
    expect(await signIn({ user: stranger, account: { provider: 'github', providerAccountId: stranger.id, type: 'oauth' } } as never)).toBe(
      '/signin?error=NoVerifiedEmail',
    )
  })
})
