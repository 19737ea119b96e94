// The authorization matrix over every instructor page, action and route handler, plus the student's own pages:
// anonymous callers are sent to sign in (pages) or get 401 (routes, actions); students get 403; staff get the page.
// A student asking for another student's submission by id gets 404. Pages are called as the server components they
// are and rendered to HTML, with the session mocked (next-auth needs a request to read a real one).
import { createElement, type ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime'
import { PathnameContext } from 'next/dist/shared/lib/hooks-client-context.shared-runtime'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'
import { prisma } from '@/lib/db/prisma'
import { closeGradingQueue, gradingQueue } from '@/lib/queue/grading-queue'

import { syncRealContent } from '../support/fixtures'

import { asSessionUser, assignmentBySlug, gradedSubmission, student } from './instructor-fixtures'

const session = vi.hoisted(() => ({ user: null as SessionUser | null }))
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: async () => session.user,
}))

process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = '1'

type Who = 'anonymous' | 'student' | 'ta' | 'instructor'
const users = {} as Record<Exclude<Who, 'anonymous'>, SessionUser>
let other: SessionUser
let ids: { slug: string; assignmentId: string; studentSub: string; otherSub: string }

beforeAll(async () => {
  await syncRealContent()
  users.student = asSessionUser(await student('Stu Dent'))
  users.ta = asSessionUser(await student('Tee Ay', null, 'TA'))
  users.instructor = asSessionUser(await student('Prof Essor', null, 'INSTRUCTOR'))
  other = asSessionUser(await student('Oth Er'))
  const a = await assignmentBySlug('opcode-counter')
  const mine = await gradedSubmission({ userId: users.student.id, assignmentId: a.id, createdAt: new Date(a.dueAt.getTime() - 3600_000), score: 77 })
  const theirs = await gradedSubmission({ userId: other.id, assignmentId: a.id, createdAt: new Date(a.dueAt.getTime() - 3600_000), score: 55 })
  ids = { slug: a.slug, assignmentId: a.id, studentSub: mine.id, otherSub: theirs.id }
})
afterAll(async () => {
  // the regrade actions enqueued jobs under this file's queue prefix
  await gradingQueue()
    .obliterate({ force: true })
    .catch(() => {})
  await closeGradingQueue()
})

const as = (who: Who) => {
  session.user = who === 'anonymous' ? null : users[who]
}

const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} }
function render(element: ReactElement): string {
  return renderToString(
    createElement(AppRouterContext.Provider, { value: router as never }, createElement(PathnameContext.Provider, { value: '/instructor' }, element)),
  )
}

/** What calling a page gives: rendered HTML, or the redirect/403/404 Next would turn its throw into. */
async function visit(
  load: () => Promise<{ default: (props: never) => unknown }>,
  props: object = {},
): Promise<{ kind: 'html'; html: string } | { kind: 'redirect'; to: string } | { kind: 'status'; status: number }> {
  const Page = (await load()).default
  try {
    const element = (await Page(props as never)) as ReactElement
    return { kind: 'html', html: render(element) }
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? ''
    if (digest.startsWith('NEXT_REDIRECT')) return { kind: 'redirect', to: digest.split(';')[2]! }
    const m = /^NEXT_HTTP_ERROR_FALLBACK;(\d+)$/.exec(digest)
    if (m) return { kind: 'status', status: Number(m[1]) }
    throw error
  }
}

const params = <T extends object>(p: T) => ({ params: Promise.resolve(p) })

const PAGES: { name: string; load: () => Promise<{ default: (props: never) => unknown }>; props: () => object; staffSees: RegExp }[] = [
  { name: '/instructor/gradebook', load: () => import('@/app/instructor/gradebook/page'), props: () => ({}), staffSees: /Stu Dent.*77/s },
  { name: '/instructor/assignments', load: () => import('@/app/instructor/assignments/page'), props: () => ({}), staffSees: /Count opcodes|opcode/i },
  {
    name: '/instructor/assignments/[slug]',
    load: () => import('@/app/instructor/assignments/[slug]/page'),
    props: () => params({ slug: ids.slug }),
    staffSees: /Stu Dent/,
  },
  { name: '/instructor/students', load: () => import('@/app/instructor/students/page'), props: () => ({}), staffSees: /Oth Er/ },
  {
    name: '/instructor/students/[id]',
    load: () => import('@/app/instructor/students/[id]/page'),
    props: () => params({ id: users.student.id }),
    staffSees: /Total so far/,
  },
  {
    name: '/instructor/submissions/[id]',
    load: () => import('@/app/instructor/submissions/[id]/page'),
    props: () => params({ id: ids.otherSub }),
    staffSees: /secret_case/,
  },
  { name: '/instructor/quizzes', load: () => import('@/app/instructor/quizzes/page'), props: () => ({}), staffSees: /Quiz analytics/ },
  { name: '/instructor/content', load: () => import('@/app/instructor/content/page'), props: () => ({}), staffSees: /Content syncs/ },
  {
    name: '/instructor/operations',
    load: () => import('@/app/instructor/operations/page'),
    props: () => ({}),
    staffSees: /Submissions and practice runs.*Regrades/s,
  },
]

describe('instructor pages', () => {
  for (const page of PAGES) {
    it(`${page.name}: sign-in redirect, 403 for students, rendered for TAs and instructors`, async () => {
      as('anonymous')
      const anon = await visit(page.load, page.props())
      expect(anon).toMatchObject({ kind: 'redirect' })
      expect((anon as { to: string }).to).toMatch(/^\/signin\?callbackUrl=%2Finstructor%2F/)
      as('student')
      expect(await visit(page.load, page.props())).toEqual({ kind: 'status', status: 403 })
      for (const who of ['ta', 'instructor'] as const) {
        as(who)
        const seen = await visit(page.load, page.props())
        expect(seen.kind).toBe('html')
        expect((seen as { html: string }).html).toMatch(page.staffSees)
      }
    })
  }

  it('/instructor redirects staff to the gradebook and refuses students', async () => {
    const load = () => import('@/app/instructor/page')
    as('student')
    expect(await visit(load)).toEqual({ kind: 'status', status: 403 })
    as('ta')
    expect(await visit(load)).toEqual({ kind: 'redirect', to: '/instructor/gradebook' })
  })

  it('instructor-only controls are not offered to TAs', async () => {
    as('ta')
    const students = await visit(() => import('@/app/instructor/students/page'))
    expect((students as { html: string }).html).not.toMatch(/Import roster/)
    as('instructor')
    expect(((await visit(() => import('@/app/instructor/students/page'))) as { html: string }).html).toMatch(/Import roster/)
  })

  it('an unknown id is a 404 for staff', async () => {
    as('instructor')
    expect(await visit(() => import('@/app/instructor/submissions/[id]/page'), params({ id: 'nope' }))).toEqual({ kind: 'status', status: 404 })
    expect(await visit(() => import('@/app/instructor/students/[id]/page'), params({ id: 'nope' }))).toEqual({ kind: 'status', status: 404 })
    expect(await visit(() => import('@/app/instructor/assignments/[slug]/page'), params({ slug: 'nope' }))).toEqual({ kind: 'status', status: 404 })
  })

  it('the instructor layout shows the baseline warning to staff only', async () => {
    const Layout = (await import('@/app/instructor/layout')).default
    as('student')
    expect(render((await Layout({ children: createElement('p', null, 'child') })) as ReactElement)).toBe('<p>child</p>')
    as('instructor')
    const html = render((await Layout({ children: createElement('p', null, 'child') })) as ReactElement)
    // no worker heartbeats in this test's queue prefix: the warning is there, loudly
    expect(html).toMatch(/data-testid="baseline-warning"/)
    expect(html).toMatch(/No grading worker is running/)
  })
})

describe('the student’s own pages', () => {
  it('/grades: sign-in redirect when anonymous, the student’s own grades otherwise', async () => {
    as('anonymous')
    expect(await visit(() => import('@/app/grades/page'))).toEqual({ kind: 'redirect', to: '/signin?callbackUrl=%2Fgrades' })
    as('student')
    const seen = (await visit(() => import('@/app/grades/page'))) as { html: string }
    expect(seen.html).toMatch(/My grades/)
    expect(seen.html).toMatch(/77/)
    expect(seen.html).not.toMatch(/Oth Er/)
  })

  it('another student’s submission by id is a 404, page and API alike; staff see it', async () => {
    as('student')
    expect(await visit(() => import('@/app/submissions/[id]/page'), params({ id: ids.otherSub }))).toEqual({ kind: 'status', status: 404 })
    const { GET } = await import('@/app/api/submissions/[id]/route')
    expect((await GET(new Request('http://test/api/submissions/x'), params({ id: ids.otherSub }))).status).toBe(404)
    expect((await GET(new Request('http://test/api/submissions/x'), params({ id: ids.studentSub }))).status).toBe(200)
    as('ta')
    expect((await GET(new Request('http://test/api/submissions/x'), params({ id: ids.otherSub }))).status).toBe(200)
  })
})

describe('instructor route handlers', () => {
  const ROUTES: { name: string; call: () => Promise<Response> }[] = [
    {
      name: 'GET /api/instructor/exports/gradebook',
      call: async () => (await import('@/app/api/instructor/exports/gradebook/route')).GET(new Request('http://test/'), params({})),
    },
    {
      name: 'GET /api/instructor/exports/assignments/[slug]',
      call: async () => (await import('@/app/api/instructor/exports/assignments/[slug]/route')).GET(new Request('http://test/'), params({ slug: ids.slug })),
    },
    {
      name: 'GET /api/instructor/exports/quiz-analytics',
      call: async () => (await import('@/app/api/instructor/exports/quiz-analytics/route')).GET(new Request('http://test/'), params({})),
    },
    {
      name: 'GET /api/instructor/submissions/[id]/files',
      call: async () => (await import('@/app/api/instructor/submissions/[id]/files/route')).GET(new Request('http://test/'), params({ id: ids.otherSub })),
    },
  ]
  for (const route of ROUTES) {
    it(`${route.name}: 401 anonymous, 403 student, 200 staff`, async () => {
      as('anonymous')
      const anon = await route.call()
      expect(anon.status).toBe(401)
      expect(await anon.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in first.' } })
      as('student')
      expect((await route.call()).status).toBe(403)
      for (const who of ['ta', 'instructor'] as const) {
        as(who)
        const res = await route.call()
        expect(res.status).toBe(200)
      }
    })
  }

  it('exports are CSV attachments', async () => {
    as('ta')
    const res = await ROUTES[0]!.call()
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="gradebook-\d{4}-\d{2}-\d{2}\.csv"$/)
  })
})

describe('instructor actions', () => {
  type Action = (input: unknown) => Promise<{ ok: boolean; status?: number }>
  const load = async (file: string, name: string) => (await import(`@/app/instructor/actions/${file}.ts`))[name] as Action
  // [action, input, the roles that may call it]
  const ACTIONS: [string, string, () => object, ('ta' | 'instructor')[]][] = [
    [
      'set-score',
      'setScoreAction',
      () => ({ userId: users.student.id, assignmentId: ids.assignmentId, score: 70, comment: 'checked by hand' }),
      ['ta', 'instructor'],
    ],
    ['regrade-submission', 'regradeSubmissionAction', () => ({ submissionId: ids.studentSub }), ['ta']],
    [
      'grant-extension',
      'grantExtensionAction',
      () => ({ userId: users.student.id, assignmentId: ids.assignmentId, dueAt: '2026-12-24T23:59', reason: 'flu' }),
      ['instructor'],
    ],
    ['remove-extension', 'removeExtensionAction', () => ({ userId: users.student.id, assignmentId: ids.assignmentId }), ['instructor']],
    ['regrade-assignment', 'regradeAssignmentAction', () => ({ slug: 'string-caesar' }), ['instructor']],
    ['import-roster', 'importRosterAction', () => ({ csv: 'email,name\nnew@example.edu,New Person\n', replace: false }), ['instructor']],
    ['set-allowed-domains', 'setAllowedDomainsAction', () => ({ domains: 'example.edu' }), ['instructor']],
    ['change-role', 'changeRoleAction', () => ({ userId: other.id, role: 'TA' }), ['instructor']],
  ]
  for (const [file, name, input, allowed] of ACTIONS) {
    it(`${name}: 401 anonymous, 403 student${allowed.includes('ta') ? '' : ' and TA'}, allowed for ${allowed.join(' and ')}`, async () => {
      const action = await load(file, name)
      as('anonymous')
      expect(await action(input())).toMatchObject({ ok: false, status: 401 })
      as('student')
      expect(await action(input())).toMatchObject({ ok: false, status: 403 })
      if (!allowed.includes('ta')) {
        as('ta')
        expect(await action(input())).toMatchObject({ ok: false, status: 403 })
      }
      for (const who of allowed) {
        as(who)
        const result = await action(input())
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true })
      }
    })
  }

  it('effects: the override, extension, roster and role were recorded by the allowed callers only', async () => {
    const overrides = await prisma.scoreOverride.findMany({ where: { userId: users.student.id } })
    expect(overrides.map((o) => o.byId).sort()).toEqual([users.ta.id, users.instructor.id].sort())
    expect(await prisma.rosterEntry.count({ where: { email: 'new@example.edu' } })).toBe(1)
    expect(await prisma.user.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ role: 'TA', roleLocked: true })
  })

  it('bad input is a 400 or 422 with a message that says what to fix', async () => {
    as('instructor')
    const grant = await load('grant-extension', 'grantExtensionAction')
    expect(await grant({ userId: users.student.id, assignmentId: ids.assignmentId, dueAt: 'next friday' })).toMatchObject({
      ok: false,
      status: 400,
      error: { message: '“next friday” is not a date and time (e.g. 2026-10-20T23:59).' },
    })
    const roster = await load('import-roster', 'importRosterAction')
    expect(await roster({ csv: 'email\nnot-an-email\n', fileName: 'r.csv' })).toMatchObject({
      ok: false,
      status: 422,
      error: { message: 'r.csv line 2: “not-an-email” is not an email address. Nothing was imported.' },
    })
    const score = await load('set-score', 'setScoreAction')
    expect(await score({ userId: users.student.id, assignmentId: ids.assignmentId, score: 'lots', comment: 'x' })).toMatchObject({ ok: false, status: 400 })
  })
})
