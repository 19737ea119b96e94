import Link from 'next/link'

import { DeadlineBadge } from '@/components/deadline-badge'
import { LectureList, points } from '@/components/lecture-list'
import { currentUser } from '@/lib/auth/session'
import { formatDeadline } from '@/lib/course/dates'
import { courseOverview } from '@/lib/course/overview'
import { prisma } from '@/lib/db/prisma'
import { assignmentStanding } from '@/lib/homework/standing'

export const dynamic = 'force-dynamic'

export default async function HomePage() {
  const user = await currentUser()
  const { lectures, assignments } = await courseOverview(user?.role === 'STUDENT' ? user.id : undefined)
  // a student's own deadline (extensions included) and whether a submission already counts, for the badges
  const standings = new Map<string, Awaited<ReturnType<typeof assignmentStanding>>>()
  if (user?.role === 'STUDENT' && assignments.length > 0) {
    const rows = await prisma.assignment.findMany({ where: { slug: { in: assignments.map((a) => a.slug) } }, select: { id: true, slug: true } })
    const found = await Promise.all(rows.map(async (r) => [r.slug, await assignmentStanding(user.id, r.id)] as const))
    for (const [slug, standing] of found) standings.set(slug, standing)
  }
  return (
    <>
      <h1>CPython internals: a ten-hour codewalk</h1>
      <p className="muted" style={{ maxWidth: '48rem' }}>
        Nine lectures through the Python 2.7.8 interpreter’s C source, cut into short chapters linked to the code they discuss, with questions inside the
        videos. Homework changes the interpreter itself: you submit a patch, and it is built and tested in a sandbox within seconds.
      </p>
      {!user && (
        <p className="notice info">
          <Link href="/signin">Sign in</Link> to watch the lectures, answer the quizzes and submit homework.
        </p>
      )}

      <section aria-labelledby="lectures-title">
        <h2 id="lectures-title">Lectures</h2>
        <LectureList lectures={lectures} />
      </section>

      <section aria-labelledby="homework-title">
        <h2 id="homework-title">Homework</h2>
        {assignments.length === 0 ? (
          <p className="muted">No assignments are published yet.</p>
        ) : (
          <ul className="list" aria-label="Homework assignments">
            {assignments.map((a) => (
              <li key={a.slug}>
                <div className="row">
                  <Link href={`/homework/${a.slug}`}>
                    <strong>{a.title}</strong>
                  </Link>
                  <span className="muted">
                    Due{' '}
                    <time dateTime={(standings.get(a.slug)?.deadline ?? a.dueAt).toISOString()}>
                      {formatDeadline(standings.get(a.slug)?.deadline ?? a.dueAt)}
                    </time>{' '}
                    · {points(a.maxScore)} points
                    {standings.has(a.slug) && (
                      <>
                        {' '}
                        <DeadlineBadge
                          deadline={standings.get(a.slug)!.deadline}
                          counted={standings.get(a.slug)!.counted !== null}
                          closed={standings.get(a.slug)!.closed}
                        />
                      </>
                    )}
                  </span>
                </div>
                {a.summary && <p className="hint">{a.summary}</p>}
                {a.lectureNumber && <p className="hint">Builds on lecture {a.lectureNumber}.</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
