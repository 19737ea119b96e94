// The similarity pages, the CSV export and the action behind the button, on a real database: who may see and do
// what, and what staff see (ranked pairs, the histogram, the side-by-side view with highlighted fragments linked to
// the source viewer, students' text escaped). Pages are called as the server components they are and rendered to
// HTML with the session mocked, as in instructor-authz.test.ts; the run is processed by calling the processor.
import { createElement, type ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime'
import { PathnameContext } from 'next/dist/shared/lib/hooks-client-context.shared-runtime'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'
import { parseCsv } from '@/lib/csv/csv'
import { prisma } from '@/lib/db/prisma'
import { closeSimilarityQueue, similarityQueue } from '@/lib/queue/similarity-queue'
import { requestSimilarityRun } from '@/lib/similarity/runs'
import { processSimilarityJob } from '@/worker/similarity'

import { syncRealContent } from '../support/fixtures'
import * as planted from '../support/similarity-planted'

import { asSessionUser, assignmentBySlug, student } from './instructor-fixtures'

const session = vi.hoisted(() => ({ user: null as SessionUser | null }))
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: async () => session.user,
}))

process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = '1'

type Who = 'anonymous' | 'student' | 'ta' | 'instructor'
const users = {} as Record<Exclude<Who, 'anonymous'>, SessionUser>
const as = (who: Who) => {
  session.user = who === 'anonymous' ? null : users[who]
}
let topPairId = ''

const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} }
function render(element: ReactElement): string {
  return renderToString(
    createElement(AppRouterContext.Provider, { value: router as never }, createElement(PathnameContext.Provider, { value: '/instructor' }, element)),
  )
}

async function visit(
  load: () => Promise<{ default: (props: never) => unknown }>,
  props: object = {},
): Promise<{ kind: 'html'; html: string } | { kind: 'redirect'; to: string } | { kind: 'status'; status: number }> {
  const Page = (await load()).default
  try {
    return { kind: 'html', html: render((await Page(props as never)) as ReactElement) }
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? ''
    if (digest.startsWith('NEXT_REDIRECT')) return { kind: 'redirect', to: digest.split(';')[2]! }
    const m = /^NEXT_HTTP_ERROR_FALLBACK;(\d+)$/.exec(digest)
    if (m) return { kind: 'status', status: Number(m[1]) }
    throw error
  }
}
const params = <T extends object>(p: T) => ({ params: Promise.resolve(p) })

async function submit(userId: string, assignmentId: string, patch: string, score: number, createdAt: Date) {
  const sub = await prisma.submission.create({
    data: {
      userId,
      assignmentId,
      number: 1,
      kind: 'GRADED',
      source: 'PASTE',
      patch,
      patchSha256: 'x'.repeat(64),
      patchBytes: patch.length,
      patchFiles: [],
      status: 'GRADED',
      createdAt,
    },
  })
  const run = await prisma.gradingRun.create({ data: { submissionId: sub.id, status: 'DONE', createdAt, finishedAt: createdAt, score, maxScore: 100 } })
  await prisma.submission.update({ where: { id: sub.id }, data: { currentRunId: run.id } })
}

beforeAll(async () => {
  await syncRealContent()
  users.student = asSessionUser(await student('Stu Dent'))
  users.ta = asSessionUser(await student('Tee Ay', null, 'TA'))
  users.instructor = asSessionUser(await student('Prof Essor', null, 'INSTRUCTOR'))
  const a = await assignmentBySlug('opcode-counter')
  const pristine = await planted.loadPristine(planted.OPCODE_FILES)
  const at = new Date(a.dueAt.getTime() - 3600_000)
  // a student's text is untrusted: this comment must reach the page as text
  const alice = planted.alicePatch(pristine).replace('/* per-opcode execution counts for sys.opcodecount() */', '/* <script>alert("owned")</script> counts */')
  await submit((await student('Alice Able')).id, a.id, alice, 90, at)
  await submit((await student('Bob Baker')).id, a.id, planted.bobPatch(pristine), 90, at)
  await submit((await student('Carol Cole')).id, a.id, planted.carolPatch(pristine), 90, at)
  const { runId } = await requestSimilarityRun('opcode-counter', users.instructor.id)
  expect(await processSimilarityJob({ runId }, { made: 0, max: 3 }, { prisma })).toMatchObject({ status: 'DONE', submissions: 3 })
  topPairId = (await prisma.similarityPair.findFirstOrThrow({ where: { runId }, orderBy: { similarity: 'desc' } })).id
})

afterAll(async () => {
  await similarityQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await closeSimilarityQueue()
})

const PAGES = [
  {
    name: '/instructor/similarity',
    load: () => import('@/app/instructor/similarity/page'),
    props: () => ({}),
    staffSees: /Count executed opcodes[\s\S]*finished/,
  },
  {
    name: '/instructor/assignments/[slug]/similarity',
    load: () => import('@/app/instructor/assignments/[slug]/similarity/page'),
    props: () => params({ slug: 'opcode-counter' }),
    staffSees: /Alice Able[\s\S]*Bob Baker[\s\S]*above threshold/,
  },
  {
    name: '/instructor/assignments/[slug]/similarity/[pairId]',
    load: () => import('@/app/instructor/assignments/[slug]/similarity/[pairId]/page'),
    props: () => params({ slug: 'opcode-counter', pairId: topPairId }),
    staffSees: /Shared fragments/,
  },
]

describe('similarity pages', () => {
  for (const page of PAGES) {
    it(`${page.name}: sign-in redirect, 403 for students, rendered with the evidence note for TAs and instructors`, async () => {
      as('anonymous')
      expect(await visit(page.load, page.props())).toMatchObject({ kind: 'redirect' })
      as('student')
      expect(await visit(page.load, page.props())).toEqual({ kind: 'status', status: 403 })
      for (const who of ['ta', 'instructor'] as const) {
        as(who)
        const seen = await visit(page.load, page.props())
        expect(seen.kind).toBe('html')
        const html = (seen as { html: string }).html
        expect(html).toMatch(page.staffSees)
        expect(html).toMatch(/evidence for a conversation, never a verdict/)
      }
    })
  }

  it('the report ranks the copied pair first in both tables, shows the histogram, and offers the button to instructors only', async () => {
    as('instructor')
    const html = ((await visit(PAGES[1]!.load, PAGES[1]!.props())) as { html: string }).html
    const tables = html.split('<h2 id="by-longest">')
    for (const part of tables) expect(part).toMatch(/<td class="num">1<\/td><td>(Alice Able|Bob Baker)<\/td><td>(Alice Able|Bob Baker)<\/td>/)
    expect(html).toMatch(/Histogram of pair similarity scores/)
    expect(html).toMatch(/3<!-- --> submissions/)
    expect(html).toMatch(/Run a similarity check now/)
    as('ta')
    expect(((await visit(PAGES[1]!.load, PAGES[1]!.props())) as { html: string }).html).not.toMatch(/Run a similarity check now/)
  })

  it('the side-by-side view highlights the shared rows on both sides, links them to the source viewer, and escapes students’ text', async () => {
    as('instructor')
    const html = ((await visit(PAGES[2]!.load, PAGES[2]!.props())) as { html: string }).html
    expect(html).toMatch(/<h1>(Alice Able|Bob Baker)(<!-- -->)? and (<!-- -->)?(Alice Able|Bob Baker)<\/h1>/)
    expect(html).toMatch(/id="a-f1"/)
    expect(html).toMatch(/id="b-f1"/)
    expect((html.match(/data-fragment="\d+"/g) ?? []).length).toBeGreaterThan(10)
    expect(html).toMatch(/href="\/source\/Python\/(sysmodule|ceval)\.c\?lines=\d+/)
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;')
  })

  it('an unknown pair, or a pair asked for under another assignment, is a 404', async () => {
    as('instructor')
    expect(await visit(PAGES[2]!.load, params({ slug: 'opcode-counter', pairId: 'nope' }))).toEqual({ kind: 'status', status: 404 })
    expect(await visit(PAGES[2]!.load, params({ slug: 'string-caesar', pairId: topPairId }))).toEqual({ kind: 'status', status: 404 })
    expect(await visit(PAGES[1]!.load, params({ slug: 'nope' }))).toEqual({ kind: 'status', status: 404 })
  })
})

describe('the similarity CSV export', () => {
  const get = async () => {
    const { GET } = await import('@/app/api/instructor/exports/similarity/[slug]/route')
    return GET(new Request('http://localhost/api/instructor/exports/similarity/opcode-counter'), { params: Promise.resolve({ slug: 'opcode-counter' }) })
  }

  it('refuses anonymous callers and students, and gives staff every pair that shares anything, most similar first', async () => {
    as('anonymous')
    expect((await get()).status).toBe(401)
    as('student')
    expect((await get()).status).toBe(403)
    as('ta')
    const res = await get()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="opcode-counter-similarity-\d{4}-\d{2}-\d{2}\.csv"/)
    const rows = parseCsv(await res.text())
    const header = rows[0]!
    expect(header.slice(0, 3)).toEqual(['Rank', 'Student A', 'Email A'])
    const col = (name: string) => header.indexOf(name)
    const first = rows[1]!
    expect(new Set([first[col('Student A')], first[col('Student B')]])).toEqual(new Set(['Alice Able', 'Bob Baker']))
    expect(first[col('Flagged')]).toBe('yes')
    // a cell starting with "@" is written with a leading apostrophe, so no spreadsheet reads it as a formula
    expect(first[col('Library')]).toMatch(/^'@dodona\/dolos-lib \d/)
    const scores = rows.slice(1).map((r) => Number(r[col('Similarity')]))
    expect(scores).toEqual([...scores].sort((x, y) => y - x))
  })
})

describe('the run-a-check action', () => {
  it('is for instructors: TAs are refused, a second request while one waits is refused with what to do', async () => {
    const { runSimilarityAction } = await import('@/app/instructor/actions/run-similarity')
    as('ta')
    expect(await runSimilarityAction({ slug: 'opcode-counter' })).toMatchObject({ ok: false, status: 403 })
    as('instructor')
    const first = await runSimilarityAction({ slug: 'opcode-counter' })
    expect(first).toMatchObject({ ok: true })
    const again = await runSimilarityAction({ slug: 'opcode-counter' })
    expect(again).toMatchObject({ ok: false, status: 409 })
    expect((again as { error: { message: string } }).error.message).toMatch(/already waiting or running/)
    expect(await runSimilarityAction({ slug: 'no-such-assignment' })).toMatchObject({ ok: false, status: 404 })
  })
})
