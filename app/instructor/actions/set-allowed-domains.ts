'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { AppError } from '@/lib/http/errors'
import { parseDomainList } from '@/lib/roster/parse'
import { setAllowedDomains } from '@/lib/roster/roster'

const schema = z.object({ domains: z.string().max(5_000) })

/** Email domains whose people may sign in as students (besides the roster). Empty: no domain restriction. */
export const setAllowedDomainsAction = defineAction({ schema, roles: INSTRUCTOR_ONLY }, async ({ domains }) => {
  const parsed = parseDomainList(domains)
  if (parsed.problems.length > 0) throw new AppError(422, 'invalid_domain', parsed.problems[0]!)
  return { domains: await setAllowedDomains(parsed.domains) }
})
