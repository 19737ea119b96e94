import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import GitHubProvider from 'next-auth/providers/github'

import { authSecret as configuredAuthSecret, devLoginEnabled, githubAuthConfigured, githubOAuthApp, nextAuthUrl } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'

import { bindGitHubAccount, fetchGitHubProfile, GITHUB_PROVIDER } from './github'
import { parseRole } from './roles'
import { isEmail, signInRefusal, upsertSignedInUser } from './users'

export function authSecret(): string | undefined {
  return configuredAuthSecret()
}

/** next-auth's session cookie name: `__Secure-` prefixed when NEXTAUTH_URL is https, the rule next-auth follows. */
export function sessionCookieName(): string {
  return nextAuthUrl().startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token'
}

function providers(): NextAuthOptions['providers'] {
  const list: NextAuthOptions['providers'] = []
  if (devLoginEnabled()) {
    list.push(
      CredentialsProvider({
        id: 'dev',
        name: 'Development sign-in',
        credentials: { email: { label: 'Email', type: 'email' }, role: { label: 'Role', type: 'text' } },
        async authorize(credentials) {
          // checked again here: the flag could be flipped while the server runs, and production must never accept it
          if (!devLoginEnabled()) return null
          const email = String(credentials?.email ?? '')
          if (!isEmail(email)) return null
          const role = parseRole(credentials?.role) ?? 'STUDENT'
          if (role === 'STUDENT' && (await signInRefusal(email))) return null
          const user = await upsertSignedInUser({ email, requestedRole: role })
          return { id: user.id, email: user.email, name: user.name }
        },
      }),
    )
  }
  if (githubAuthConfigured()) {
    list.push(
      GitHubProvider({
        ...githubOAuthApp(),
        // the email next-auth sees is GitHub's verified primary address or null, never the unverified public one
        userinfo: { url: 'https://api.github.com/user', request: ({ tokens }) => fetchGitHubProfile(String(tokens.access_token)) },
      }),
    )
  }
  return list
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    // JWT sessions: the token carries only the user id; role and everything else are read from the database
    // on each request, so a role changed by an instructor takes effect at once.
    session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
    pages: { signIn: '/signin', error: '/signin' },
    providers: providers(),
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === 'dev') return true // authorize() already checked and stored the user
        if (account?.provider !== GITHUB_PROVIDER) return false
        // bound by GitHub user id; a first sign-in needs GitHub's verified primary email (lib/auth/github.ts)
        const bound = await bindGitHubAccount({ githubId: account.providerAccountId, verifiedEmail: user.email ?? null, name: user.name, image: user.image })
        if (!bound.ok) return `/signin?error=${bound.error}`
        user.id = bound.user.id
        return true
      },
      async jwt({ token, user }) {
        if (user?.id) {
          // at sign-in only: the session remembers the user's epoch then; "sign out everywhere" moves it on
          token.uid = user.id
          token.epoch = (await prisma.user.findUnique({ where: { id: user.id }, select: { sessionEpoch: true } }))?.sessionEpoch ?? 0
        }
        return token
      },
      async session({ session, token }) {
        if (session.user && typeof token.uid === 'string') (session.user as { id?: string }).id = token.uid
        if (typeof token.epoch === 'number') (session as { epoch?: number }).epoch = token.epoch
        return session
      },
    },
  }
}
