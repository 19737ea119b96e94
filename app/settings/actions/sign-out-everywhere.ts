'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { signOutEverywhere } from '@/lib/auth/session'

export const signOutEverywhereAction = defineAction({ schema: z.object({}) }, async (_input, user) => {
  await signOutEverywhere(user.id)
  return { signedOut: true }
})
