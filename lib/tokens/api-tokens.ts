import { randomBytes } from 'node:crypto'

import { hashApiToken } from '@/lib/auth/session'
import { prisma } from '@/lib/db/prisma'
import { AppError, notFound } from '@/lib/http/errors'

export type ApiTokenSummary = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; expiresAt: Date | null }

const MAX_ACTIVE_TOKENS = 10

/** Create a personal API token. The token is returned once; only its sha256 is stored. */
export async function createApiToken(userId: string, name: string, expiresInDays?: number | null): Promise<{ token: string; summary: ApiTokenSummary }> {
  const active = await prisma.apiToken.count({ where: { userId, revokedAt: null } })
  if (active >= MAX_ACTIVE_TOKENS) throw new AppError(409, 'too_many_tokens', `You already have ${active} active tokens; revoke one first.`)
  const token = `cpc_${randomBytes(24).toString('base64url')}`
  const row = await prisma.apiToken.create({
    data: {
      userId,
      name,
      tokenHash: hashApiToken(token),
      prefix: token.slice(0, 10),
      expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86400_000) : null,
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

function summarize(row: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; expiresAt: Date | null }): ApiTokenSummary {
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt, expiresAt: row.expiresAt }
}
