import type { Metadata } from 'next'
import Link from 'next/link'

import { EvidenceNote } from '@/components/similarity/similarity-parts'
import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { formatDeadline } from '@/lib/course/dates'
import { similarityOverview } from '@/lib/similarity/results'

export const metadata: Metadata = { title: 'Similarity' }
export const dynamic = 'force-dynamic'

const STATUS = { QUEUED: 'waiting', RUNNING: 'running', DONE: 'finished', ERROR: 'failed' } as const

export default async function SimilarityIndexPage() {
  await requirePageUser(STAFF, '/instructor/similarity')
  const list = await similarityOverview()
  return (
    <>
      <h1>Similarity</h1>
      <EvidenceNote />
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Assignment</th>
              <th scope="col">Due</th>
              <th scope="col">Newest check</th>
              <th scope="col">Submissions</th>
              <th scope="col">Pairs above threshold</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.slug}>
                <td>
                  <Link href={`/instructor/assignments/${a.slug}/similarity`}>{a.title}</Link>
                  {a.kind === 'ANNOTATION' && <span className="muted"> · comments</span>}
                </td>
                <td>{formatDeadline(a.dueAt)}</td>
                <td>{a.latest ? `${STATUS[a.latest.status]} · ${formatDeadline(a.latest.finishedAt ?? a.latest.createdAt)}` : 'none yet'}</td>
                <td className="num">{a.latest?.status === 'DONE' ? a.latest.submissions : '—'}</td>
                <td className="num">{a.flagged ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
