import { randomUUID } from 'node:crypto'

import { SignJWT } from 'jose'

import { AppError } from '@/lib/http/errors'

import { toolSigningKey } from './keys'
import type { PlatformDto } from './platforms'

/** A failed call to a platform's service, with whether trying again later can help. */
export class PlatformCallError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message)
    this.name = 'PlatformCallError'
  }
}

const cache = new Map<string, { token: string; until: number }>()

/** Forget cached tokens of a platform (after a 401: the platform revoked or forgot them). */
export function forgetServiceTokens(platformId: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${platformId} `)) cache.delete(key)
}

/**
 * An OAuth 2 access token for the platform's services: client-credentials grant with a JWT client assertion signed by
 * the tool key (RFC 7523, as LTI Advantage requires). Cached until a minute before it expires.
 */
export async function serviceToken(platform: PlatformDto, scopes: readonly string[]): Promise<string> {
  const key = `${platform.id} ${[...scopes].sort().join(' ')}`
  const hit = cache.get(key)
  if (hit && hit.until > Date.now()) return hit.token
  const { kid, key: signingKey } = await toolSigningKey()
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenAudience ?? platform.tokenUrl)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(randomUUID())
    .sign(signingKey)
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    scope: scopes.join(' '),
  })
  let res: Response
  try {
    res = await fetch(platform.tokenUrl, { method: 'POST', body, headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(15_000) })
  } catch (error) {
    throw new PlatformCallError(`${platform.name}'s token endpoint ${platform.tokenUrl} is unreachable: ${(error as Error).message}`, null, true)
  }
  const text = await res.text()
  if (!res.ok) {
    throw new PlatformCallError(
      `${platform.name}'s token endpoint refused the tool (HTTP ${res.status}): ${text.slice(0, 300)}. Check the client id and that the platform has the tool's JWKS URL.`,
      res.status,
      res.status >= 500 || res.status === 429,
    )
  }
  let json: { access_token?: string; expires_in?: number }
  try {
    json = JSON.parse(text) as typeof json
  } catch {
    throw new PlatformCallError(`${platform.name}'s token endpoint answered something that is not JSON.`, res.status, true)
  }
  if (!json.access_token) throw new AppError(503, 'no_access_token', `${platform.name}'s token endpoint answered without an access_token.`)
  cache.set(key, { token: json.access_token, until: Date.now() + Math.max(30, (json.expires_in ?? 3600) - 60) * 1000 })
  return json.access_token
}

/** A call to a platform service with a bearer token; platform errors become PlatformCallErrors. */
export async function platformFetch(platform: PlatformDto, url: string, init: RequestInit & { token: string }): Promise<Response> {
  let res: Response
  try {
    res = await fetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${init.token}` },
      signal: AbortSignal.timeout(20_000),
    })
  } catch (error) {
    throw new PlatformCallError(`${platform.name} is unreachable at ${url}: ${(error as Error).message}`, null, true)
  }
  if (res.status === 401) forgetServiceTokens(platform.id)
  if (!res.ok) {
    const text = (await res.text()).slice(0, 300)
    throw new PlatformCallError(
      `${platform.name} answered HTTP ${res.status} for ${init.method ?? 'GET'} ${url}: ${text}`,
      res.status,
      res.status >= 500 || res.status === 429 || res.status === 401,
    )
  }
  return res
}
