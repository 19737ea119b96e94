import { z } from 'zod'

import { prisma } from '@/lib/db/prisma'
import { AppError, notFound } from '@/lib/http/errors'

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Give the platform's ${what}.`)
    .refine((v) => {
      try {
        return ['https:', 'http:'].includes(new URL(v).protocol)
      } catch {
        return false
      }
    }, `The ${what} must be a full http(s) URL, e.g. https://canvas.example.edu/...`)

/** In a platform's deployment ids: accept any deployment of this client id, each added to the list at its first launch. */
export const ANY_DEPLOYMENT = '*'

/** One platform registration, as the instructor form, a config file and dynamic registration give it. */
export const platformSchema = z.object({
  name: z.string().trim().min(1, 'Give the platform a name (e.g. "University Canvas").').max(200),
  issuer: httpUrl('issuer (iss)'),
  clientId: z.string().trim().min(1, "Give the client id the platform assigned to this tool (Canvas: the developer key's number).").max(500),
  deploymentIds: z
    .union([z.array(z.string()), z.string()])
    .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,]+/)).map((d) => d.trim()).filter(Boolean))
    .refine((v) => v.length > 0, "Give at least one deployment id (Canvas shows it in the app's settings, Moodle on the tool's details)."),
  authLoginUrl: httpUrl('OIDC authentication URL'),
  tokenUrl: httpUrl('access token URL'),
  jwksUrl: httpUrl('public keyset (JWKS) URL'),
  tokenAudience: z
    .string()
    .trim()
    .max(500)
    .nullish()
    .transform((v) => v || null),
})
export type PlatformInput = z.input<typeof platformSchema>

export type PlatformDto = {
  id: string
  name: string
  issuer: string
  clientId: string
  deploymentIds: string[]
  authLoginUrl: string
  tokenUrl: string
  jwksUrl: string
  tokenAudience: string | null
  source: string
}

const select = {
  id: true,
  name: true,
  issuer: true,
  clientId: true,
  deploymentIds: true,
  authLoginUrl: true,
  tokenUrl: true,
  jwksUrl: true,
  tokenAudience: true,
  source: true,
} as const

/** Register a platform, or update the one with the same issuer and client id. */
export async function registerPlatform(input: PlatformInput, source: 'page' | 'file' | 'dynamic' = 'page'): Promise<PlatformDto> {
  const p = platformSchema.parse(input)
  return prisma.ltiPlatform.upsert({
    where: { issuer_clientId: { issuer: p.issuer, clientId: p.clientId } },
    create: { ...p, source },
    update: { ...p, source },
    select,
  })
}

export async function listPlatforms(): Promise<PlatformDto[]> {
  return prisma.ltiPlatform.findMany({ orderBy: { createdAt: 'asc' }, select })
}

export async function removePlatform(id: string): Promise<void> {
  const { count } = await prisma.ltiPlatform.deleteMany({ where: { id } })
  if (!count) throw notFound('That platform')
}

export async function platformById(id: string): Promise<PlatformDto> {
  const p = await prisma.ltiPlatform.findUnique({ where: { id }, select })
  if (!p) throw notFound('That LTI platform')
  return p
}

/**
 * The platform a login initiation or launch names. With no client id, the issuer must be registered only once
 * (Canvas sends client_id; platforms that do not must be registered once per issuer).
 */
export async function findPlatform(issuer: string, clientId?: string | null): Promise<PlatformDto> {
  const candidates = await prisma.ltiPlatform.findMany({ where: { issuer, ...(clientId ? { clientId } : {}) }, select })
  if (candidates.length === 1) return candidates[0]!
  if (candidates.length === 0) {
    throw new AppError(
      400,
      'unknown_platform',
      `No LTI platform is registered with issuer ${issuer}${clientId ? ` and client id ${clientId}` : ''}. An instructor registers it on /instructor/lti (docs/lti.md).`,
    )
  }
  throw new AppError(400, 'ambiguous_platform', `Several registrations share issuer ${issuer}; the platform must send client_id with the login request.`)
}

/** Whether a deployment of the platform is registered here; under `*`, a new one is recorded now. */
export async function acceptDeployment(platform: PlatformDto, deploymentId: string): Promise<boolean> {
  if (platform.deploymentIds.includes(deploymentId)) return true
  if (!platform.deploymentIds.includes(ANY_DEPLOYMENT)) return false
  await prisma.ltiPlatform.update({ where: { id: platform.id }, data: { deploymentIds: { push: deploymentId } } })
  return true
}
