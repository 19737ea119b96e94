// Drives the tool's real LTI route handlers against the test platform (tests/support/lti-platform.ts), the way a
// browser would between the two: login initiation → the platform's authorization endpoint → form post of the id_token.
import { decode } from 'next-auth/jwt'

import { GET as jwksGET } from '@/app/api/lti/jwks/route'
import { POST as launchPOST } from '@/app/api/lti/launch/route'
import { GET as loginGET } from '@/app/api/lti/login/route'
import { registerPlatform } from '@/lib/lti/platforms'

import { startTestPlatform, type PendingLaunch, type TestPlatform } from '../../support/lti-platform'

export const APP = 'http://tool.example.test:3000'

export function configureToolEnv() {
  process.env.APP_URL = APP
  delete process.env.NEXTAUTH_URL
  process.env.AUTH_SECRET ||= 'lti-integration-test-secret'
}

export async function startPlatformAndRegister(opts: { contextId?: string } = {}) {
  const platform = await startTestPlatform({ ...opts, toolJwks: async () => (await jwksGET()).json() })
  const registered = await registerPlatform(platform.registration())
  return { platform, registered }
}

/** Login initiation through /api/lti/login; returns the platform authorization URL the tool redirected to. */
export async function initiate(platform: TestPlatform, launch: PendingLaunch, target = `${APP}/api/lti/launch`): Promise<URL> {
  const params = platform.prepareLaunch(launch, target)
  const res = await loginGET(new Request(`${APP}/api/lti/login?${new URLSearchParams(params)}`))
  if (res.status !== 302) throw new Error(`login initiation answered ${res.status}: ${await res.text()}`)
  return new URL(res.headers.get('location')!)
}

export async function postLaunch(fields: Record<string, string>): Promise<Response> {
  return launchPOST(new Request(`${APP}/api/lti/launch`, { method: 'POST', body: new URLSearchParams(fields) }))
}

/** The whole launch: initiation, the platform's authorization endpoint (its auto-posting form), the form post. */
export async function fullLaunch(platform: TestPlatform, launch: PendingLaunch): Promise<{ res: Response; html: string; fields: Record<string, string> }> {
  const auth = await initiate(platform, launch)
  const page = await (await fetch(auth)).text()
  const fields = Object.fromEntries([...page.matchAll(/name="(id_token|state)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))
  if (!fields.id_token) throw new Error(`the platform did not answer with an id_token form: ${page}`)
  const res = await postLaunch(fields)
  return { res, html: await res.clone().text(), fields }
}

/** The user id inside the next-auth session cookie a response sets, or null. */
export async function sessionUserId(res: Response): Promise<string | null> {
  const cookie = res.headers.get('set-cookie') ?? ''
  const m = /next-auth\.session-token=([^;]+)/.exec(cookie)
  if (!m) return null
  const token = await decode({ token: m[1]!, secret: process.env.AUTH_SECRET! })
  return typeof token?.uid === 'string' ? token.uid : null
}
