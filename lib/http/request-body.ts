import { AppError } from '@/lib/http/errors'

/**
 * The request body as bytes, at most `maxBytes`: the declared Content-Length is checked first, and a body without
 * one (chunked) is read as a stream and abandoned as soon as it passes the cap, so no more than `maxBytes` plus one
 * chunk is ever held in memory. Throws `tooLarge()` (default: 413 `body_too_large`) when larger.
 */
export async function readBodyBytes(req: Request, maxBytes: number, tooLarge: () => AppError = () => bodyTooLarge(maxBytes)): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > maxBytes) {
    await req.body?.cancel().catch(() => {})
    throw tooLarge()
  }
  if (!req.body) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = req.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        // stop reading: the rest of the body is never pulled from the connection
        await reader.cancel().catch(() => {})
        throw tooLarge()
      }
      chunks.push(value)
    }
  } finally {
    reader.releaseLock()
  }
  return Buffer.concat(chunks, size)
}

/**
 * Read a JSON request body of at most `maxBytes`, without buffering more than that: 413 when larger, 415 when
 * not JSON, 400 when it does not parse.
 */
export async function readJsonBody(req: Request, maxBytes: number, options: { allowTextPlain?: boolean } = {}): Promise<unknown> {
  const type = req.headers.get('content-type') ?? ''
  // JSON only, so a cross-site HTML form cannot post here; progress beacons may also arrive as text/plain
  const accepted = options.allowTextPlain ? /^(application\/json|text\/plain)\b/i : /^application\/json\b/i
  if (!accepted.test(type)) throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.')
  const text = (await readBodyBytes(req, maxBytes)).toString('utf8')
  if (!text.trim()) throw new AppError(400, 'invalid_json', 'The request body is empty; send a JSON object.')
  try {
    return JSON.parse(text)
  } catch {
    throw new AppError(400, 'invalid_json', 'The request body is not valid JSON.')
  }
}

function bodyTooLarge(maxBytes: number) {
  return new AppError(413, 'body_too_large', `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`)
}
