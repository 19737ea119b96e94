// Every setting comes from the environment, with defaults that work on a fresh machine of this project (PostgreSQL
// and Redis on localhost). This file is the one definition of them: `VARIABLES` gives each variable its section, its
// description and a zod schema with its default; `.env.example` is written from it (`npm run env:example`, checked by
// lib/config/env-example.test.ts). The web app and the worker read settings through the getters below or `readEnv()`,
// never `process.env` directly. scripts/ (plain Node, run before dependencies are installed) keep their own copies of
// the few defaults they need, marked "mirrors lib/config/env.ts".
//
// Parsed lazily and again whenever one of these variables changed: tests set DATABASE_URL, QUEUE_PREFIX, REDIS_URL or
// AUTH_SECRET per file (tests/support/per-file-database.ts, beforeAll hooks) after modules are loaded, and a parse
// frozen at first use would ignore them. The check is one string of the current values, compared with the last one.
import { z } from 'zod'

import { CANONICAL_CPYTHON } from '@/lib/cpython/baseline'

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/cpython_course'
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

// ---------------------------------------------------------------------------------------------------------------
// Kinds of value. Empty counts as unset everywhere (`.env.example` lines like `GRADER_WORK_DIR=`).

const unset = (raw: string | undefined): raw is undefined => raw === undefined || raw.trim() === ''

/** Free text, trimmed; the fallback when unset. */
function text(fallback: string) {
  return z
    .string()
    .optional()
    .transform((raw) => (unset(raw) ? fallback : raw.trim()))
}

/** Free text, trimmed, or undefined when unset. */
function optionalText() {
  return z
    .string()
    .optional()
    .transform((raw) => (unset(raw) ? undefined : raw.trim()))
}

/** Text kept exactly as given (secrets, modes compared as they are). */
function verbatim() {
  return z.string().optional()
}

/** `1` turns it on; anything else, or nothing, leaves it off. */
function flag() {
  return z
    .string()
    .optional()
    .transform((raw) => raw === '1')
}

function wholeNumber(min: number, fallback: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return fallback
      const n = Number(raw.trim())
      if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number ≥ ${min}, got ${JSON.stringify(raw)}` })
        return z.NEVER
      }
      return n
    })
}

function url(protocols: string[], fallback: string, example: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return fallback
      const value = raw.trim()
      let protocol: string | undefined
      try {
        protocol = new URL(value).protocol.replace(/:$/, '')
      } catch {
        protocol = undefined
      }
      if (!protocol || !protocols.includes(protocol)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a ${protocols.map((p) => `${p}://`).join(' or ')} URL such as ${example}, got ${JSON.stringify(raw)}`,
        })
        return z.NEVER
      }
      return value
    })
}

function timeZone(fallback: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return fallback
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: raw.trim() })
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected an IANA time zone such as America/New_York or Europe/Berlin, got ${JSON.stringify(raw)}` })
        return z.NEVER
      }
      return raw.trim()
    })
}

function emailList() {
  return z
    .string()
    .optional()
    .transform((raw) =>
      (raw ?? '')
        .split(/[\s,;]+/)
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
}

// ---------------------------------------------------------------------------------------------------------------
// The variables

export const SECTIONS = ['services', 'web and sign-in', 'course content', 'lectures', 'grading', 'worker', 'LTI 1.3 (docs/lti.md)'] as const
export type Section = (typeof SECTIONS)[number]

export interface Variable {
  section: Section
  /** For `.env.example`: what it is for, the default when that is not a plain value. Lines split on "\n". */
  doc: string
  /** The value shown in `.env.example` (commented out); empty for none. */
  example: string
  schema: z.ZodType<unknown, string | undefined>
}

export const VARIABLES = {
  // services
  DATABASE_URL: {
    section: 'services',
    doc: 'PostgreSQL. Default: the local server (127.0.0.1:5432, database cpython_course, created if missing).\nWhen unset and no local server answers, `npm start` runs an embedded PostgreSQL (PGlite) in .data/pglite.',
    example: DEFAULT_DATABASE_URL,
    schema: url(['postgresql', 'postgres'], DEFAULT_DATABASE_URL, DEFAULT_DATABASE_URL),
  },
  DATABASE_POOL_SIZE: { section: 'services', doc: 'Connections per process (web and worker each have a pool).', example: '10', schema: wholeNumber(1, 10) },
  REDIS_URL: {
    section: 'services',
    doc: 'Redis, for the grading queue and live progress events.',
    example: DEFAULT_REDIS_URL,
    schema: url(['redis', 'rediss'], DEFAULT_REDIS_URL, DEFAULT_REDIS_URL),
  },
  QUEUE_PREFIX: {
    section: 'services',
    doc: 'Prefix of every Redis key and queue name (lets several deployments or test runs share one Redis).',
    example: 'cpython-course',
    schema: text('cpython-course'),
  },

  // web and sign-in
  PORT: { section: 'web and sign-in', doc: 'Port of the web app.', example: '3000', schema: wholeNumber(1, 3000) },
  APP_URL: {
    section: 'web and sign-in',
    doc: 'Public URL of the site (used in links and by next-auth). Default http://localhost:$PORT',
    example: 'http://localhost:3000',
    schema: optionalText(),
  },
  NEXTAUTH_URL: {
    section: 'web and sign-in',
    doc: "next-auth's own name for the public URL (https:// makes the session cookie __Secure-). Default APP_URL.",
    example: '',
    schema: optionalText(),
  },
  APP_ENV: {
    section: 'web and sign-in',
    doc: 'local | production. `npm start` sets local unless NODE_ENV or APP_ENV already says production.',
    example: 'local',
    schema: verbatim(),
  },
  NODE_ENV: {
    section: 'web and sign-in',
    doc: 'Set by Next (`next start`: production, `next dev`: development); APP_ENV says what kind of deployment this is.',
    example: '',
    schema: verbatim(),
  },
  AUTH_SECRET: {
    section: 'web and sign-in',
    doc: 'Secret for session tokens. `npm start` generates one into .data/auth-secret when unset; set it in production.',
    example: '',
    schema: verbatim(),
  },
  NEXTAUTH_SECRET: {
    section: 'web and sign-in',
    doc: "next-auth's older name for AUTH_SECRET (used when AUTH_SECRET is unset).",
    example: '',
    schema: verbatim(),
  },
  METRICS_TOKEN: {
    section: 'web and sign-in',
    doc: 'Bearer token for /api/metrics (Prometheus). Unset: the endpoint answers 404.',
    example: '',
    schema: optionalText(),
  },
  AUTH_DEV_LOGIN: {
    section: 'web and sign-in',
    doc: '1 = the development sign-in form (sign in as any email and role). Refused in production.',
    example: '1',
    schema: flag(),
  },
  AUTH_GITHUB_ID: { section: 'web and sign-in', doc: 'GitHub OAuth app; the GitHub button appears when both are set.', example: '', schema: optionalText() },
  AUTH_GITHUB_SECRET: { section: 'web and sign-in', doc: '', example: '', schema: optionalText() },
  INSTRUCTOR_EMAILS: {
    section: 'web and sign-in',
    doc: 'Emails (comma-separated) that become instructors when they sign in (an instructor can change roles later).',
    example: 'instructor@example.edu',
    schema: emailList(),
  },

  // course content
  COURSE_DIR: {
    section: 'course content',
    doc: 'Directory holding course.yaml, quizzes/ and homework/ (default: this repository). Point it at a private\ncopy to keep hidden tests out of a public repository.',
    example: '',
    schema: optionalText(),
  },
  COURSE_TIMEZONE: { section: 'course content', doc: 'Time zone deadlines are shown in.', example: 'America/New_York', schema: timeZone('America/New_York') },

  // lectures
  LECTURE_MEDIA_DIR: {
    section: 'lectures',
    doc: 'Directory of self-hosted lecture videos served at /api/lectures/media/<file> (with range requests).',
    example: '.data/media',
    schema: optionalText(),
  },
  LECTURE_VIDEO_OVERRIDE: {
    section: 'lectures',
    doc: 'Play this file for every lecture instead of its YouTube video (e.g. /api/lectures/media/clip.webm)…',
    example: '',
    schema: verbatim(),
  },
  LECTURE_VIDEO_OVERRIDE_LECTURES: { section: 'lectures', doc: '…or only for these lecture numbers (e.g. 1-9).', example: '', schema: verbatim() },
  LECTURE_VIDEO_PREFER: {
    section: 'lectures',
    doc: 'When a lecture has both a YouTube id and a file, the file plays; `youtube` prefers YouTube.',
    example: 'file',
    schema: verbatim(),
  },

  // grading
  CPYTHON_VERSION: {
    section: 'grading',
    doc: "The course's CPython version; the worker refuses an image built from another one.",
    example: CANONICAL_CPYTHON,
    schema: text(CANONICAL_CPYTHON),
  },
  CPYTHON_TARBALL: {
    section: 'grading',
    doc: `A local CPython tarball (else python.org's ${CANONICAL_CPYTHON} is downloaded, else Debian's 2.7.18 source is used).`,
    example: `/path/to/Python-${CANONICAL_CPYTHON}.tgz`,
    schema: optionalText(),
  },
  CPYTHON_ALLOW_UNVERIFIED: {
    section: 'grading',
    doc: '1 = accept a local tarball whose sha256 is not the pinned one (its version is read from Include/patchlevel.h).',
    example: '0',
    schema: flag(),
  },
  GRADER_ALLOW_BASELINE_MISMATCH: {
    section: 'grading',
    doc: '1 = let the worker grade with an image whose CPython version differs from CPYTHON_VERSION.',
    example: '0',
    schema: flag(),
  },
  GRADER_IMAGE: {
    section: 'grading',
    doc: 'Grader image tag (default: cpython-course/grader:current, built by `npm run grader:image`).',
    example: '',
    schema: optionalText(),
  },
  GRADER_IMAGE_ARCHIVE: {
    section: 'grading',
    doc: 'A `docker save` archive of the grader image (`npm run grader:image -- --save FILE`); a worker whose engine lacks GRADER_IMAGE loads it.',
    example: '',
    schema: optionalText(),
  },
  GRADER_REGISTRY: {
    section: 'grading',
    doc: 'Registry (host[:port][/path]) a worker pulls GRADER_IMAGE from when its engine lacks it and no archive is given, e.g. registry.example.edu:5000.',
    example: '',
    schema: optionalText(),
  },
  BASE_IMAGE: {
    section: 'grading',
    doc: 'Base image for the grader (pulled when a registry answers, else made with debootstrap).',
    example: 'debian:bookworm-slim',
    schema: optionalText(),
  },
  PATCH_MAX_BYTES: { section: 'grading', doc: 'Largest accepted patch, in bytes.', example: '524288', schema: wholeNumber(1, 512 * 1024) },
  PRACTICE_RUNS_PER_HOUR: {
    section: 'grading',
    doc: 'Practice runs ("Run public tests" in the workbench) allowed per student and hour.',
    example: '20',
    schema: wholeNumber(0, 20),
  },
  CPYTHON_CACHE_DIR: {
    section: 'grading',
    doc: 'Where tarballs and the unpacked pristine tree are cached (default .data/cpython).',
    example: '',
    schema: optionalText(),
  },
  CPYTHON_DOWNLOAD_TIMEOUT_MS: {
    section: 'grading',
    doc: "How long to wait for python.org before falling back to Debian's source archive.",
    example: '10000',
    schema: wholeNumber(1, 10_000),
  },
  DEBIAN_MIRROR: {
    section: 'grading',
    doc: 'Debian mirror for the debootstrap base image and the source-archive fallback.',
    example: 'http://deb.debian.org/debian',
    schema: text('http://deb.debian.org/debian'),
  },
  BASE_IMAGE_PULL_TIMEOUT_MS: {
    section: 'grading',
    doc: 'How long to try pulling BASE_IMAGE before making it with debootstrap.',
    example: '20000',
    schema: wholeNumber(1, 20_000),
  },

  // worker
  GRADER_CONCURRENCY: { section: 'worker', doc: 'Jobs one worker runs at once.', example: '2', schema: wholeNumber(1, 2) },
  REGRADE_CONCURRENCY: {
    section: 'worker',
    doc: 'Regrades the whole deployment runs at once (their own queue lane, so live submissions are never held behind a regrade-all).',
    example: '1',
    schema: wholeNumber(1, 1),
  },
  GRADER_WORK_DIR: { section: 'worker', doc: 'Scratch directory the worker uses for job files (default .data).', example: '', schema: optionalText() },
  BUILD_CACHE_DIR: {
    section: 'worker',
    doc: "Where students' build caches are kept (default GRADER_WORK_DIR/build-cache). Point every grading host at one shared directory (NFS, a ReadWriteMany volume) and a resubmission finds its cache on whichever host takes it.",
    example: '',
    schema: optionalText(),
  },
  BUILD_CACHE_TOTAL_BYTES: {
    section: 'worker',
    doc: "Cap on all students' build caches in BUILD_CACHE_DIR (per host, or over the whole fleet when it is shared); least recently used go first.",
    example: '8589934592',
    schema: wholeNumber(0, 8 * 1024 * 1024 * 1024),
  },
  WORKER_LOCK_MS: {
    section: 'worker',
    doc: 'Worker tuning: job lock, stalled-job check interval, run lease, reconciler interval (milliseconds).',
    example: '30000',
    schema: wholeNumber(1, 30_000),
  },
  WORKER_STALLED_INTERVAL_MS: { section: 'worker', doc: '', example: '15000', schema: wholeNumber(1, 15_000) },
  GRADING_LEASE_MS: { section: 'worker', doc: '', example: '30000', schema: wholeNumber(1, 30_000) },
  RECONCILE_INTERVAL_MS: { section: 'worker', doc: '', example: '10000', schema: wholeNumber(1, 10_000) },

  WORKER_GRADING_ONLY: {
    section: 'worker',
    doc: '1 = this worker only grades: no LTI passback/roster sync and no similarity checks (for extra grading hosts; keep one worker without it).',
    example: '0',
    schema: flag(),
  },
  SIMILARITY_RECONCILE_MS: {
    section: 'worker',
    doc: 'How often the similarity worker looks for assignments past their deadline with no check since (milliseconds).',
    example: '60000',
    schema: wholeNumber(1, 60_000),
  },

  // LTI (APP_URL must be the public https URL the LMS reaches: the tool's login, launch and JWKS URLs are built from it)
  LTI_FRAME_ANCESTORS: {
    section: 'LTI 1.3 (docs/lti.md)',
    doc: 'LMS origins allowed to show the app in an iframe (space-separated), read when the app is built (next build).',
    example: 'https://canvas.example.edu https://moodle.example.edu',
    schema: optionalText(),
  },
  LTI_PASSBACK_ATTEMPTS: {
    section: 'LTI 1.3 (docs/lti.md)',
    doc: 'Passback: retries per score while the LMS is down, first backoff (ms, doubling), and consumer concurrency.',
    example: '8',
    schema: wholeNumber(1, 8),
  },
  LTI_PASSBACK_BACKOFF_MS: { section: 'LTI 1.3 (docs/lti.md)', doc: '', example: '5000', schema: wholeNumber(1, 5_000) },
  LTI_PASSBACK_CONCURRENCY: { section: 'LTI 1.3 (docs/lti.md)', doc: '', example: '4', schema: wholeNumber(1, 4) },
  LTI_SWEEP_INTERVAL_MS: {
    section: 'LTI 1.3 (docs/lti.md)',
    doc: 'How often the worker looks for changed grades to send (ms), how old a roster may get before it is synced again, and how soon a failed sync is retried.',
    example: '30000',
    schema: wholeNumber(1, 30_000),
  },
  LTI_ROSTER_SYNC_INTERVAL_MS: { section: 'LTI 1.3 (docs/lti.md)', doc: '', example: '86400000', schema: wholeNumber(1, 86_400_000) },
  LTI_ROSTER_RETRY_MS: { section: 'LTI 1.3 (docs/lti.md)', doc: '', example: '900000', schema: wholeNumber(1, 900_000) },
} satisfies Record<string, Variable>

export type VariableName = keyof typeof VARIABLES
export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[]

export const EnvSchema = z.object(
  Object.fromEntries(VARIABLE_NAMES.map((name) => [name, VARIABLES[name].schema])) as { [K in VariableName]: (typeof VARIABLES)[K]['schema'] },
)
export type Env = z.infer<typeof EnvSchema>

/** process.env or a plain object standing in for it (tests). */
export type EnvSource = Readonly<Record<string, string | undefined>>

/** One or more variables are set to something unusable; the message names each one and what is wrong with it. */
export class EnvError extends Error {
  override name = 'EnvError'
  constructor(readonly problems: string[]) {
    super(
      `the environment (or .env) has ${problems.length === 1 ? 'a setting' : 'settings'} this app cannot use:\n  ${problems.join('\n  ')}\nFix ${problems.length === 1 ? 'it' : 'them'} (see .env.example), or unset ${problems.length === 1 ? 'it' : 'them'} to use the default.`,
    )
  }
}

/** Every problem with the given environment, each as "NAME: what is wrong", or [] when it parses. */
export function envProblems(source: EnvSource = process.env): string[] {
  const result = EnvSchema.safeParse(pick(source))
  if (result.success) return []
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

const parsed = new WeakMap<EnvSource, { key: string; env: Env }>()

/**
 * The parsed settings of `source` (default process.env). Throws EnvError naming every bad variable. Parsed once per
 * set of values: the cache is keyed by the current values, so a test that changes process.env sees the change.
 */
export function readEnv(source: EnvSource = process.env): Env {
  const values = pick(source)
  const key = JSON.stringify(VARIABLE_NAMES.map((name) => values[name] ?? null))
  const cached = parsed.get(source)
  if (cached?.key === key) return cached.env
  const result = EnvSchema.safeParse(values)
  if (!result.success) throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`))
  parsed.set(source, { key, env: result.data })
  return result.data
}

/** Fail at boot rather than at the first request: throws EnvError listing every bad variable. */
export function assertValidEnv(source: EnvSource = process.env): void {
  readEnv(source)
}

function pick(source: EnvSource): Record<string, string | undefined> {
  return Object.fromEntries(VARIABLE_NAMES.map((name) => [name, source[name]]))
}

// ---------------------------------------------------------------------------------------------------------------
// Getters

export function databaseUrl(): string {
  return readEnv().DATABASE_URL
}

export function databasePoolSize(): number {
  return readEnv().DATABASE_POOL_SIZE
}

export function redisUrl(): string {
  return readEnv().REDIS_URL
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
  const { APP_ENV: declared, NODE_ENV } = readEnv()
  if (declared === 'production') return 'production'
  if (declared === 'local') return 'local'
  return NODE_ENV === 'production' ? 'production' : 'local'
}

export function isProduction(): boolean {
  return appEnv() === 'production'
}

/** Next's NODE_ENV is production (`next start`, the Docker image), whatever APP_ENV says. */
export function nodeEnvIsProduction(): boolean {
  return readEnv().NODE_ENV === 'production'
}

/** The development sign-in form: on with AUTH_DEV_LOGIN=1, and never in production. */
export function devLoginEnabled(): boolean {
  return readEnv().AUTH_DEV_LOGIN && !isProduction()
}

export function githubAuthConfigured(): boolean {
  const { AUTH_GITHUB_ID, AUTH_GITHUB_SECRET } = readEnv()
  return Boolean(AUTH_GITHUB_ID && AUTH_GITHUB_SECRET)
}

/** The GitHub OAuth app's id and secret ('' when unset: the provider is only offered when both are set). */
export function githubOAuthApp(): { clientId: string; clientSecret: string } {
  const { AUTH_GITHUB_ID, AUTH_GITHUB_SECRET } = readEnv()
  return { clientId: AUTH_GITHUB_ID ?? '', clientSecret: AUTH_GITHUB_SECRET ?? '' }
}

/** AUTH_SECRET, else next-auth's NEXTAUTH_SECRET. */
export function authSecret(): string | undefined {
  const { AUTH_SECRET, NEXTAUTH_SECRET } = readEnv()
  return AUTH_SECRET || NEXTAUTH_SECRET
}

/** NEXTAUTH_URL as set ('' when unset): next-auth derives its cookie names from it. */
export function nextAuthUrl(): string {
  return readEnv().NEXTAUTH_URL ?? ''
}

export function instructorEmails(): string[] {
  return readEnv().INSTRUCTOR_EMAILS
}

/** Where quizzes/ and homework/ live: the repository itself unless COURSE_DIR names a private copy. */
export function courseDir(): string {
  return readEnv().COURSE_DIR || process.cwd()
}

export function courseTimeZone(): string {
  return readEnv().COURSE_TIMEZONE
}

/** A prefix for Redis keys and queue names, so tests and several deployments can share one Redis. */
export function queuePrefix(): string {
  return readEnv().QUEUE_PREFIX
}

export function appUrl(): string {
  const { APP_URL, NEXTAUTH_URL, PORT } = readEnv()
  return (APP_URL || NEXTAUTH_URL || `http://localhost:${PORT}`).replace(/\/$/, '')
}

/** The lecture-video overrides, as lib/lectures/video.ts takes them. */
export function lectureVideoSettings(): { LECTURE_VIDEO_OVERRIDE?: string; LECTURE_VIDEO_OVERRIDE_LECTURES?: string; LECTURE_VIDEO_PREFER?: string } {
  const { LECTURE_VIDEO_OVERRIDE, LECTURE_VIDEO_OVERRIDE_LECTURES, LECTURE_VIDEO_PREFER } = readEnv()
  return { LECTURE_VIDEO_OVERRIDE, LECTURE_VIDEO_OVERRIDE_LECTURES, LECTURE_VIDEO_PREFER }
}

export function patchMaxBytes(): number {
  return readEnv().PATCH_MAX_BYTES
}

export function practiceRunsPerHour(): number {
  return readEnv().PRACTICE_RUNS_PER_HOUR
}

/** How often the worker looks for assignments past their deadline that need a similarity check (ms). */
export function similarityReconcileMs(): number {
  return readEnv().SIMILARITY_RECONCILE_MS
}

/** LTI grade passback and roster sync (lib/lti/worker.ts, lib/lti/passback-queue.ts). */
export function ltiSettings(): {
  passbackAttempts: number
  passbackBackoffMs: number
  passbackConcurrency: number
  sweepIntervalMs: number
  rosterMaxAgeMs: number
  rosterRetryMs: number
} {
  const e = readEnv()
  return {
    passbackAttempts: e.LTI_PASSBACK_ATTEMPTS,
    passbackBackoffMs: e.LTI_PASSBACK_BACKOFF_MS,
    passbackConcurrency: e.LTI_PASSBACK_CONCURRENCY,
    sweepIntervalMs: e.LTI_SWEEP_INTERVAL_MS,
    rosterMaxAgeMs: e.LTI_ROSTER_SYNC_INTERVAL_MS,
    rosterRetryMs: e.LTI_ROSTER_RETRY_MS,
  }
}

/** The worker's settings: jobs at once, BullMQ lock and stalled check, the run lease, the reconciler's interval. */
export function workerSettings(): {
  concurrency: number
  regradeConcurrency: number
  lockDurationMs: number
  stalledIntervalMs: number
  leaseMs: number
  reconcileIntervalMs: number
} {
  const e = readEnv()
  return {
    concurrency: e.GRADER_CONCURRENCY,
    regradeConcurrency: e.REGRADE_CONCURRENCY,
    lockDurationMs: e.WORKER_LOCK_MS,
    stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
    leaseMs: e.GRADING_LEASE_MS,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
  }
}

/** Whether this worker leaves the LTI and similarity work to another one (WORKER_GRADING_ONLY=1). */
export function workerGradingOnly(): boolean {
  return readEnv().WORKER_GRADING_ONLY
}

/** Where a worker gets the grader image when its engine lacks it (lib/grading/image.ts ensureGraderImage). */
export function graderImageSources(): { archive?: string; registry?: string } {
  const e = readEnv()
  return { archive: e.GRADER_IMAGE_ARCHIVE, registry: e.GRADER_REGISTRY?.replace(/\/+$/, '') }
}

/** The bearer token /api/metrics requires; undefined when metrics are off. */
export function metricsToken(): string | undefined {
  return readEnv().METRICS_TOKEN
}
