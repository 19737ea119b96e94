import { randomBytes } from 'node:crypto'

import { hashApiToken } from '@/lib/auth/session'
import { prisma } from '@/lib/db/prisma'
import { AppError, notFound } from '@/lib/http/errors'

import { DEFAULT_TOKEN_SCOPE, type ApiTokenScope } from './scopes'

export type ApiTokenSummary = {
  id: string
  name: string
  prefix: string
  scope: ApiTokenScope
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
  expiresAt: Date | null
}

const MAX_ACTIVE_TOKENS = 10

/** Every token expires (L9): after 180 days unless its owner picks one of the other lifetimes. */
export const DEFAULT_TOKEN_DAYS = 180
export const TOKEN_LIFETIME_DAYS = [7, 30, 90, 180, 365] as const

/** Create a personal API token. The token is returned once; only its sha256 is stored. */
export async function createApiToken(
  userId: string,
  name: string,
  expiresInDays: number = DEFAULT_TOKEN_DAYS,
): Promise<{ token: string; summary: ApiTokenSummary }> {
  if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 365)
    throw new AppError(400, 'invalid_expiry', `A token lives 1 to 365 days; ${expiresInDays} is not allowed.`)
  const active = await prisma.apiToken.count({ where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } })
  if (active >= MAX_ACTIVE_TOKENS) throw new AppError(409, 'too_many_tokens', `You already have ${active} active tokens; revoke one first.`)
  const token = `cpc_${randomBytes(24).toString('base64url')}`
  const row = await prisma.apiToken.create({
    data: {
      userId,
      name,
      tokenHash: hashApiToken(token),
      prefix: token.slice(0, 10),
      scope: DEFAULT_TOKEN_SCOPE,
      expiresAt: new Date(Date.now() + expiresInDays * 86400_000),
    },
  })
  return { token, summary: summarize(row) }
}

export async function listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
  const rows = await prisma.apiToken.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } })
  return rows.map(summarize)
}

export async function revokeApiToken(userId: string, id: string): Promise<void> {
  const { count } = await prisma.apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } })
  if (count === 0) throw notFound('That token')
}

function summarize(row: {
  id: string
  name: string
  prefix: string
  scope: ApiTokenScope
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
  expiresAt: Date | null
}): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    expiresAt: row.expiresAt,
  }
}
