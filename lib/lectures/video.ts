// Where a lecture's video comes from. Safe to import from client components (types and pure functions only).

export type VideoSource =
  | { kind: 'youtube'; videoId: string; playlist?: undefined }
  | { kind: 'youtube'; videoId?: undefined; playlist: { id: string; index: number } }
  | { kind: 'file'; url: string }

export type LectureVideoFields = {
  number: number
  youtubeId: string | null
  playlistId: string | null
  playlistIndex: number | null
  videoFileUrl: string | null
}

export type VideoEnv = {
  /** a file URL used for every lecture instead of its own source ({n} = the lecture number); for tests and offline use */
  LECTURE_VIDEO_OVERRIDE?: string
  /** limit the override to these lecture numbers: "1-9", "2,4,7-9" (default: all) */
  LECTURE_VIDEO_OVERRIDE_LECTURES?: string
  /** `file` (default) or `youtube`: which source wins when a lecture has both */
  LECTURE_VIDEO_PREFER?: string
}

/**
 * The source a lecture plays. A self-hosted file is preferred when a lecture has both (no third-party request,
 * works offline) unless LECTURE_VIDEO_PREFER=youtube. LECTURE_VIDEO_OVERRIDE replaces every lecture's source.
 */
export function resolveVideoSource(lecture: LectureVideoFields, env: VideoEnv = {}): VideoSource | null {
  const override = env.LECTURE_VIDEO_OVERRIDE?.trim()
  if (override && inNumberList(lecture.number, env.LECTURE_VIDEO_OVERRIDE_LECTURES))
    return { kind: 'file', url: override.replaceAll('{n}', String(lecture.number)).replaceAll('{nn}', String(lecture.number).padStart(2, '0')) }
  const youtube: VideoSource | null = lecture.youtubeId
    ? { kind: 'youtube', videoId: lecture.youtubeId }
    : lecture.playlistId && lecture.playlistIndex
      ? { kind: 'youtube', playlist: { id: lecture.playlistId, index: lecture.playlistIndex } }
      : null
  const file: VideoSource | null = lecture.videoFileUrl ? { kind: 'file', url: lecture.videoFileUrl } : null
  return env.LECTURE_VIDEO_PREFER === 'youtube' ? (youtube ?? file) : (file ?? youtube)
}

/** A link to watch the lecture on YouTube itself (for the "open on YouTube" link), or null. */
export function youtubeWatchUrl(source: VideoSource, seconds = 0): string | null {
  if (source.kind !== 'youtube') return null
  const t = seconds > 0 ? `&t=${Math.floor(seconds)}s` : ''
  if (source.videoId) return `https://www.youtube.com/watch?v=${encodeURIComponent(source.videoId)}${t}`
  return `https://www.youtube.com/playlist?list=${encodeURIComponent(source.playlist!.id)}`
}

/** Is `n` in a list like "1-9" or "2,4,7-9"? An empty or missing list contains every number. */
export function inNumberList(n: number, list: string | undefined): boolean {
  const text = list?.trim()
  if (!text) return true
  return text.split(',').some((part) => {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part)
    if (!m) return false
    const from = Number(m[1])
    const to = m[2] ? Number(m[2]) : from
    return n >= from && n <= to
  })
}
