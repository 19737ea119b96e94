'use server'

import { z } from 'zod'

import { defineAction } from '@/lib/auth/guards'
import { INSTRUCTOR_ONLY } from '@/lib/auth/roles'
import { AppError } from '@/lib/http/errors'
import { parseRosterCsv } from '@/lib/roster/parse'
import { importRoster } from '@/lib/roster/roster'

const schema = z.object({
  csv: z.string().min(1, 'Choose a CSV file or paste the roster.').max(2_000_000, 'The roster is larger than 2 MB.'),
  fileName: z.string().max(200).optional(),
  replace: z
    .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false')])
    .optional()
    .transform((v) => v === true || v === 'on' || v === 'true'),
})

/** Import a roster CSV (email, name, optional section). All or nothing: any problem is reported and nothing is stored. */
export const importRosterAction = defineAction({ schema, roles: INSTRUCTOR_ONLY }, async (input) => {
  const parsed = parseRosterCsv(input.csv, input.fileName || 'the roster')
  if (parsed.problems.length > 0) {
    const more = parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : ''
    throw new AppError(422, 'roster_invalid', `${parsed.problems[0]!.message}${more}. Nothing was imported.`, { problems: parsed.problems.slice(0, 100) })
  }
  if (parsed.entries.length === 0) throw new AppError(422, 'roster_empty', 'The roster has no students in it. Nothing was imported.')
  const result = await importRoster(parsed.entries, { replace: input.replace })
  return { ...result, rows: parsed.entries.length }
})
