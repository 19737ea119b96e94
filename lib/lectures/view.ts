import 'server-only'

import { lectureVideoSettings } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { markdownOptions, PUBLIC_QUESTION_SELECT, toPublicQuestion } from '@/lib/quiz/present'
import { questionStatuses } from '@/lib/quiz/responses'
import type { PublicQuestion, QuestionStatus } from '@/lib/quiz/types'
import { sourceLinks, type SourceLink } from '@/lib/source/links'
import { sourceTree } from '@/lib/source/tree'

import { watchState, type WatchState } from './progress'
import { resolveVideoSource, type VideoSource } from './video'

// Everything a lecture page shows, shaped for the page (a DTO). Questions come through PUBLIC_QUESTION_SELECT:
// the answer key and explanation are never read here, so they cannot reach the page's HTML or its RSC payload.

export type LectureChapter = { position: number; startSeconds: number; title: string; sources: SourceLink[] }

export type LecturePage = {
  lecture: { id: string; number: number; slug: string; title: string; summary: string; durationHint: number | null }
  /** the lecture has a WebVTT transcript */
  hasTranscript: boolean
  video: VideoSource | null
  chapters: LectureChapter[]
  questions: PublicQuestion[]
  statuses: Record<string, QuestionStatus>
  watch: WatchState | null
  previous: { slug: string; number: number; title: string } | null
  next: { slug: string; number: number; title: string } | null
}

export async function lecturePage(slug: string, userId: string): Promise<LecturePage | null> {
  const lecture = await prisma.lecture.findUnique({
    where: { slug },
    select: {
      id: true,
      number: true,
      slug: true,
      title: true,
      summary: true,
      durationHint: true,
      youtubeId: true,
      playlistId: true,
      playlistIndex: true,
      videoFileUrl: true,
      transcriptVtt: true,
      chapters: { orderBy: { position: 'asc' }, select: { position: true, startSeconds: true, title: true, sources: true } },
      questions: { where: { retiredAt: null }, orderBy: [{ atSeconds: 'asc' }, { position: 'asc' }], select: PUBLIC_QUESTION_SELECT },
    },
  })
  if (!lecture) return null
  const tree = await sourceTree().catch(() => null)
  const options = markdownOptions(tree ? (p) => tree.hasFile(p) : undefined)
  const [statuses, watch, previous, next] = await Promise.all([
    questionStatuses(userId, lecture.id),
    watchState(userId, lecture.id),
    prisma.lecture.findFirst({ where: { number: { lt: lecture.number } }, orderBy: { number: 'desc' }, select: { slug: true, number: true, title: true } }),
    prisma.lecture.findFirst({ where: { number: { gt: lecture.number } }, orderBy: { number: 'asc' }, select: { slug: true, number: true, title: true } }),
  ])
  return {
    lecture: { id: lecture.id, number: lecture.number, slug: lecture.slug, title: lecture.title, summary: lecture.summary, durationHint: lecture.durationHint },
    hasTranscript: Boolean(lecture.transcriptVtt),
    video: resolveVideoSource(lecture, lectureVideoSettings()),
    chapters: lecture.chapters.map((c) => ({ position: c.position, startSeconds: c.startSeconds, title: c.title, sources: sourceLinks(c.sources) })),
    questions: lecture.questions.map((q) => toPublicQuestion(q, options)),
    statuses,
    watch,
    previous,
    next,
  }
}
