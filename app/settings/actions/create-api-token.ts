'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { createApiToken } from '@/lib/tokens/api-tokens'

const schema = z.object({
  name: z.string().trim().min(1, 'Give the token a name, e.g. "laptop"').max(60),
  expiresInDays: z.coerce.number().int().min(0).max(365).optional(),
})

export const createApiTokenAction = defineAction({ schema }, async ({ name, expiresInDays }, user) => {
  const { token, summary } = await createApiToken(user.id, name, expiresInDays || null)
  return { token, id: summary.id, prefix: summary.prefix }
})
