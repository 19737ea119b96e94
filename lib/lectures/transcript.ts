import 'server-only'

import { isStaff } from '@/lib/auth/roles'
import type { SessionUser } from '@/lib/auth/users'
import { prisma } from '@/lib/db/prisma'
import { questionStatuses } from '@/lib/quiz/responses'

import { parseWebVtt, type Cue } from './webvtt'

export type TranscriptView = { cues: Cue[]; hiddenAfter: number | null; totalCues: number }

/** The cues a reader may see: everything before the first required question they have not finished. */
export function visibleCues(cues: readonly Cue[], gateSeconds: number | null): Cue[] {
  return gateSeconds === null ? [...cues] : cues.filter((c) => c.start < gateSeconds)
}

/**
 * A lecture's transcript for one user, or null when the lecture has none. Text past an unanswered required
 * question is not sent at all (staff see everything), so it cannot be read ahead in the page or the captions file.
 */
export async function transcriptFor(user: Pick<SessionUser, 'id' | 'role'>, slug: string): Promise<TranscriptView | null | undefined> {
  const lecture = await prisma.lecture.findUnique({
    where: { slug },
    select: {
      id: true,
      transcriptVtt: true,
      questions: { where: { retiredAt: null, blocking: true }, orderBy: { atSeconds: 'asc' }, select: { id: true, atSeconds: true } },
    },
  })
  if (!lecture) return undefined
  if (!lecture.transcriptVtt) return null
  const { cues } = parseWebVtt(lecture.transcriptVtt)
  let gate: number | null = null
  if (!isStaff(user.role) && lecture.questions.length > 0) {
    const statuses = await questionStatuses(user.id, lecture.id)
    gate = lecture.questions.find((q) => !statuses[q.id]?.finished)?.atSeconds ?? null
  }
  return { cues: visibleCues(cues, gate), hiddenAfter: gate, totalCues: cues.length }
}

/** The visible cues as a WebVTT file, for the <track> of a self-hosted video. */
export function toWebVtt(cues: readonly Cue[]): string {
  const stamp = (s: number) => {
    const ms = Math.round(s * 1000)
    const h = Math.floor(ms / 3600000)
    const m = Math.floor((ms % 3600000) / 60000)
    const sec = Math.floor((ms % 60000) / 1000)
    const pad = (n: number, w = 2) => String(n).padStart(w, '0')
    return `${pad(h)}:${pad(m)}:${pad(sec)}.${pad(ms % 1000, 3)}`
  }
  return `WEBVTT\n\n${cues.map((c) => `${stamp(c.start)} --> ${stamp(c.end)}\n${c.text}`).join('\n\n')}\n`
}
