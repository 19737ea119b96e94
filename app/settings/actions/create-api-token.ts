'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { createApiToken, DEFAULT_TOKEN_DAYS, TOKEN_LIFETIME_DAYS } from '@/lib/tokens/api-tokens'

const schema = z.object({
  name: z.string().trim().min(1, 'Give the token a name, e.g. "laptop"').max(60),
  expiresInDays: z.coerce
    .number()
    .int()
    .refine((d) => (TOKEN_LIFETIME_DAYS as readonly number[]).includes(d), `Pick how long the token lives: ${TOKEN_LIFETIME_DAYS.join(', ')} days.`)
    .default(DEFAULT_TOKEN_DAYS),
})

export const createApiTokenAction = defineAction({ schema }, async ({ name, expiresInDays }, user) => {
  const { token, summary } = await createApiToken(user.id, name, expiresInDays)
  return { token, id: summary.id, prefix: summary.prefix, expiresAt: summary.expiresAt?.toISOString() ?? null }
})
