// Two web instances behind one load balancer: two `next start` processes of the production build (.next, from
// `npm run build`), on two ports, against this file's database and Redis prefix. A student signs in on instance A;
// the session cookie A set works on instance B; live grading progress published the way the worker publishes it
// (publishProgress into Redis) reaches SSE clients connected to either instance.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { prisma } from '@/lib/db/prisma'
import { sharedRedis } from '@/lib/queue/redis'
import { publishProgress } from '@/lib/submissions/progress'

import { buildApp } from '../e2e/support/environment'
import { syncRealContent } from '../support/fixtures'
import { assignmentBySlug, gradedSubmission } from './instructor-fixtures'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next')
const secret = randomBytes(32).toString('base64url')
const servers: ChildProcess[] = []

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

/** One `next start`; both share the database, Redis prefix and secret, and the one public URL (the balancer's). */
async function startInstance(publicUrl: string): Promise<string> {
  const port = await freePort()
  const server = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port)], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      APP_ENV: 'local',
      AUTH_DEV_LOGIN: '1',
      AUTH_SECRET: secret,
      NEXTAUTH_URL: publicUrl,
      APP_URL: publicUrl,
    },
  })
  servers.push(server)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start on port ${port} exited with code ${server.exitCode}`)
    const res = await fetch(`${url}/signin`, { redirect: 'manual' }).catch(() => null)
    if (res && res.status < 500) return url
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`next start on port ${port} did not answer within 90 s`)
}

function setCookies(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** The development sign-in (next-auth's credentials flow) on one instance; returns the cookie header it set. */
async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`)
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  const res = await fetch(`${base}/api/auth/callback/dev`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: setCookies(csrf) },
    body: new URLSearchParams({ csrfToken, email, role: 'STUDENT', json: 'true' }),
  })
  const cookie = setCookies(res)
  expect(cookie).toContain('next-auth.session-token=')
  return cookie
}

/** An SSE client: collects the stream's text until `stop()`. */
async function openStream(url: string, cookie: string) {
  const abort = new AbortController()
  const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal })
  let text = ''
  const reading = (async () => {
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
  })().catch(() => {})
  return {
    res,
    text: () => text,
    async waitFor(fragment: string, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      while (!text.includes(fragment) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      return text.includes(fragment)
    },
    async stop() {
      abort.abort()
      await reading
    },
  }
}

let a: string
let b: string

beforeAll(async () => {
  // the production build of these sources: reused when current (the e2e suite then reuses it too), else made here
  buildApp()
  await syncRealContent()
  // the balancer's address: both instances call themselves by it (cookies, redirects, cross-site checks)
  const publicUrl = `http://127.0.0.1:${await freePort()}`
  ;[a, b] = await Promise.all([startInstance(publicUrl), startInstance(publicUrl)])
}, 900_000)

afterAll(async () => {
  for (const s of servers) {
    if (s.pid && s.exitCode === null) {
      const exited = new Promise((r) => s.once('exit', r))
      try {
        process.kill(-s.pid, 'SIGTERM')
      } catch {}
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
    }
  }
  sharedRedis().disconnect()
})

describe('two next start instances on one database and Redis', () => {
  it('a session cookie set by instance A signs the student in on instance B', async () => {
    const cookie = await signIn(a, 'replica-one@example.edu')
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'replica-one@example.edu' } })
    const assignment = await assignmentBySlug('opcode-counter')
    const sub = await gradedSubmission({ userId: user.id, assignmentId: assignment.id, createdAt: new Date(), score: null, status: 'QUEUED' })

    const onB = await fetch(`${b}/api/submissions/${sub.id}`, { headers: { cookie } })
    expect(onB.status).toBe(200)
    expect(JSON.stringify(await onB.json())).toContain(sub.id)
    // the same request without the cookie is refused: B really checked the session
    expect((await fetch(`${b}/api/submissions/${sub.id}`)).status).toBe(401)
  })

  it('progress published while the student talks to instance A reaches SSE clients on A and on B', async () => {
    const cookie = await signIn(a, 'replica-two@example.edu')
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'replica-two@example.edu' } })
    const assignment = await assignmentBySlug('opcode-counter')
    const sub = await gradedSubmission({ userId: user.id, assignmentId: assignment.id, createdAt: new Date(), score: null, status: 'QUEUED' })

    const onA = await openStream(`${a}/api/submissions/${sub.id}/events`, cookie)
    const onB = await openStream(`${b}/api/submissions/${sub.id}/events`, cookie)
    try {
      expect(onA.res.headers.get('content-type')).toContain('text/event-stream')
      expect(onB.res.headers.get('content-type')).toContain('text/event-stream')
      expect(await onA.waitFor('event: snapshot')).toBe(true)
      expect(await onB.waitFor('event: snapshot')).toBe(true)

      // the worker's own publishing path, from a third process: neither instance emits these events itself
      await publishProgress(sharedRedis(), sub.id, sub.runId, { type: 'phase', phase: 'building' })
      await publishProgress(sharedRedis(), sub.id, sub.runId, { type: 'log', chunk: 'gcc -c Python/ceval.c replica-marker' })
      // a request to A in the middle of the run (the student's page polling its submission)
      expect((await fetch(`${a}/api/submissions/${sub.id}`, { headers: { cookie } })).status).toBe(200)
      await publishProgress(sharedRedis(), sub.id, sub.runId, { type: 'phase', phase: 'testing' })

      for (const stream of [onA, onB]) {
        expect(await stream.waitFor('replica-marker')).toBe(true)
        expect(await stream.waitFor('"phase":"testing"')).toBe(true)
        expect(stream.text()).toContain('"phase":"building"')
      }
    } finally {
      await onA.stop()
      await onB.stop()
    }
  })
})
