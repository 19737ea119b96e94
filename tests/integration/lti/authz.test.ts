// Who may use the LTI pages, actions and the picker's route: anonymous → sign in / 401, students → 403, TAs only
// where staff may, instructors everywhere. Pages are rendered as the server components they are, session mocked.
import { createElement, type ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime'
import { PathnameContext } from 'next/dist/shared/lib/hooks-client-context.shared-runtime'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import type { SessionUser } from '@/lib/auth/users'
import { prisma } from '@/lib/db/prisma'

import { syncRealContent } from '../../support/fixtures'
import { ROLE, type TestPlatform } from '../../support/lti-platform'
import { asSessionUser, student } from '../instructor-fixtures'

import { APP, configureToolEnv, fullLaunch, startPlatformAndRegister } from './lti-helpers'

const session = vi.hoisted(() => ({ user: null as SessionUser | null }))
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: async () => session.user,
}))
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = '1'

configureToolEnv()
type Who = 'anonymous' | 'student' | 'ta' | 'instructor'
const users = {} as Record<Exclude<Who, 'anonymous'>, SessionUser>
let platform: TestPlatform
let contextId: string
const as = (who: Who) => (session.user = who === 'anonymous' ? null : users[who])

beforeAll(async () => {
  await syncRealContent()
  users.student = asSessionUser(await student('Stu'))
  users.ta = asSessionUser(await student('Tee', null, 'TA'))
  users.instructor = asSessionUser(await student('Prof', null, 'INSTRUCTOR'))
  platform = (await startPlatformAndRegister({ contextId: 'authz-course' })).platform
  platform.members.push({ sub: 'authz-member', name: 'Member', roles: [ROLE.instructor], status: 'Active' })
  await fullLaunch(platform, { user: { sub: 'authz-member', name: 'Member', roles: [ROLE.instructor] } })
  contextId = (await prisma.ltiContext.findFirstOrThrow({ where: { contextId: 'authz-course' } })).id
})
afterAll(async () => platform?.close())

const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} }
async function visit(load: () => Promise<{ default: (props: never) => unknown }>, props: object = {}) {
  try {
    const element = (await (await load()).default(props as never)) as ReactElement
    return {
      kind: 'html' as const,
      html: renderToString(
        createElement(AppRouterContext.Provider, { value: router as never }, createElement(PathnameContext.Provider, { value: '/instructor' }, element)),
      ),
    }
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? ''
    if (digest.startsWith('NEXT_REDIRECT')) return { kind: 'redirect' as const, to: digest.split(';')[2]! }
    const m = /^NEXT_HTTP_ERROR_FALLBACK;(\d+)$/.exec(digest)
    if (m) return { kind: 'status' as const, status: Number(m[1]) }
    throw error
  }
}

describe('LTI pages', () => {
  const PAGES = [
    { name: '/instructor/lti', load: () => import('@/app/instructor/lti/page'), props: {}, sees: /Registered platforms.*Test LMS/s },
    {
      name: '/instructor/gradebook/canvas-preview',
      load: () => import('@/app/instructor/gradebook/canvas-preview/page'),
      props: {},
      sees: /Preview a Canvas import/,
    },
    {
      name: '/instructor/lti/deep-link',
      load: () => import('@/app/instructor/lti/deep-link/page'),
      props: { searchParams: Promise.resolve({ ticket: 'unknown' }) },
      sees: /expired or was already used/,
    },
  ]
  for (const page of PAGES) {
    it(`${page.name}: sign-in redirect, 403 for students, rendered for staff`, async () => {
      as('anonymous')
      expect(await visit(page.load, page.props)).toMatchObject({ kind: 'redirect', to: expect.stringMatching(/^\/signin\?callbackUrl=%2Finstructor%2F/) })
      as('student')
      expect(await visit(page.load, page.props)).toEqual({ kind: 'status', status: 403 })
      for (const who of ['ta', 'instructor'] as const) {
        as(who)
        const seen = await visit(page.load, page.props)
        expect(seen.kind).toBe('html')
        expect((seen as { html: string }).html).toMatch(page.sees)
      }
    })
  }

  it('offers registration, key rotation and approval to instructors only', async () => {
    as('ta')
    const ta = (await visit(() => import('@/app/instructor/lti/page'))) as { html: string }
    expect(ta.html).not.toMatch(/Register platform|Rotate tool key|Approve staff roles|Withdraw approval/)
    as('instructor')
    const prof = (await visit(() => import('@/app/instructor/lti/page'))) as { html: string }
    expect(prof.html).toMatch(/Register platform.*/s)
    expect(prof.html).toMatch(/Rotate tool key/)
  })
})

describe('LTI actions', () => {
  type Action = (input: unknown) => Promise<{ ok: boolean; status?: number }>
  const ACTIONS: [() => Promise<Action>, string, () => object, ('ta' | 'instructor')[]][] = [
    [
      async () => (await import('@/app/instructor/lti/actions/register-platform')).registerPlatformAction as Action,
      'registerPlatformAction',
      () => ({ ...platform.registration(), name: 'Renamed LMS' }),
      ['instructor'],
    ],
    [async () => (await import('@/app/instructor/lti/actions/rotate-keys')).rotateKeysAction as Action, 'rotateKeysAction', () => ({}), ['instructor']],
    [
      async () => (await import('@/app/instructor/lti/actions/create-registration-url')).createRegistrationUrlAction as Action,
      'createRegistrationUrlAction',
      () => ({}),
      ['instructor'],
    ],
    [
      async () => (await import('@/app/instructor/lti/actions/approve-course')).approveCourseAction as Action,
      'approveCourseAction',
      () => ({ contextId, approved: true }),
      ['instructor'],
    ],
    [
      async () => (await import('@/app/instructor/lti/actions/sync-roster')).syncRosterAction as Action,
      'syncRosterAction',
      () => ({ contextId }),
      ['ta', 'instructor'],
    ],
    [
      async () => (await import('@/app/instructor/gradebook/canvas-preview/preview-canvas-import')).previewCanvasImportAction as Action,
      'previewCanvasImportAction',
      () => ({ csv: 'Student,ID,SIS User ID,SIS Login ID,Section\nPoints Possible,,,,\n' }),
      ['ta', 'instructor'],
    ],
  ]
  for (const [load, name, input, allowed] of ACTIONS) {
    it(`${name}: 401 anonymous, 403 student${allowed.includes('ta') ? '' : ' and TA'}, allowed for ${allowed.join(' and ')}`, async () => {
      const action = await load()
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

  it('the deep-linking post is refused to anonymous callers and students', async () => {
    const { POST } = await import('@/app/api/lti/deep-link/route')
    const call = () =>
      POST(new Request(`${APP}/api/lti/deep-link`, { method: 'POST', body: new URLSearchParams({ ticket: 'x', resource: 'assignment:opcode-counter' }) }), {
        params: Promise.resolve({}),
      })
    as('anonymous')
    expect((await call()).status).toBe(401)
    as('student')
    expect((await call()).status).toBe(403)
  })

  it('the removal action refuses TAs and removes the platform for an instructor', async () => {
    const { removePlatformAction } = await import('@/app/instructor/lti/actions/remove-platform')
    const id = (await prisma.ltiPlatform.findFirstOrThrow({ where: { issuer: platform.issuer } })).id
    as('ta')
    expect(await removePlatformAction({ id })).toMatchObject({ ok: false, status: 403 })
    as('instructor')
    expect(await removePlatformAction({ id })).toMatchObject({ ok: true })
    expect(await prisma.ltiPlatform.count({ where: { id } })).toBe(0)
  })
})
