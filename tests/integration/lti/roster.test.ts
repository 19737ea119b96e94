// Roster sync (NRPS) against the test platform's paged membership service, and what it means for access: the real
// currentUser() (only next-auth's cookie reading is replaced) stops recognising a member the LMS course dropped.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { currentUser } from '@/lib/auth/session'
import { prisma } from '@/lib/db/prisma'
import { syncRoster } from '@/lib/lti/nrps'

import { syncRealContent } from '../../support/fixtures'
import { ROLE, type TestPlatform } from '../../support/lti-platform'

import { configureToolEnv, fullLaunch, sessionUserId, startPlatformAndRegister } from './lti-helpers'

const session = vi.hoisted(() => ({ uid: null as string | null }))
vi.mock('next-auth', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next-auth')>()),
  getServerSession: async () => (session.uid ? { user: { id: session.uid } } : null),
}))

configureToolEnv()
let platform: TestPlatform
let contextId: string
const alice = { sub: 'nrps-alice', name: 'Alice Active', email: 'alice@uni.example', roles: [ROLE.learner] }
const bob = { sub: 'nrps-bob', name: 'Bob Leaver', email: 'bob@uni.example', roles: [ROLE.learner] }
const carol = { sub: 'nrps-carol', name: 'Carol Never-launched', roles: [ROLE.ta] }
const prof = { sub: 'nrps-prof', name: 'Prof Essor', roles: [ROLE.instructor] }

beforeAll(async () => {
  await syncRealContent()
  platform = (await startPlatformAndRegister({ contextId: 'nrps-course' })).platform
  await fullLaunch(platform, { user: alice })
  await fullLaunch(platform, { user: bob })
  contextId = (await prisma.ltiContext.findFirstOrThrow({ where: { contextId: 'nrps-course' } })).id
  platform.members.push({ ...alice, status: 'Active' }, { ...bob, status: 'Active' }, { ...carol, status: 'Active' }, { ...prof, status: 'Active' })
})
afterAll(async () => platform?.close())

const userOf = async (sub: string) => (await prisma.ltiUserLink.findFirstOrThrow({ where: { sub } })).userId

describe('NRPS roster sync', () => {
  it('reads every page of members and creates the ones who never launched, matched by sub, with their LMS role', async () => {
    platform.state.pageSize = 3 // four members: two pages
    const r = await syncRoster(contextId)
    expect(r).toEqual({ active: 4, added: 2, removed: 0 })
    const carolUser = await prisma.user.findUniqueOrThrow({ where: { id: await userOf('nrps-carol') } })
    expect(carolUser).toMatchObject({ name: 'Carol Never-launched', role: 'TA' })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: await userOf('nrps-prof') } })).role).toBe('INSTRUCTOR')
    expect((await prisma.ltiContext.findUniqueOrThrow({ where: { id: contextId } })).rosterSyncedAt).not.toBeNull()
  })

  it('takes access away from a member who left the LMS course, and gives it back when they launch again', async () => {
    const bobId = await userOf('nrps-bob')
    session.uid = bobId
    expect((await currentUser())?.id).toBe(bobId)
    platform.members.splice(
      platform.members.findIndex((m) => m.sub === 'nrps-bob'),
      1,
    )
    const r = await syncRoster(contextId)
    expect(r.removed).toBe(1)
    expect(await currentUser()).toBeNull()
    // others keep theirs
    session.uid = await userOf('nrps-alice')
    expect(await currentUser()).not.toBeNull()
    // the LMS lists Bob again and he launches: access is back
    const again = await fullLaunch(platform, { user: bob })
    expect(await sessionUserId(again.res)).toBe(bobId)
    session.uid = bobId
    expect((await currentUser())?.id).toBe(bobId)
  })

  it('treats a member the platform marks Inactive as gone, and never removes anyone when the platform is down', async () => {
    platform.members.find((m) => m.sub === 'nrps-alice')!.status = 'Inactive'
    platform.members.push({ ...bob, status: 'Active' })
    await syncRoster(contextId)
    session.uid = await userOf('nrps-alice')
    expect(await currentUser()).toBeNull()
    platform.state.down = true
    await expect(syncRoster(contextId)).rejects.toThrow(/HTTP 503/)
    platform.state.down = false
    const ctx = await prisma.ltiContext.findUniqueOrThrow({ where: { id: contextId } })
    expect(ctx.rosterSyncError).toMatch(/503/)
    expect(await prisma.ltiMembership.count({ where: { contextId, active: true } })).toBe(3)
  })

  it('refuses to remove everyone when the platform lists no active member at all', async () => {
    const saved = platform.members.splice(0, platform.members.length)
    await expect(syncRoster(contextId)).rejects.toThrow(/listed no active members .* nobody was removed/)
    expect(await prisma.ltiMembership.count({ where: { contextId, active: true } })).toBe(3)
    platform.members.push(...saved)
  })
})
