import type { z } from 'zod'

import { AppError } from '@/lib/http/errors'
import { readJsonBody } from '@/lib/http/request-body'

/**
 * A JSON request body of at most `maxBytes` (lib/http/request-body: 415 unless declared JSON, 413 when larger, 400
 * when it does not parse), validated with `schema` (400 naming the field).
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.output<S>> {
  const parsed = schema.safeParse(await readJsonBody(req, maxBytes))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AppError(400, 'invalid_input', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}

/** A query parameter parsed with `schema`, 400 with the schema's message otherwise. */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams)
  const parsed = schema.safeParse(params)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AppError(400, 'invalid_input', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}
