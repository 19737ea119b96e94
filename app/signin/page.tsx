import type { Metadata } from 'next'

import { devLoginEnabled, githubAuthConfigured } from '@/lib/config/env'

import { DevSignInForm, GitHubSignInButton } from './sign-in-forms'

export const metadata: Metadata = { title: 'Sign in' }

const ERRORS: Record<string, string> = {
  NotOnRoster: 'That account is not on this course’s roster. Ask an instructor to add you.',
  NoEmail: 'Your GitHub account has no public or verified email address; add one and try again.',
  NoVerifiedEmail: 'Your GitHub account has no verified primary email address. Verify your primary address at github.com/settings/emails, then sign in again.',
  GitHubAccountMismatch:
    'The course account with your GitHub email is already linked to a different GitHub account. Sign in with that GitHub account, or ask an instructor to unlink it.',
  CredentialsSignin: 'Sign-in was refused: check the email address, or you may not be on the roster.',
  AccessDenied: 'Sign-in was refused.',
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams
  const safeCallback = callbackUrl?.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/'
  const dev = devLoginEnabled()
  const github = githubAuthConfigured()
  return (
    <section aria-labelledby="signin-title" style={{ maxWidth: '36rem' }}>
      <h1 id="signin-title">Sign in</h1>
      {error && (
        <p className="notice error" role="alert">
          {ERRORS[error] ?? 'Sign-in failed. Try again.'}
        </p>
      )}
      {github && <GitHubSignInButton callbackUrl={safeCallback} />}
      {dev && <DevSignInForm callbackUrl={safeCallback} />}
      {!dev && !github && (
        <p className="notice warn">
          No sign-in method is configured. Set <code>AUTH_GITHUB_ID</code> and <code>AUTH_GITHUB_SECRET</code>, or for local use <code>AUTH_DEV_LOGIN=1</code>{' '}
          (refused in production).
        </p>
      )}
    </section>
  )
}
