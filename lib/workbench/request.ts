import type { z } from 'zod'

import { AppError } from '@/lib/http/errors'

/**
 * A JSON request body of at most `maxBytes`, parsed with `schema`: 415 unless the body is declared JSON (so a
 * cross-site HTML form cannot post here), 413 when larger (without buffering more), 400 when it does not parse.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.output<S>> {
  if (!/^application\/json\b/i.test(req.headers.get('content-type') ?? '')) throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.')
  const tooLarge = () => new AppError(413, 'body_too_large', `The request is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`)
  const declared = Number(req.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge()
  const chunks: Uint8Array[] = []
  let size = 0
  if (req.body) {
    const reader = req.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel().catch(() => {})
        throw tooLarge()
      }
      chunks.push(value)
    }
  }
  let body: unknown
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new AppError(400, 'invalid_json', 'The request body is not valid JSON.')
  }
  const parsed = schema.safeParse(body)
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
