import { AppError } from '@/lib/http/errors'

/**
 * Read a JSON request body of at most `maxBytes`, without buffering more than that: 413 when larger, 415 when
 * not JSON, 400 when it does not parse.
 */
export async function readJsonBody(req: Request, maxBytes: number, options: { allowTextPlain?: boolean } = {}): Promise<unknown> {
  const type = req.headers.get('content-type') ?? ''
  // JSON only, so a cross-site HTML form cannot post here; progress beacons may also arrive as text/plain
  const accepted = options.allowTextPlain ? /^(application\/json|text\/plain)\b/i : /^application\/json\b/i
  if (!accepted.test(type)) throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.')
  const declared = Number(req.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes)
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
        throw tooLarge(maxBytes)
      }
      chunks.push(value)
    }
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text.trim()) throw new AppError(400, 'invalid_json', 'The request body is empty; send a JSON object.')
  try {
    return JSON.parse(text)
  } catch {
    throw new AppError(400, 'invalid_json', 'The request body is not valid JSON.')
  }
}

function tooLarge(maxBytes: number) {
  return new AppError(413, 'body_too_large', `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`)
}
