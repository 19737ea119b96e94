// Registration: from a config file (scripts/lti-register.ts reads the same schema), from LTI Dynamic Registration
// against the test platform's OpenID configuration and registration endpoint, and the Canvas configuration JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { GET as canvasConfigGET } from '@/app/api/lti/config/canvas/route'
import { GET as registerGET } from '@/app/api/lti/register/route'
import { prisma } from '@/lib/db/prisma'
import { registrationUrl } from '@/lib/lti/dynamic-registration'
import { registerPlatform } from '@/lib/lti/platforms'

import { syncRealContent } from '../../support/fixtures'
import { ROLE, startTestPlatform, type TestPlatform } from '../../support/lti-platform'

import { APP, configureToolEnv, fullLaunch, sessionUserId } from './lti-helpers'

configureToolEnv()
let platform: TestPlatform

beforeAll(async () => {
  await syncRealContent()
  const { GET: jwksGET } = await import('@/app/api/lti/jwks/route')
  platform = await startTestPlatform({ contextId: 'reg-course', toolJwks: async () => (await jwksGET()).json() })
})
afterAll(async () => platform?.close())

describe('platform registration', () => {
  it('refuses a registration that lacks what a launch needs, naming the field', async () => {
    await expect(registerPlatform({ ...platform.registration(), jwksUrl: 'not a url' })).rejects.toThrow(/JWKS\) URL must be a full http\(s\) URL/)
    await expect(registerPlatform({ ...platform.registration(), deploymentIds: ' , ' })).rejects.toThrow(/at least one deployment id/)
  })

  it('registers through LTI Dynamic Registration with a one-time URL, and the platform can launch at once', async () => {
    const instructor = await prisma.user.create({ data: { email: `reg-prof-${Date.now()}@example.edu`, role: 'INSTRUCTOR' } })
    const url = new URL(await registrationUrl(instructor.id))
    url.searchParams.set('openid_configuration', `${platform.issuer}/.well-known/openid-configuration`)
    url.searchParams.set('registration_token', platform.registrationToken)
    const res = await registerGET(new Request(url))
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('org.imsglobal.lti.close')
    const stored = await prisma.ltiPlatform.findFirstOrThrow({ where: { issuer: platform.issuer } })
    expect(stored).toMatchObject({
      clientId: platform.clientId,
      deploymentIds: [platform.deploymentId],
      authLoginUrl: `${platform.issuer}/auth`,
      tokenUrl: `${platform.issuer}/token`,
      jwksUrl: `${platform.issuer}/jwks`,
      source: 'dynamic',
    })
    const sent = platform.registrations[0]!
    expect(sent).toMatchObject({ initiate_login_uri: `${APP}/api/lti/login`, redirect_uris: [`${APP}/api/lti/launch`], jwks_uri: `${APP}/api/lti/jwks` })
    const { res: launched } = await fullLaunch(platform, { user: { sub: 'reg-student', name: 'Reggie', roles: [ROLE.learner] } })
    expect(await sessionUserId(launched)).not.toBeNull()

    // the URL is single-use
    const again = await registerGET(new Request(url))
    expect(again.status).toBe(403)
    expect(await again.text()).toContain('expired or was already used')
  })

  it('accepts, under the deployment id "*", each new deployment at its first launch', async () => {
    await prisma.ltiPlatform.updateMany({ where: { issuer: platform.issuer }, data: { deploymentIds: ['*'] } })
    const { res } = await fullLaunch(platform, { user: { sub: 'reg-student-2', name: 'Second', roles: [ROLE.learner] } })
    expect(res.status).toBe(200)
    expect((await prisma.ltiPlatform.findFirstOrThrow({ where: { issuer: platform.issuer } })).deploymentIds).toEqual(['*', platform.deploymentId])
  })

  it('publishes a Canvas configuration JSON naming the tool URLs and the Advantage scopes', async () => {
    const json = (await (await canvasConfigGET()).json()) as Record<string, unknown>
    expect(json).toMatchObject({ oidc_initiation_url: `${APP}/api/lti/login`, target_link_uri: `${APP}/api/lti/launch`, public_jwk_url: `${APP}/api/lti/jwks` })
    expect(json.scopes).toEqual(
      expect.arrayContaining([
        'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
      ]),
    )
  })
})
