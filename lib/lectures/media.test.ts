import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AppError } from '@/lib/http/errors'

import { mediaFileName, parseRange, serveMedia } from './media'
import { inNumberList, resolveVideoSource } from './video'

describe('parseRange', () => {
  it('parses single byte ranges against the size', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 })
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 })
  })
  it('serves the whole file for no, malformed or multi-range headers', () => {
    expect(parseRange(null, 1000)).toBeNull()
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull()
    expect(parseRange('items=0-1', 1000)).toBeNull()
    expect(parseRange('bytes=-', 1000)).toBeNull()
  })
  it('reports unsatisfiable ranges', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable')
    expect(parseRange('bytes=5-1', 1000)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable')
  })
})

describe('mediaFileName', () => {
  it('accepts plain file names with a media extension only', () => {
    expect(mediaFileName(['clip.webm'])).toBe('clip.webm')
    expect(mediaFileName(['lecture-03.mp4'])).toBe('lecture-03.mp4')
    expect(mediaFileName(['captions.vtt'])).toBe('captions.vtt')
    for (const bad of [
      ['..', 'etc', 'passwd'],
      ['..%2Fsecret.webm'],
      ['a/b.webm'],
      ['.hidden.webm'],
      ['notes.txt'],
      ['x..webm'],
      ['%E0%A4%A.webm'],
      ['a', 'b.webm'],
    ]) {
      expect(mediaFileName(bad), bad.join('/')).toBeNull()
    }
  })
})

describe('serveMedia', () => {
  let dir: string
  const bytes = Buffer.from(Array.from({ length: 2000 }, (_v, i) => i % 256))
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'media-'))
    fs.writeFileSync(path.join(dir, 'clip.webm'), bytes)
    fs.writeFileSync(path.join(os.tmpdir(), 'outside.webm'), 'secret')
    process.env.LECTURE_MEDIA_DIR = dir
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
    delete process.env.LECTURE_MEDIA_DIR
  })

  it('serves the whole file with its type and Accept-Ranges', async () => {
    const res = await serveMedia(new Request('http://x/'), ['clip.webm'], 'GET')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('video/webm')
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes)
  })

  it('serves byte ranges with 206 and Content-Range', async () => {
    const res = await serveMedia(new Request('http://x/', { headers: { range: 'bytes=100-199' } }), ['clip.webm'], 'GET')
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe('bytes 100-199/2000')
    expect(res.headers.get('content-length')).toBe('100')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes.subarray(100, 200))
  })

  it('answers 416 for a range past the end and HEAD without a body', async () => {
    const res = await serveMedia(new Request('http://x/', { headers: { range: 'bytes=5000-' } }), ['clip.webm'], 'GET')
    expect(res.status).toBe(416)
    expect(res.headers.get('content-range')).toBe('bytes */2000')
    const head = await serveMedia(new Request('http://x/', { method: 'HEAD' }), ['clip.webm'], 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe('2000')
  })

  it('refuses anything outside the media directory (404)', async () => {
    for (const segments of [['..', 'outside.webm'], ['..%2Foutside.webm'], ['missing.webm']]) {
      await expect(serveMedia(new Request('http://x/'), segments, 'GET')).rejects.toSatisfy((e) => e instanceof AppError && e.status === 404)
    }
  })
})

describe('resolveVideoSource', () => {
  const base = { number: 3, youtubeId: null, playlistId: null, playlistIndex: null, videoFileUrl: null }
  it('plays YouTube by id or playlist position', () => {
    expect(resolveVideoSource({ ...base, youtubeId: 'dJD9mLPCkuc' })).toEqual({ kind: 'youtube', videoId: 'dJD9mLPCkuc' })
    expect(resolveVideoSource({ ...base, playlistId: 'PLzV58Zm8FuBL6OAv1Yu6AwXZrnsFbbR0S', playlistIndex: 2 })).toEqual({
      kind: 'youtube',
      playlist: { id: 'PLzV58Zm8FuBL6OAv1Yu6AwXZrnsFbbR0S', index: 2 },
    })
    expect(resolveVideoSource(base)).toBeNull()
  })
  it('prefers a self-hosted file, unless told to prefer YouTube', () => {
    const both = { ...base, youtubeId: 'dJD9mLPCkuc', videoFileUrl: '/api/lectures/media/l03.mp4' }
    expect(resolveVideoSource(both)).toEqual({ kind: 'file', url: '/api/lectures/media/l03.mp4' })
    expect(resolveVideoSource(both, { LECTURE_VIDEO_PREFER: 'youtube' })).toEqual({ kind: 'youtube', videoId: 'dJD9mLPCkuc' })
  })
  it('lets LECTURE_VIDEO_OVERRIDE replace every source, with the lecture number', () => {
    expect(resolveVideoSource({ ...base, youtubeId: 'dJD9mLPCkuc' }, { LECTURE_VIDEO_OVERRIDE: '/api/lectures/media/lecture-{nn}.mp4' })).toEqual({
      kind: 'file',
      url: '/api/lectures/media/lecture-03.mp4',
    })
    const limited = { LECTURE_VIDEO_OVERRIDE: '/api/lectures/media/clip.webm', LECTURE_VIDEO_OVERRIDE_LECTURES: '1-2,5' }
    expect(resolveVideoSource({ ...base, youtubeId: 'dJD9mLPCkuc' }, limited)).toEqual({ kind: 'youtube', videoId: 'dJD9mLPCkuc' })
    expect(resolveVideoSource({ ...base, number: 5, youtubeId: 'dJD9mLPCkuc' }, limited)).toEqual({ kind: 'file', url: '/api/lectures/media/clip.webm' })
  })
  it('inNumberList', () => {
    expect(inNumberList(3, undefined)).toBe(true)
    expect(inNumberList(3, '1-9')).toBe(true)
    expect(inNumberList(10, '1-9')).toBe(false)
    expect(inNumberList(7, '2, 4, 7-8')).toBe(true)
    expect(inNumberList(5, 'x')).toBe(false)
  })
})
