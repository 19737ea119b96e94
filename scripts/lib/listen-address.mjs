// Where `npm start` lets the web server listen (M6): loopback unless `--host` says otherwise, and never beyond
// loopback while the development sign-in is on, since that form lets anyone who reaches it sign in as an instructor.
import { SetupError } from './setup.mjs'

export const DEFAULT_HOST = '127.0.0.1'

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopback(host) {
  const h = String(host)
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h)
}

/**
 * The address to pass to `next start -H`. `host` is the `--host` value (undefined when not given, '' when
 * given without a value); `devLogin` whether the development sign-in is on. Throws a SetupError that says how
 * to configure real sign-in when the two do not go together.
 */
export function listenHost({ host, devLogin, port = 3000 }) {
  if (host === undefined) return DEFAULT_HOST
  const chosen = String(host).trim()
  if (!chosen || chosen.startsWith('--'))
    throw new SetupError('--host needs an address, e.g. --host 0.0.0.0 (all interfaces) or --host 192.168.1.20.', 'npm start -- --host <address>')
  if (devLogin && !isLoopback(chosen)) {
    throw new SetupError(
      `refusing to listen on ${chosen}: the development sign-in is on, and it lets anyone who can reach this server sign in as an instructor.`,
      `configure real sign-in first: create a GitHub OAuth app with callback URL <public URL>/api/auth/callback/github, set AUTH_GITHUB_ID, AUTH_GITHUB_SECRET, NEXTAUTH_URL=<public URL> and AUTH_DEV_LOGIN=0 (or APP_ENV=production) in .env, then run npm start -- --host ${chosen} --port ${port}. Without --host the server listens on ${DEFAULT_HOST} only.`,
    )
  }
  return chosen
}
