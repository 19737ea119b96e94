import { randomBytes } from 'node:crypto'

import { z } from 'zod'

import { appUrl } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'

import { ANY_DEPLOYMENT, findPlatform } from './platforms'

/** How long a login initiation's state and nonce wait for the platform to post the id_token back. */
export const LOGIN_STATE_TTL_MS = 10 * 60_000

export const loginInitiationSchema = z.object({
  iss: z.string().min(1, 'The login request has no `iss`: the platform must send its issuer.'),
  login_hint: z.string().min(1, 'The login request has no `login_hint`.'),
  target_link_uri: z.string().min(1, 'The login request has no `target_link_uri`.'),
  lti_message_hint: z.string().optional(),
  client_id: z.string().optional(),
  lti_deployment_id: z.string().optional(),
})

export function launchUrl(): string {
  return `${appUrl()}/api/lti/launch`
}

/**
 * OIDC third-party-initiated login: check the platform and target, keep a fresh state and nonce server-side
 * (single use, LOGIN_STATE_TTL_MS), and return the platform's authorization URL to redirect the browser to.
 */
export async function initiateLogin(params: Record<string, string>): Promise<string> {
  const parsed = loginInitiationSchema.safeParse(params)
  if (!parsed.success) throw new AppError(400, 'invalid_login', parsed.error.issues[0]!.message)
  const p = parsed.data
  const platform = await findPlatform(p.iss, p.client_id)
  if (p.lti_deployment_id && !platform.deploymentIds.includes(p.lti_deployment_id) && !platform.deploymentIds.includes(ANY_DEPLOYMENT)) {
    throw new AppError(
      400,
      'unknown_deployment',
      `Deployment ${p.lti_deployment_id} of ${platform.name} is not registered here. Add it to the platform on /instructor/lti.`,
    )
  }
  let target: URL
  try {
    target = new URL(p.target_link_uri)
  } catch {
    throw new AppError(400, 'invalid_target', `target_link_uri ${p.target_link_uri} is not a URL.`)
  }
  if (target.origin !== new URL(appUrl()).origin) {
    throw new AppError(400, 'foreign_target', `target_link_uri ${p.target_link_uri} is not on this site (${appUrl()}). Fix the tool's URLs in the LMS.`)
  }
  const state = randomBytes(24).toString('base64url')
  const nonce = randomBytes(24).toString('base64url')
  await prisma.ltiLoginState.create({
    data: { state, nonce, platformId: platform.id, targetLinkUri: target.toString(), expiresAt: new Date(Date.now() + LOGIN_STATE_TTL_MS) },
  })
  // opportunistic clean-up of states nobody came back for
  await prisma.ltiLoginState.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 24 * 3600_000) } } })
  const auth = new URL(platform.authLoginUrl)
  const query = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: launchUrl(),
    login_hint: p.login_hint,
    state,
    nonce,
    ...(p.lti_message_hint ? { lti_message_hint: p.lti_message_hint } : {}),
  }
  for (const [k, v] of Object.entries(query)) auth.searchParams.set(k, v)
  return auth.toString()
}
