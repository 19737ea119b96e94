import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { SubmissionsTable } from '@/components/submissions/submissions-table'
import { requirePageUser } from '@/lib/auth/guards'
import { appUrl } from '@/lib/config/env'
import { parsePublicManifest } from '@/lib/content/public-manifest'
import { formatDeadline } from '@/lib/course/dates'
import { prisma } from '@/lib/db/prisma'
import { assignmentReadme } from '@/lib/homework/readme'
import { assignmentStanding, describeLatePolicy, submissionBlockedReason } from '@/lib/homework/standing'
import { renderMarkdown } from '@/lib/markdown'
import { daysLate } from '@/lib/policy/late'
import { sourceHref, sourceRefInCode } from '@/lib/source/links'
import { sourceTree } from '@/lib/source/tree'

import { DeadlineBadge } from '@/components/deadline-badge'

import { SubmitForm } from './submit-form'

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`

export const dynamic = 'force-dynamic'

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params
  const a = await prisma.assignment.findFirst({ where: { slug, published: true }, select: { title: true } })
  return { title: a?.title ?? 'Homework' }
}

export default async function AssignmentPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const user = await requirePageUser(undefined, `/homework/${slug}`)
  const assignment = await prisma.assignment.findFirst({ where: { slug, published: true } })
  if (!assignment) notFound()
  const [standing, readme, tree] = await Promise.all([assignmentStanding(user.id, assignment.id), assignmentReadme(slug), sourceTree().catch(() => null)])
  // `Python/ceval.c:964` in the README opens the viewer on that code (2.7.8 line numbers, mapped to the served tree)
  const linkCode = (code: string) => {
    const ref = sourceRefInCode(code, tree ? (p) => tree.hasFile(p) : undefined)
    return ref ? sourceHref(ref) : null
  }
  const manifest = parsePublicManifest(assignment.manifest, assignment.slug)
  const hidden = manifest.tests.filter((t) => t.visibility !== 'public')
  const left = standing.maxSubmissions === null ? null : Math.max(0, standing.maxSubmissions - standing.used)
  const disabledReason = submissionBlockedReason(standing)
  const now = Date.now()
  const late = now > standing.deadline.getTime()
  return (
    <>
      <p className="hint">
        <Link href="/homework">Homework</Link> /
      </p>
      <h1>{assignment.title}</h1>
      <p>
        Due <time dateTime={standing.deadline.toISOString()}>{formatDeadline(standing.deadline)}</time>{' '}
        <DeadlineBadge deadline={standing.deadline} counted={standing.counted !== null} closed={standing.closed} />
      </p>
      {readme && (
        <section aria-labelledby="readme-title">
          <h2 id="readme-title">Assignment</h2>
          <article className="card markdown assignment-readme" dangerouslySetInnerHTML={{ __html: renderMarkdown(readme, { linkCode }) }} />
        </section>
      )}

      <div className="assignment-stack">
        <section className="card" aria-labelledby="submit-title" data-testid="submit-area">
          <h2 id="submit-title" style={{ marginTop: 0 }}>
            Submit
          </h2>
          <p>
            <Link className="button secondary" href={`/homework/${slug}/workbench`} data-testid="open-workbench">
              Open the workbench
            </Link>{' '}
            <span className="hint">edit the files in your browser, run the public tests, and submit from there.</span>
          </p>
          <SubmitForm slug={slug} disabledReason={disabledReason} exampleFile={assignment.allowedPaths[0] ?? null} />
          <details style={{ marginTop: '0.75rem' }}>
            <summary>Submit from your terminal</summary>
            <p className="hint">
              Create a token in <Link href="/settings">Settings</Link>, then from the top of your CPython checkout:
            </p>
            <pre>{`git diff > hw.diff\ncurl -sS -H "Authorization: Bearer $TOKEN" --data-binary @hw.diff \\\n  ${appUrl()}/api/assignments/${slug}/submissions`}</pre>
          </details>
        </section>
        <section className="card" aria-labelledby="policy-title">
          <h2 id="policy-title" style={{ marginTop: 0 }}>
            Deadline and limits
          </h2>
          <p>
            Due <time dateTime={standing.deadline.toISOString()}>{formatDeadline(standing.deadline)}</time>
            {standing.extended && (
              <>
                {' '}
                <span className="pill ok">extension</span>
              </>
            )}
            {late && !standing.closed && (
              <>
                {' '}
                <span className="pill warn">late now: {days(daysLate(Math.floor((now - standing.deadline.getTime()) / 1000)))}</span>
              </>
            )}
          </p>
          <p className="hint">{describeLatePolicy(standing.policy)}</p>
          {standing.lateDays && (
            <p className="hint num" data-testid="late-days">
              Late days used so far: {standing.lateDays.used} of {standing.lateDays.budget} ({standing.lateDays.remaining} left). See{' '}
              <Link href="/grades">My grades</Link> for where they went.
            </p>
          )}
          <p className="hint num">
            Submissions used: {standing.used}
            {standing.maxSubmissions !== null && ` of ${standing.maxSubmissions} (${left} left)`}
            {standing.perHour !== null && ` · at most ${standing.perHour} per hour (${standing.lastHour} in the last hour)`}
          </p>
          <p className="hint">
            {standing.selection === 'BEST' ? 'Your best submission counts.' : 'Your latest graded submission counts.'}
            {standing.counted && ` Counting now: #${standing.counted.number}, ${standing.counted.score} / ${assignment.maxScore}.`}
            {standing.override && ` An instructor set your score to ${standing.override.score}: ${standing.override.comment}`}
          </p>
          <h3 style={{ fontSize: '1rem' }}>Tests</h3>
          <ul className="hint">
            {/* hidden tests only as a count and points: their names, order and number of points each stay with staff */}
            {manifest.tests
              .filter((t) => t.visibility === 'public')
              .map((t) => (
                <li key={t.name}>
                  <code>{t.name}</code> · {t.points} pt · public
                </li>
              ))}
            {hidden.length > 0 && (
              <li data-testid="hidden-tests">
                {hidden.length} hidden test{hidden.length === 1 ? '' : 's'} · {hidden.reduce((sum, t) => sum + t.points, 0)} pt in all
              </li>
            )}
            {manifest.tests.length === 0 && <li>Graded by an instructor after an automatic check.</li>}
          </ul>
        </section>
      </div>

      <section aria-labelledby="mine-title">
        <h2 id="mine-title">Your submissions</h2>
        {standing.submissions.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <SubmissionsTable
            rows={standing.submissions.map((s) => ({
              ...s,
              practice: s.kind === 'PRACTICE',
              daysLate: s.lateSeconds > 0 ? daysLate(s.lateSeconds) : 0,
              maxScore: s.maxScore ?? assignment.maxScore,
            }))}
            href={(id) => `/submissions/${id}`}
          />
        )}
      </section>
    </>
  )
}
