import { z } from 'zod'

import { AppError } from '@/lib/http/errors'

import { ANY_DEPLOYMENT, registerPlatform, type PlatformDto } from './platforms'
import { consumeTicket, issueTicket } from './tickets'
import { dynamicRegistrationRequest, toolUrls } from './tool-config'

export const REGISTRATION_TICKET_TTL_MS = 24 * 3600_000

/**
 * A one-day, single-use dynamic-registration URL for an instructor to paste into the LMS. Without it anyone could
 * register a platform, and a platform is trusted to say who is an instructor.
 */
export async function registrationUrl(instructorId: string): Promise<string> {
  const ticket = await issueTicket('registration', instructorId, {}, REGISTRATION_TICKET_TTL_MS)
  return `${toolUrls().base}/api/lti/register?ticket=${encodeURIComponent(ticket)}`
}

const openIdConfigSchema = z.object({
  issuer: z.string().url(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
  registration_endpoint: z.string().url(),
  authorization_server: z.string().optional(),
  'https://purl.imsglobal.org/spec/lti-platform-configuration': z.object({ product_family_code: z.string().optional() }).passthrough().optional(),
})

const registrationResponseSchema = z.object({
  client_id: z.string().min(1),
  'https://purl.imsglobal.org/spec/lti-tool-configuration': z.object({ deployment_id: z.string().optional() }).passthrough().optional(),
})

/**
 * LTI Dynamic Registration: read the platform's OpenID configuration, register the tool at its registration
 * endpoint with the token the platform gave, and store the platform with the client id (and deployment) it assigned.
 */
export async function registerDynamically(params: {
  ticket: string | null
  openidConfiguration: string | null
  registrationToken: string | null
}): Promise<PlatformDto> {
  if (!params.openidConfiguration)
    throw new AppError(
      400,
      'no_openid_configuration',
      'This is the dynamic-registration URL: the LMS opens it with ?openid_configuration=…. Paste it into the LMS\'s "register a tool by URL" field.',
    )
  await consumeTicket('registration', params.ticket ?? '').catch(() => {
    throw new AppError(403, 'registration_ticket', 'This registration URL has expired or was already used. Create a new one on /instructor/lti.')
  })
  let configUrl: URL
  try {
    configUrl = new URL(params.openidConfiguration)
  } catch {
    throw new AppError(400, 'bad_openid_configuration', `openid_configuration ${params.openidConfiguration} is not a URL.`)
  }
  const res = await fetch(configUrl, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(15_000) }).catch((e: Error) => {
    throw new AppError(503, 'platform_unreachable', `Could not read the LMS configuration at ${configUrl}: ${e.message}`)
  })
  const parsed = openIdConfigSchema.safeParse(await res.json().catch(() => null))
  if (!res.ok || !parsed.success)
    throw new AppError(422, 'bad_openid_configuration', `The LMS configuration at ${configUrl} is not an LTI platform's OpenID configuration.`)
  const config = parsed.data
  // the configuration must come from the issuer it names (LTI Dynamic Registration §3.5)
  if (!configUrl.toString().startsWith(config.issuer.replace(/\/?$/, '')))
    throw new AppError(422, 'issuer_mismatch', `The configuration at ${configUrl} names issuer ${config.issuer}, which it does not belong to.`)
  const product = config['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code
  const reg = await fetch(config.registration_endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...(params.registrationToken ? { Authorization: `Bearer ${params.registrationToken}` } : {}),
    },
    body: JSON.stringify(dynamicRegistrationRequest(product)),
    signal: AbortSignal.timeout(15_000),
  }).catch((e: Error) => {
    throw new AppError(503, 'platform_unreachable', `Could not reach the LMS registration endpoint ${config.registration_endpoint}: ${e.message}`)
  })
  const body = registrationResponseSchema.safeParse(await reg.json().catch(() => null))
  if (!reg.ok || !body.success)
    throw new AppError(
      422,
      'registration_refused',
      `The LMS refused the registration (HTTP ${reg.status}). Check that the registration token is still valid and try again.`,
    )
  const deploymentId = body.data['https://purl.imsglobal.org/spec/lti-tool-configuration']?.deployment_id
  return registerPlatform(
    {
      name: product ? `${product} (${new URL(config.issuer).host})` : new URL(config.issuer).host,
      issuer: config.issuer,
      clientId: body.data.client_id,
      // a platform that assigns deployments later (per installation) sends them at launch: `*` takes each at first use
      deploymentIds: deploymentId ? [deploymentId] : [ANY_DEPLOYMENT],
      authLoginUrl: config.authorization_endpoint,
      tokenUrl: config.token_endpoint,
      jwksUrl: config.jwks_uri,
      tokenAudience: config.authorization_server ?? null,
    },
    'dynamic',
  )
}
