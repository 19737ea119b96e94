'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { revokeApiToken } from '@/lib/tokens/api-tokens'

export const revokeApiTokenAction = defineAction({ schema: z.object({ id: z.string().min(1) }) }, async ({ id }, user) => {
  await revokeApiToken(user.id, id)
  return { id }
})
