import type { Metadata } from 'next'

import { LectureList } from '@/components/lecture-list'
import { requirePageUser } from '@/lib/auth/guards'
import { courseOverview } from '@/lib/course/overview'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: 'Lectures' }

export default async function LecturesPage() {
  const user = await requirePageUser(undefined, '/lectures')
  const { lectures } = await courseOverview(user.id)
  return (
    <>
      <h1>Lectures</h1>
      <p className="muted" style={{ maxWidth: '48rem' }}>
        Nine recorded lectures walking through the CPython 2.7.8 source, in chapters of 5 to 10 minutes, each linked to the code it discusses. Questions appear
        inside the videos; the player remembers where you stopped.
      </p>
      <LectureList lectures={lectures} />
    </>
  )
}
