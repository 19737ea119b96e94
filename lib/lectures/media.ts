import 'server-only'

import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'

import { readEnv } from '@/lib/config/env'
import { AppError } from '@/lib/http/errors'

// Self-hosted lecture videos (and captions), served by the app from LECTURE_MEDIA_DIR (default .data/media) at
// /api/lectures/media/<file>, with HTTP range requests so the player can seek. A lecture points at one with
// `video: { file: /api/lectures/media/lecture-03.mp4 }`.

const TYPES: Record<string, string> = {
  webm: 'video/webm',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  ogv: 'video/ogg',
  vtt: 'text/vtt; charset=utf-8',
}

export function mediaDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ readEnv(env).LECTURE_MEDIA_DIR || path.join(/*turbopackIgnore: true*/ process.cwd(), '.data', 'media'))
}

/** A file name inside the media directory, or null (no directories, no dot files, known extensions only). */
export function mediaFileName(segments: readonly string[]): string | null {
  if (segments.length !== 1) return null
  let name: string
  try {
    name = decodeURIComponent(segments[0])
  } catch {
    return null
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/.test(name) || name.includes('..')) return null
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase()
  return TYPES[ext] ? name : null
}

/** Parse a single-range `Range: bytes=a-b` header against a file size; null = serve the whole file. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return null // malformed or multi-range: ignore it, as RFC 9110 allows
  let start: number
  let end: number
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0) return 'unsatisfiable'
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start >= size || end < start) return 'unsatisfiable'
  return { start, end }
}

export async function serveMedia(req: Request, segments: readonly string[], method: 'GET' | 'HEAD'): Promise<Response> {
  const name = mediaFileName(segments)
  if (!name) throw new AppError(404, 'not_found', 'No such media file.')
  const file = path.join(/*turbopackIgnore: true*/ mediaDirectory(), name)
  let stat: Awaited<ReturnType<typeof fs.stat>>
  try {
    stat = await fs.stat(file)
  } catch {
    throw new AppError(404, 'not_found', `No media file "${name}".`)
  }
  if (!stat.isFile()) throw new AppError(404, 'not_found', `No media file "${name}".`)
  const type = TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()]
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`
  const headers = new Headers({ 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, max-age=3600', ETag: etag })
  const range = req.headers.get('if-range') && req.headers.get('if-range') !== etag ? null : parseRange(req.headers.get('range'), stat.size)
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${stat.size}`)
    return new Response(null, { status: 416, headers })
  }
  const { start, end } = range ?? { start: 0, end: stat.size - 1 }
  headers.set('Content-Length', String(stat.size === 0 ? 0 : end - start + 1))
  if (range) headers.set('Content-Range', `bytes ${start}-${end}/${stat.size}`)
  const status = range ? 206 : 200
  if (method === 'HEAD' || stat.size === 0) return new Response(null, { status, headers })
  const stream = Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>
  return new Response(stream, { status, headers })
}
