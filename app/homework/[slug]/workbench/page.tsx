import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { Workbench } from '@/components/workbench/workbench'
import { requirePageUser } from '@/lib/auth/guards'
import { CpythonSourceError } from '@/lib/cpython/source'
import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'
import { workbenchLimits } from '@/lib/workbench/limits'
import { workbenchOverview, type WorkbenchOverview } from '@/lib/workbench/workbench'

export const dynamic = 'force-dynamic'

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params
  const a = await prisma.assignment.findFirst({ where: { slug, published: true }, select: { title: true } })
  return { title: a ? `Workbench · ${a.title}` : 'Workbench' }
}

export default async function WorkbenchPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const user = await requirePageUser(undefined, `/homework/${slug}/workbench`)
  let overview: WorkbenchOverview
  try {
    overview = await workbenchOverview(user, slug)
  } catch (error) {
    if (error instanceof AppError && error.status === 404) notFound()
    if (error instanceof CpythonSourceError) {
      console.error(error)
      return (
        <p className="notice error" role="alert">
          The pristine CPython tree is not available on this server, so the workbench cannot open. You can still{' '}
          <Link href={`/homework/${slug}`}>submit a patch</Link> made in a local checkout.
        </p>
      )
    }
    throw error
  }
  const limits = await workbenchLimits(user.id, overview.assignment.id)
  return (
    <>
      <p className="hint">
        <Link href="/homework">Homework</Link> / <Link href={`/homework/${slug}`}>{overview.assignment.title}</Link> /
      </p>
      <Workbench
        slug={slug}
        title={overview.assignment.title}
        cpythonVersion={overview.cpythonVersion}
        editable={overview.editable}
        drafts={overview.drafts}
        ignoredDrafts={overview.ignoredDrafts}
        limits={limits}
      />
    </>
  )
}
