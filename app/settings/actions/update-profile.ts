'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { prisma } from '@/lib/db/prisma'

export const updateProfileAction = defineAction({ schema: z.object({ name: z.string().trim().min(1, 'Enter a name').max(100) }) }, async ({ name }, user) => {
  await prisma.user.update({ where: { id: user.id }, data: { name } })
  return { name }
})
