import 'server-only'

import { z } from 'zod'

import { Prisma } from '@/lib/db/generated/client'
import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'

// Where each student is in each lecture (WatchProgress). The player saves periodically while playing, on pause
// and seek, and with navigator.sendBeacon when the page is hidden or closed.
//
// - positionSeconds: where to resume.
// - furthestSeconds: how far the student has really watched (the client counts only playback, not seeks). The
//   server also refuses to let it grow faster than MAX_RATE × the wall time since the previous save, plus a
//   little slack, so a hand-made request cannot mark an hour-long lecture watched in one go.
// - completedAt: set once furthest/duration reaches COMPLETION_RATIO, and kept.
// lib/course/overview.ts reads the same columns for the home page.

export const COMPLETION_RATIO = 0.9
const MAX_RATE = 2
const GROWTH_SLACK_SECONDS = 30
const MAX_VIDEO_SECONDS = 24 * 3600

export const progressUpdateSchema = z
  .object({
    position: z.number().finite().min(0).max(MAX_VIDEO_SECONDS),
    furthest: z.number().finite().min(0).max(MAX_VIDEO_SECONDS).optional(),
    duration: z.number().finite().positive().max(MAX_VIDEO_SECONDS).optional(),
    rate: z.number().finite().min(0.25).max(4).optional(),
  })
  .strict()

export type ProgressUpdate = z.output<typeof progressUpdateSchema>

export type WatchState = {
  positionSeconds: number
  furthestSeconds: number
  durationSeconds: number | null
  playbackRate: number
  completed: boolean
  percentWatched: number
}

export function percentWatched(furthest: number, duration: number | null | undefined): number {
  return duration ? Math.min(100, Math.round((furthest / duration) * 100)) : 0
}

function toState(row: {
  positionSeconds: number
  furthestSeconds: number
  durationSeconds: number | null
  playbackRate: number
  completedAt: Date | null
}): WatchState {
  return {
    positionSeconds: row.positionSeconds,
    furthestSeconds: row.furthestSeconds,
    durationSeconds: row.durationSeconds,
    playbackRate: row.playbackRate,
    completed: row.completedAt !== null,
    percentWatched: percentWatched(row.furthestSeconds, row.durationSeconds),
  }
}

/** The student's saved state in a lecture, or null before the first save. */
export async function watchState(userId: string, lectureId: string): Promise<WatchState | null> {
  const row = await prisma.watchProgress.findUnique({ where: { userId_lectureId: { userId, lectureId } } })
  return row ? toState(row) : null
}

/** A lecture's id with the student's saved state in it, as read by savedProgressSql (null: no such lecture). */
export type SavedProgress = {
  lectureId: string
  existing: {
    positionSeconds: number
    furthestSeconds: number
    durationSeconds: number | null
    playbackRate: number
    completedAtMs: number | null
    updatedAtMs: number
  } | null
}

/**
 * The lecture and the student's saved state in it, as one SQL expression (a JSON object, or NULL for an unknown
 * lecture): the progress route reads it in the statement that checks the session (withAuthAndRead). Times are
 * read as epoch milliseconds, so no time zone is involved.
 */
export function savedProgressSql(userId: string, lectureSlug: string): Prisma.Sql {
  return Prisma.sql`(SELECT json_build_object('lectureId', l.id, 'existing',
      (SELECT json_build_object('positionSeconds', w."positionSeconds", 'furthestSeconds', w."furthestSeconds",
          'durationSeconds', w."durationSeconds", 'playbackRate', w."playbackRate",
          'completedAtMs', floor(extract(epoch FROM w."completedAt") * 1000), 'updatedAtMs', floor(extract(epoch FROM w."updatedAt") * 1000))
        FROM "WatchProgress" w WHERE w."userId" = ${userId} AND w."lectureId" = l.id))
    FROM "Lecture" l WHERE l.slug = ${lectureSlug})`
}

/** Apply one update from the player. 404 for an unknown lecture. */
export async function saveWatchProgress(userId: string, lectureSlug: string, update: ProgressUpdate, now: Date = new Date()): Promise<WatchState> {
  const rows = await prisma.$queryRaw<{ saved: SavedProgress | null }[]>`SELECT ${savedProgressSql(userId, lectureSlug)} AS saved`
  return storeWatchProgress(userId, lectureSlug, rows[0]?.saved ?? null, update, now)
}

/** saveWatchProgress on the state already read for this student (savedProgressSql): one upsert. */
export async function storeWatchProgress(
  userId: string,
  lectureSlug: string,
  saved: SavedProgress | null,
  update: ProgressUpdate,
  now: Date = new Date(),
): Promise<WatchState> {
  if (!saved) throw new AppError(404, 'unknown_lecture', `There is no lecture "${lectureSlug}".`)
  const e = saved.existing
  const existing = e && {
    positionSeconds: e.positionSeconds,
    furthestSeconds: e.furthestSeconds,
    durationSeconds: e.durationSeconds,
    playbackRate: e.playbackRate,
    completedAt: e.completedAtMs === null ? null : new Date(e.completedAtMs),
    updatedAt: new Date(e.updatedAtMs),
  }
  const next = nextProgress(existing, update, now)
  const row = await prisma.watchProgress.upsert({
    where: { userId_lectureId: { userId, lectureId: saved.lectureId } },
    create: { userId, lectureId: saved.lectureId, ...next },
    update: next,
  })
  return toState(row)
}

type Stored = {
  positionSeconds: number
  furthestSeconds: number
  durationSeconds: number | null
  playbackRate: number
  completedAt: Date | null
  updatedAt: Date
} | null

/** The arithmetic of one save (pure, exported for tests). */
export function nextProgress(existing: Stored, update: ProgressUpdate, now: Date) {
  const duration = update.duration ?? existing?.durationSeconds ?? null
  const clampToVideo = (t: number) => (duration ? Math.min(t, duration) : t)
  const position = clampToVideo(update.position)
  const before = existing?.furthestSeconds ?? 0
  const elapsed = existing ? Math.max(0, (now.getTime() - existing.updatedAt.getTime()) / 1000) : 0
  const ceiling = before + elapsed * MAX_RATE + GROWTH_SLACK_SECONDS
  const reported = clampToVideo(update.furthest ?? 0)
  const furthest = Math.max(before, Math.min(reported, ceiling))
  const completedAt = existing?.completedAt ?? (duration && furthest / duration >= COMPLETION_RATIO ? now : null)
  return {
    positionSeconds: position,
    furthestSeconds: furthest,
    durationSeconds: duration,
    playbackRate: update.rate ?? existing?.playbackRate ?? 1,
    completedAt,
  }
}
