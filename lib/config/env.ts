// Every setting comes from the environment, with defaults that work on a fresh machine of this project
// (PostgreSQL and Redis on localhost). `.env.example` documents each one.

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/cpython_course'
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL
}

export function redisUrl(): string {
  return process.env.REDIS_URL || DEFAULT_REDIS_URL
}

/**
 * `production` or `local`. `next start` forces NODE_ENV=production at run time even for a local trial run, so
 * the deployment kind is read from APP_ENV, which `npm start` sets to `local` unless the operator's own
 * NODE_ENV or APP_ENV says production (docs/decisions.md). Anything that does not say `local` counts as
 * production when NODE_ENV is production.
 *
 * An explicit APP_ENV=local deliberately wins over NODE_ENV=production: under `next start` NODE_ENV is always
 * production, so without this the development sign-in could never work under `npm start`. What keeps that
 * sign-in off the network is `npm start` listening on 127.0.0.1 and refusing any other address while it is on
 * (scripts/lib/listen-address.mjs); the Docker image and compose file set APP_ENV=production.
 */
export function appEnv(): 'production' | 'local' {
  const declared = process.env.APP_ENV
  if (declared === 'production') return 'production'
  if (declared === 'local') return 'local'
  return process.env.NODE_ENV === 'production' ? 'production' : 'local'
}

export function isProduction(): boolean {
  return appEnv() === 'production'
}

/** The development sign-in form: on with AUTH_DEV_LOGIN=1, and never in production. */
export function devLoginEnabled(): boolean {
  return process.env.AUTH_DEV_LOGIN === '1' && !isProduction()
}

export function githubAuthConfigured(): boolean {
  return Boolean(process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET)
}

function emailList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,;]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)
}

export function instructorEmails(): string[] {
  return emailList(process.env.INSTRUCTOR_EMAILS)
}

/** Where quizzes/ and homework/ live: the repository itself unless COURSE_DIR names a private copy. */
export function courseDir(): string {
  return process.env.COURSE_DIR || process.cwd()
}

/** A prefix for Redis keys and queue names, so tests and several deployments can share one Redis. */
export function queuePrefix(): string {
  return process.env.QUEUE_PREFIX || 'cpython-course'
}

export function appUrl(): string {
  return (process.env.APP_URL || process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '')
}
