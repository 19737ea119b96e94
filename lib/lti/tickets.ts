import { createHash, randomBytes } from 'node:crypto'

import type { Prisma } from '@/lib/db/generated/client'
import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'

export type TicketKind = 'continue' | 'deep-link' | 'registration'

const hash = (token: string) => createHash('sha256').update(token).digest('hex')

/** A random one-time ticket for `userId`; only its hash is stored. */
export async function issueTicket(kind: TicketKind, userId: string, payload: Prisma.InputJsonValue, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await prisma.ltiTicket.create({ data: { tokenHash: hash(token), kind, userId, payload, expiresAt: new Date(Date.now() + ttlMs) } })
  return token
}

const expired = (kind: TicketKind) =>
  new AppError(
    400,
    'ticket_expired',
    kind === 'deep-link'
      ? 'This content picker has expired or was already used. Close it and choose "Add content" in the LMS again.'
      : 'This sign-in link has expired or was already used. Open the assignment from the LMS again.',
  )

/** Look at a ticket without using it up (the picker page shows it before the choice is posted). */
export async function peekTicket(kind: TicketKind, token: string): Promise<{ userId: string; payload: unknown }> {
  const row = await prisma.ltiTicket.findUnique({ where: { tokenHash: hash(token) } })
  if (!row || row.kind !== kind || row.usedAt || row.expiresAt < new Date()) throw expired(kind)
  return { userId: row.userId, payload: row.payload }
}

/** Use a ticket up: exactly one caller wins, however many race. */
export async function consumeTicket(kind: TicketKind, token: string): Promise<{ userId: string; payload: unknown }> {
  const now = new Date()
  const { count } = await prisma.ltiTicket.updateMany({ where: { tokenHash: hash(token), kind, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
  if (count !== 1) throw expired(kind)
  const row = await prisma.ltiTicket.findUniqueOrThrow({ where: { tokenHash: hash(token) } })
  return { userId: row.userId, payload: row.payload }
}
