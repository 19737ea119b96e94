import type { Metadata } from 'next'
import Link from 'next/link'

import { DeadlineBadge } from '@/components/deadline-badge'
import { requirePageUser } from '@/lib/auth/guards'
import { formatDeadline } from '@/lib/course/dates'
import { prisma } from '@/lib/db/prisma'
import { assignmentStanding } from '@/lib/homework/standing'

export const metadata: Metadata = { title: 'Homework' }
export const dynamic = 'force-dynamic'

export default async function HomeworkPage() {
  const user = await requirePageUser(undefined, '/homework')
  const assignments = await prisma.assignment.findMany({ where: { published: true }, orderBy: [{ dueAt: 'asc' }, { slug: 'asc' }] })
  const standings = await Promise.all(assignments.map((a) => assignmentStanding(user.id, a.id)))
  return (
    <>
      <h1>Homework</h1>
      <p className="muted">
        Each assignment is a patch to the CPython 2.7.8 interpreter. Submit it here or from your terminal; it is built and tested within seconds.
      </p>
      <ul className="list">
        {assignments.map((a, i) => {
          const s = standings[i]
          return (
            <li key={a.id}>
              <div className="row">
                <Link href={`/homework/${a.slug}`}>
                  <strong>{a.title}</strong>
                </Link>
                <span className="muted">
                  Due <time dateTime={s.deadline.toISOString()}>{formatDeadline(s.deadline)}</time>
                  {s.extended && ' (extended)'} <DeadlineBadge deadline={s.deadline} counted={s.counted !== null} closed={s.closed} />
                </span>
              </div>
              {a.summary && <p className="hint">{a.summary}</p>}
              <p className="hint num">
                {s.counted ? `Counted score: ${s.counted.score} / ${a.maxScore}` : `Not graded yet · ${a.maxScore} points`} · {s.used} submission
                {s.used === 1 ? '' : 's'}
                {s.maxSubmissions !== null && ` of ${s.maxSubmissions}`}
                {a.kind === 'ANNOTATION' && ' · graded by an instructor'}
              </p>
            </li>
          )
        })}
      </ul>
    </>
  )
}
