import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose'

import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'

import { CLAIM, LTI_VERSION, MESSAGE } from './claims'
import { acceptDeployment, platformById, type PlatformDto } from './platforms'

/** Seconds of clock difference tolerated between the platform and us on exp/iat. */
const CLOCK_TOLERANCE_S = 60
/** An id_token issued longer ago than this is refused even when its exp is far off. */
const MAX_TOKEN_AGE_S = 10 * 60

// One remote key set per JWKS URL. jose caches the keys (10 min) and, on a kid it does not know, fetches the set
// again (at most once a second), which is how a platform's key rotation is picked up.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>()
function platformKeys(url: string) {
  let set = keySets.get(url)
  if (!set) keySets.set(url, (set = createRemoteJWKSet(new URL(url), { cooldownDuration: 1_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 })))
  return set
}

export type LaunchClaims = JWTPayload & Record<string, unknown> & { sub?: string; nonce: string }
export type VerifiedLaunch = { platform: PlatformDto; claims: LaunchClaims; deploymentId: string; messageType: string; targetLinkUri: string }

const refuse = (code: string, message: string) => new AppError(401, code, message)

/**
 * Check an id_token posted to the launch URL: the state is consumed first (so a token is good once, whether or not
 * it verifies), then the signature against the platform's JWKS, iss, aud, azp, exp, iat, nonce, the deployment,
 * the message type and the LTI version.
 */
export async function verifyLaunch(idToken: string | null | undefined, state: string | null | undefined): Promise<VerifiedLaunch> {
  if (!idToken || !state)
    throw new AppError(400, 'invalid_launch', 'The launch carries no id_token or state. Start it from the LMS; this URL is not opened directly.')
  const now = new Date()
  const { count } = await prisma.ltiLoginState.updateMany({ where: { state, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
  if (count !== 1) throw refuse('invalid_state', 'This launch was already used or has expired (its state is unknown). Open the link in the LMS again.')
  const saved = await prisma.ltiLoginState.findUniqueOrThrow({ where: { state } })
  const platform = await platformById(saved.platformId)

  let unverified: JWTPayload
  try {
    unverified = decodeJwt(idToken)
  } catch {
    throw new AppError(400, 'invalid_id_token', 'The id_token is not a JWT.')
  }
  if (unverified.iss !== platform.issuer)
    throw refuse('wrong_issuer', `The id_token was issued by ${String(unverified.iss)}, but this login was started for ${platform.issuer}.`)

  let claims: LaunchClaims
  try {
    const result = await jwtVerify(idToken, platformKeys(platform.jwksUrl), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256'],
      clockTolerance: CLOCK_TOLERANCE_S,
      maxTokenAge: MAX_TOKEN_AGE_S,
      requiredClaims: ['exp', 'iat', 'nonce', 'sub'],
    })
    claims = result.payload as LaunchClaims
  } catch (error) {
    throw refuse(...describeJoseError(error, platform))
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if ((aud.length > 1 || claims.azp !== undefined) && claims.azp !== platform.clientId) {
    throw refuse('wrong_azp', `The id_token's azp (${String(claims.azp)}) is not this tool's client id ${platform.clientId}.`)
  }
  if (claims.iat !== undefined && claims.iat > now.getTime() / 1000 + CLOCK_TOLERANCE_S)
    throw refuse('iat_in_future', "The id_token was issued in the future; check the platform's clock.")
  if (claims.nonce !== saved.nonce)
    throw refuse('wrong_nonce', "The id_token's nonce does not belong to this login; it may be a replay. Open the link in the LMS again.")
  const deploymentId = claims[CLAIM.deploymentId]
  if (typeof deploymentId !== 'string' || !(await acceptDeployment(platform, deploymentId))) {
    throw refuse(
      'unknown_deployment',
      `Deployment ${String(deploymentId)} of ${platform.name} is not registered here. An instructor adds it to the platform on /instructor/lti.`,
    )
  }
  const version = claims[CLAIM.version]
  if (version !== LTI_VERSION) throw refuse('wrong_version', `This tool speaks LTI ${LTI_VERSION}; the launch says ${String(version)}.`)
  const messageType = claims[CLAIM.messageType]
  if (messageType !== MESSAGE.resourceLink && messageType !== MESSAGE.deepLinkingRequest) {
    throw refuse('unsupported_message', `Message type ${String(messageType)} is not supported; use a resource link or deep linking.`)
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') throw refuse('anonymous_launch', 'The launch has no user (sub); anonymous launches cannot sign in.')
  const targetLinkUri = typeof claims[CLAIM.targetLinkUri] === 'string' ? (claims[CLAIM.targetLinkUri] as string) : saved.targetLinkUri
  return { platform, claims, deploymentId, messageType, targetLinkUri }
}

function describeJoseError(error: unknown, platform: PlatformDto): [string, string] {
  if (error instanceof joseErrors.JWTExpired)
    return ['expired', "The id_token has expired. Open the link in the LMS again; if it keeps happening, check the platform's clock."]
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud')
      return [
        'wrong_audience',
        `The id_token is addressed to another tool, not to client id ${platform.clientId}. Check the client id registered for ${platform.name}.`,
      ]
    if (error.claim === 'iat') return ['too_old', 'The id_token was issued too long ago. Open the link in the LMS again.']
    return ['invalid_claim', `The id_token's ${error.claim} claim is not valid (${error.reason}).`]
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return ['bad_signature', `The id_token is not signed by a key of ${platform.name}'s JWKS (${platform.jwksUrl}). Check the JWKS URL registered for it.`]
  }
  if (error instanceof joseErrors.JOSEError && /fetch|timed out|JWKS/i.test(`${error.code} ${error.message}`)) {
    return ['jwks_unreachable', `Could not fetch ${platform.name}'s public keys from ${platform.jwksUrl}: ${error.message}.`]
  }
  return ['invalid_id_token', `The id_token cannot be verified: ${(error as Error).message}`]
}
