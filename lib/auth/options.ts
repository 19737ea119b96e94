import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import GitHubProvider from 'next-auth/providers/github'

import { devLoginEnabled, githubAuthConfigured } from '@/lib/config/env'

import { parseRole } from './roles'
import { isEmail, signInRefusal, upsertSignedInUser } from './users'

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
    list.push(GitHubProvider({ clientId: process.env.AUTH_GITHUB_ID!, clientSecret: process.env.AUTH_GITHUB_SECRET! }))
  }
  return list
}

export function authOptions(): NextAuthOptions {
  return {
    secret: process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET,
    // JWT sessions: the token carries only the user id; role and everything else are read from the database
    // on each request, so a role changed by an instructor takes effect at once.
    session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
    pages: { signIn: '/signin', error: '/signin' },
    providers: providers(),
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === 'dev') return true // authorize() already checked and stored the user
        if (!user.email) return '/signin?error=NoEmail'
        if (await signInRefusal(user.email)) return '/signin?error=NotOnRoster'
        const stored = await upsertSignedInUser({ email: user.email, name: user.name, image: user.image })
        user.id = stored.id
        return true
      },
      async jwt({ token, user }) {
        if (user?.id) token.uid = user.id
        return token
      },
      async session({ session, token }) {
        if (session.user && typeof token.uid === 'string') (session.user as { id?: string }).id = token.uid
        return session
      },
    },
  }
}
