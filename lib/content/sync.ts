import type { PrismaClient } from '@/lib/db/prisma'
import type { Prisma, QuestionType } from '@/lib/db/prisma'
import type { QuestionSpec } from '@/lib/quiz/schema'
import type { RevealRule, ScoringRule } from '@/lib/quiz/scoring'

import { loadAssignments, type SyncedAssignment } from './assignments'
import type { CourseFile } from './course-schema'
import { loadCourseFile } from './course-file'
import { ContentValidationError, type ContentProblem } from './errors'
import { checkLectureSources, loadLectures, type LoadedLecture } from './lectures'
import type { TreeLookup } from './pristine'

export type CourseContent = { course: CourseFile; lectures: LoadedLecture[]; assignments: SyncedAssignment[] }

/** Read and validate every content file. Throws ContentValidationError listing every problem found. */
export async function loadCourseContent(courseDir: string, options: { tree?: TreeLookup } = {}): Promise<CourseContent> {
  const problems: ContentProblem[] = []
  const course = loadCourseFile(courseDir, problems)
  const lectures = loadLectures(courseDir, problems)
  if (options.tree) checkLectureSources(lectures, options.tree, problems)
  const assignments = course ? await loadAssignments(courseDir, course, problems, options.tree) : []
  const lectureNumbers = new Set(lectures.map((l) => l.spec.number))
  for (const a of assignments) {
    if (a.lectureNumber !== null && lectures.length > 0 && !lectureNumbers.has(a.lectureNumber)) {
      problems.push({ file: a.file, path: 'lecture', message: `there is no lecture ${a.lectureNumber}` })
    }
  }
  if (problems.length > 0 || !course) throw new ContentValidationError(problems)
  return { course, lectures, assignments }
}

export type SyncSummary = {
  lectures: number
  chapters: number
  questions: number
  retiredQuestions: number
  assignments: number
  unpublishedAssignments: number
}

/** The quiz file's question types and their database enum. */
const QUESTION_TYPE: Record<QuestionSpec['type'], QuestionType> = { single: 'SINGLE', multiple: 'MULTIPLE', numeric: 'NUMERIC', text: 'TEXT', output: 'OUTPUT' }

/** The stored form of a question: the key and explanation are kept apart from what a page may show. */
export function questionRow(q: QuestionSpec, policy: { attempts?: number; scoring?: ScoringRule; reveal?: RevealRule; partialCredit?: boolean } = {}) {
  const answerKey: Prisma.InputJsonValue =
    q.type === 'text'
      ? { ...q.answer, pattern: q.answer.pattern ?? null }
      : q.type === 'multiple' && (q.partialCredit ?? policy.partialCredit)
        ? { choices: q.answer, partialCredit: true }
        : (q.answer as Prisma.InputJsonValue)
  return {
    atSeconds: Math.round(q.at),
    type: QUESTION_TYPE[q.type],
    prompt: q.prompt,
    choices: q.type === 'single' || q.type === 'multiple' ? (q.choices as Prisma.InputJsonValue) : undefined,
    code: q.type === 'output' ? q.code : null,
    answerKey,
    explanation: q.explanation,
    sources: q.sources as unknown as Prisma.InputJsonValue,
    points: q.points,
    attempts: q.attempts ?? policy.attempts ?? 1,
    blocking: q.blocking,
    scoring: q.scoring ?? policy.scoring ?? 'best',
    reveal: q.reveal ?? policy.reveal ?? 'finished',
    retiredAt: null,
  }
}

/**
 * Upsert all content in one transaction: either every file is applied or nothing changes. Questions that
 * left their file are retired (students' responses stay); assignments that left are unpublished.
 */
export async function syncContent(prisma: PrismaClient, content: CourseContent): Promise<SyncSummary> {
  const summary: SyncSummary = { lectures: 0, chapters: 0, questions: 0, retiredQuestions: 0, assignments: 0, unpublishedAssignments: 0 }
  const started = new Date()
  await prisma.$transaction(
    async (tx) => {
      const questionIds: string[] = []
      for (const { spec, hash, transcript } of content.lectures) {
        const data = {
          number: spec.number,
          slug: spec.slug,
          title: spec.title,
          summary: spec.summary,
          youtubeId: spec.video.youtube ?? null,
          playlistId: spec.video.playlist?.id ?? null,
          playlistIndex: spec.video.playlist?.index ?? null,
          videoFileUrl: spec.video.file ?? null,
          durationHint: spec.video.durationHint === undefined ? null : Math.round(spec.video.durationHint),
          transcriptVtt: transcript ?? null,
          contentHash: hash,
          syncedAt: started,
        }
        // a lecture keeps its identity by number (slugs may be renamed); free the slug first if another row holds it
        await tx.lecture.updateMany({ where: { slug: spec.slug, number: { not: spec.number } }, data: { slug: `${spec.slug}-old-${started.getTime()}` } })
        const lecture = await tx.lecture.upsert({ where: { number: spec.number }, create: data, update: data })
        summary.lectures++
        await tx.chapter.deleteMany({ where: { lectureId: lecture.id } })
        await tx.chapter.createMany({
          data: spec.chapters.map((c, position) => ({
            lectureId: lecture.id,
            position,
            startSeconds: Math.round(c.start),
            title: c.title,
            sources: c.sources as unknown as Prisma.InputJsonValue,
          })),
        })
        summary.chapters += spec.chapters.length
        for (const [position, q] of spec.questions.entries()) {
          const row = { ...questionRow(q, spec.quizPolicy), lectureId: lecture.id, position }
          await tx.question.upsert({ where: { id: q.id }, create: { id: q.id, ...row }, update: row })
          questionIds.push(q.id)
          summary.questions++
        }
      }
      const retired = await tx.question.updateMany({ where: { id: { notIn: questionIds }, retiredAt: null }, data: { retiredAt: started } })
      summary.retiredQuestions = retired.count

      const slugs: string[] = []
      for (const a of content.assignments) {
        const data = {
          title: a.title,
          summary: a.summary,
          lectureNumber: a.lectureNumber,
          kind: a.kind,
          maxScore: a.maxScore,
          dueAt: a.dueAt,
          allowedPaths: a.allowedPaths,
          allowCreate: a.allowCreate,
          manifest: a.publicManifest as Prisma.InputJsonValue,
          contentHash: a.hash,
          latePolicy: a.policy.latePolicy,
          latePenaltyPerDay: a.policy.latePenaltyPerDay,
          latePenaltyMax: a.policy.latePenaltyMax,
          lateCutoffDays: a.policy.lateCutoffDays,
          maxSubmissions: a.policy.maxSubmissions,
          submissionsPerHour: a.policy.submissionsPerHour,
          scoreSelection: a.policy.scoreSelection,
          published: true,
          syncedAt: started,
        }
        await tx.assignment.upsert({ where: { slug: a.slug }, create: { slug: a.slug, ...data }, update: data })
        slugs.push(a.slug)
        summary.assignments++
      }
      const unpublished = await tx.assignment.updateMany({ where: { slug: { notIn: slugs }, published: true }, data: { published: false } })
      summary.unpublishedAssignments = unpublished.count

      await tx.setting.upsert({
        where: { key: 'course' },
        create: { key: 'course', value: content.course as unknown as Prisma.InputJsonValue },
        update: { value: content.course as unknown as Prisma.InputJsonValue },
      })
      await tx.contentSync.create({ data: { startedAt: started, finishedAt: new Date(), ok: true, summary: summary as unknown as Prisma.InputJsonValue } })
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
  return summary
}
