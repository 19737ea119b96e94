// LTI 1.3 launch through the real route handlers, with the standards-faithful test platform standing in for the LMS:
// login initiation, id_token verification (good and bad), user matching by sub, role mapping, and the session it signs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { GET as jwksGET } from '@/app/api/lti/jwks/route'
import { prisma } from '@/lib/db/prisma'
import { rotateToolKeys } from '@/lib/lti/keys'

import { syncRealContent } from '../../support/fixtures'
import { ROLE, type TestPlatform } from '../../support/lti-platform'

import { APP, configureToolEnv, fullLaunch, initiate, postLaunch, sessionUserId, startPlatformAndRegister } from './lti-helpers'

configureToolEnv()
let platform: TestPlatform
let platformId: string
const student = { sub: 'lms-user-1001', name: 'Ada Student', email: 'ada@uni.example', roles: [ROLE.learner] }

beforeAll(async () => {
  await syncRealContent()
  const started = await startPlatformAndRegister()
  platform = started.platform
  platformId = started.registered.id
})
afterAll(async () => platform?.close())

/** Initiate a login and sign an id_token of our own for its state and nonce, with `tamper` applied. */
async function launchWith(tamper: (claims: Record<string, unknown>) => void, sign: Parameters<TestPlatform['signIdToken']>[1] = {}) {
  const auth = await initiate(platform, { user: student })
  const claims = platform.launchClaims(
    { user: student, custom: { resource: 'assignment:opcode-counter' } },
    auth.searchParams.get('nonce')!,
    `${APP}/api/lti/launch`,
  ) as Record<string, unknown>
  tamper(claims)
  const res = await postLaunch({ id_token: await platform.signIdToken(claims, sign), state: auth.searchParams.get('state')! })
  return { res, html: await res.text() }
}

describe('LTI launch', () => {
  it('signs a student in on the placed assignment, creating the account by the platform sub', async () => {
    const { res, html } = await fullLaunch(platform, { user: student, custom: { resource: 'assignment:opcode-counter' } })
    expect(res.status).toBe(200)
    expect(html).toContain('"/homework/opcode-counter"')
    const uid = await sessionUserId(res)
    const link = await prisma.ltiUserLink.findUniqueOrThrow({ where: { platformId_sub: { platformId, sub: student.sub } }, include: { user: true } })
    expect(uid).toBe(link.userId)
    expect(link.user).toMatchObject({ email: 'ada@uni.example', name: 'Ada Student', role: 'STUDENT' })
    // over plain http the cookie cannot be SameSite=None (browsers need Secure for it)
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly.*SameSite=Lax/)
    const ctx = await prisma.ltiContext.findFirstOrThrow({ where: { platformId, contextId: platform.contextId } })
    expect(ctx.lineItemsUrl).toBe(`${platform.issuer}/contexts/${platform.contextId}/lineitems`)
    expect(ctx.membershipsUrl).toBe(`${platform.issuer}/contexts/${platform.contextId}/memberships`)
    expect(await prisma.ltiMembership.findUniqueOrThrow({ where: { contextId_userId: { contextId: ctx.id, userId: uid! } } })).toMatchObject({ active: true })
    expect(await prisma.ltiLineItem.findFirst({ where: { contextId: ctx.id, kind: 'ASSIGNMENT', ref: 'opcode-counter' } })).not.toBeNull()

    // the same sub again, with another email at the LMS: the same account
    const again = await fullLaunch(platform, {
      user: { ...student, email: 'ada.lovelace@uni.example' },
      custom: { resource: `lecture:${(await prisma.lecture.findFirstOrThrow()).slug}` },
    })
    expect(await sessionUserId(again.res)).toBe(uid)
    expect(again.html).toMatch(/"\/lectures\//)
  })

  it('is over https a SameSite=None; Secure cookie, so it works inside the LMS iframe', async () => {
    process.env.APP_URL = 'https://tool.example.test'
    try {
      const auth = await initiate(platform, { user: student }, 'https://tool.example.test/api/lti/launch')
      const page = await (await fetch(auth)).text()
      const fields = Object.fromEntries([...page.matchAll(/name="(id_token|state)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))
      const res = await postLaunch(fields)
      expect(res.headers.get('set-cookie')).toMatch(/^__Secure-next-auth\.session-token=.*; SameSite=None; Secure/)
      // the new-window fallback link is there for browsers that block third-party cookies
      expect(await res.text()).toMatch(/href="https:\/\/tool\.example\.test\/api\/lti\/continue\?ticket=[^"]+" target="_blank"/)
    } finally {
      process.env.APP_URL = APP
    }
  })

  it('never matches an existing account by email alone', async () => {
    const local = await prisma.user.create({ data: { email: 'grace@uni.example', name: 'Local Grace', role: 'INSTRUCTOR' } })
    const { res } = await fullLaunch(platform, { user: { sub: 'lms-user-2002', name: 'Impostor', email: 'grace@uni.example', roles: [ROLE.learner] } })
    const uid = await sessionUserId(res)
    expect(uid).not.toBeNull()
    expect(uid).not.toBe(local.id)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: uid! } })).email).toMatch(/@lti\.invalid$/)
  })

  it('maps LMS roles: Instructor → INSTRUCTOR, TeachingAssistant → TA', async () => {
    const i = await fullLaunch(platform, { user: { sub: 'lms-prof', name: 'Prof', roles: [ROLE.instructor] } })
    const t = await fullLaunch(platform, { user: { sub: 'lms-ta', name: 'TA', roles: [ROLE.instructor, ROLE.ta] } })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: (await sessionUserId(i.res))! } })).role).toBe('INSTRUCTOR')
    expect((await prisma.user.findUniqueOrThrow({ where: { id: (await sessionUserId(t.res))! } })).role).toBe('TA')
  })

  it('counts LMS staff roles only from an approved LMS course: a sandbox-course teacher is a student here until approved', async () => {
    const sandbox = { 'https://purl.imsglobal.org/spec/lti/claim/context': { id: 'someones-sandbox', title: 'Sandbox' } }
    const teacher = { sub: 'lms-sandbox-teacher', name: 'Sandy', roles: [ROLE.instructor] }
    const first = await fullLaunch(platform, { user: teacher, extraClaims: sandbox })
    const uid = (await sessionUserId(first.res))!
    expect((await prisma.user.findUniqueOrThrow({ where: { id: uid } })).role).toBe('STUDENT')
    const dl = await fullLaunch(platform, { user: teacher, messageType: 'LtiDeepLinkingRequest', extraClaims: sandbox })
    expect(dl.res.status).toBe(403)
    expect(dl.html).toContain('not approved for instructors yet')
    // an instructor of the approved course keeps their role when they launch from the sandbox as a learner
    const prof = { sub: 'lms-prof', name: 'Prof', roles: [ROLE.learner] }
    const profLaunch = await fullLaunch(platform, { user: prof, extraClaims: sandbox })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: (await sessionUserId(profLaunch.res))! } })).role).toBe('INSTRUCTOR')

    const { setCourseStaffApproval } = await import('@/lib/lti/overview')
    const ctx = await prisma.ltiContext.findFirstOrThrow({ where: { contextId: 'someones-sandbox' } })
    await setCourseStaffApproval(ctx.id, true)
    await fullLaunch(platform, { user: teacher, extraClaims: sandbox })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: uid } })).role).toBe('INSTRUCTOR')
  })

  it('refuses a replayed launch: the same state twice, or an old id_token with a fresh login', async () => {
    const first = await fullLaunch(platform, { user: student })
    expect(first.res.status).toBe(200)
    const replay = await postLaunch(first.fields)
    expect(replay.status).toBe(401)
    expect(await replay.text()).toContain('already used or has expired')
    expect(await sessionUserId(replay)).toBeNull()
    const fresh = await initiate(platform, { user: student })
    const withOldToken = await postLaunch({ id_token: first.fields.id_token!, state: fresh.searchParams.get('state')! })
    expect(withOldToken.status).toBe(401)
    expect(await withOldToken.text()).toContain('nonce does not belong to this login')
  })

  it('refuses an expired id_token', async () => {
    const { res, html } = await launchWith(() => {}, { iat: Math.floor(Date.now() / 1000) - 600, expiresIn: Math.floor(Date.now() / 1000) - 300 })
    expect(res.status).toBe(401)
    expect(html).toContain('id_token has expired')
    expect(await sessionUserId(res)).toBeNull()
  })

  it('refuses an id_token signed by a key not in the platform JWKS', async () => {
    const stranger = await platform.newKey()
    const { res, html } = await launchWith(() => {}, { key: stranger, kid: platform.keys[0]!.kid })
    expect(res.status).toBe(401)
    expect(html).toContain('not signed by a key of Test LMS')
  })

  it('refuses an id_token for another audience, and one whose azp is another client', async () => {
    const aud = await launchWith((c) => {
      c.aud = 'some-other-tool'
      delete c.azp
    })
    expect(aud.res.status).toBe(401)
    expect(aud.html).toContain('addressed to another tool')
    const azp = await launchWith((c) => {
      c.aud = [platform.clientId, 'some-other-tool']
      c.azp = 'some-other-tool'
    })
    expect(azp.res.status).toBe(401)
    expect(azp.html).toContain('azp (some-other-tool) is not this tool')
  })

  it('refuses an unknown deployment, a wrong LTI version and an unknown message type', async () => {
    const dep = await launchWith((c) => (c['https://purl.imsglobal.org/spec/lti/claim/deployment_id'] = 'deployment-unknown'))
    expect(dep.res.status).toBe(401)
    expect(dep.html).toContain('Deployment deployment-unknown of Test LMS is not registered here')
    const ver = await launchWith((c) => (c['https://purl.imsglobal.org/spec/lti/claim/version'] = '1.1'))
    expect(ver.html).toContain('LTI 1.3.0')
    const msg = await launchWith((c) => (c['https://purl.imsglobal.org/spec/lti/claim/message_type'] = 'LtiSubmissionReviewRequest'))
    expect(msg.html).toContain('not supported')
  })

  it('refuses a login initiation from an unregistered issuer or for a target on another site', async () => {
    const { GET } = await import('@/app/api/lti/login/route')
    const unknown = await GET(
      new Request(`${APP}/api/lti/login?iss=https://evil.example&login_hint=x&target_link_uri=${encodeURIComponent(`${APP}/api/lti/launch`)}`),
    )
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('No LTI platform is registered with issuer https://evil.example')
    const foreign = await GET(
      new Request(
        `${APP}/api/lti/login?iss=${encodeURIComponent(platform.issuer)}&login_hint=x&client_id=${platform.clientId}&target_link_uri=https://evil.example/x`,
      ),
    )
    expect(foreign.status).toBe(400)
    expect(await foreign.text()).toContain('is not on this site')
  })

  it('follows the platform through a key rotation (a new kid is fetched from its JWKS)', async () => {
    await fullLaunch(platform, { user: student })
    await platform.rotateKey(true)
    await new Promise((r) => setTimeout(r, 1_100)) // jose refetches an unknown kid at most once a second
    const { res } = await fullLaunch(platform, { user: student })
    expect(res.status).toBe(200)
  })
})

describe('the tool JWKS', () => {
  it('publishes the signing key, never the private part, and keeps a rotated-out key published', async () => {
    const before = (await (await jwksGET()).json()) as { keys: Record<string, string>[] }
    expect(before.keys.length).toBeGreaterThan(0)
    for (const k of before.keys) expect(Object.keys(k)).not.toEqual(expect.arrayContaining(['d']))
    const { kid } = await rotateToolKeys()
    const after = (await (await jwksGET()).json()) as { keys: Record<string, string>[] }
    expect(after.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([kid, ...before.keys.map((k) => k.kid)]))
    const stored = await prisma.ltiKey.findUniqueOrThrow({ where: { kid } })
    expect(stored.privateJwkEnc).not.toMatch(/"d"/)
  })
})
