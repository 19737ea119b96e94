import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { LecturePlayer } from '@/components/lecture/lecture-player'
import { requirePageUser } from '@/lib/auth/guards'
import { isStaff } from '@/lib/auth/roles'
import { parseVideoTime } from '@/lib/content/time'
import { prisma } from '@/lib/db/prisma'
import { lecturePage } from '@/lib/lectures/view'
import { youtubeWatchUrl } from '@/lib/lectures/video'

export const dynamic = 'force-dynamic'

type Params = { slug: string }

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { slug } = await params
  const lecture = await prisma.lecture.findUnique({ where: { slug }, select: { number: true, title: true } })
  return { title: lecture ? `Lecture ${lecture.number}: ${lecture.title}` : 'Lecture' }
}

export default async function LecturePageRoute({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<{ t?: string | string[] }> }) {
  const { slug } = await params
  const { t } = await searchParams
  const user = await requirePageUser(undefined, `/lectures/${slug}`)
  const page = await lecturePage(slug, user.id)
  if (!page) notFound()
  const startAt = typeof t === 'string' ? parseVideoTime(t) : null
  const staff = isStaff(user.role)
  const { lecture } = page
  const youtube = page.video ? youtubeWatchUrl(page.video) : null

  return (
    <>
      <nav aria-label="Breadcrumb" className="hint">
        <Link href="/lectures">Lectures</Link> › Lecture {lecture.number}
      </nav>
      <h1>
        Lecture {lecture.number}: {lecture.title}
      </h1>
      {lecture.summary && (
        <p className="muted" style={{ maxWidth: '52rem' }}>
          {lecture.summary}
        </p>
      )}
      <LecturePlayer
        lecture={{ slug: lecture.slug, number: lecture.number, title: lecture.title, durationHint: lecture.durationHint }}
        hasTranscript={page.hasTranscript}
        video={page.video}
        chapters={page.chapters}
        questions={page.questions}
        statuses={page.statuses}
        watch={page.watch}
        startAt={startAt}
        staff={staff}
      />
      <nav aria-label="Other lectures" className="row" style={{ marginTop: '1.5rem' }}>
        <span>
          {page.previous && (
            <Link href={`/lectures/${page.previous.slug}`}>
              ← Lecture {page.previous.number}: {page.previous.title}
            </Link>
          )}
        </span>
        {youtube && (
          <a href={youtube} className="hint" rel="noopener noreferrer" target="_blank">
            Open on YouTube
          </a>
        )}
        <span>
          {page.next && (
            <Link href={`/lectures/${page.next.slug}`}>
              Lecture {page.next.number}: {page.next.title} →
            </Link>
          )}
        </span>
      </nav>
    </>
  )
}
