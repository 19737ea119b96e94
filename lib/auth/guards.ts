import 'server-only'

import { forbidden as forbiddenPage, redirect } from 'next/navigation'
import type { z } from 'zod'

import { appUrl } from '@/lib/config/env'
import type { Prisma } from '@/lib/db/generated/client'
import { prisma } from '@/lib/db/prisma'
import { AppError, errorBody } from '@/lib/http/errors'
import { describeScope, scopeAllows } from '@/lib/tokens/scopes'

import { crossSiteRefusal, originOf } from './cross-site'
import type { Role } from './roles'
import { authorize, claimsFromRequest, currentUser, sessionFactsSql, type SessionFacts, userFromApiToken, userFromSessionFacts } from './session'
import type { SessionUser } from './users'

/**
 * For pages: an anonymous visitor is sent to sign in (and brought back), a signed-in user without the role
 * gets the 403 page.
 */
export async function requirePageUser(roles?: readonly Role[], returnTo?: string): Promise<SessionUser> {
  const user = await currentUser()
  if (!user) redirect(`/signin${returnTo ? `?callbackUrl=${encodeURIComponent(returnTo)}` : ''}`)
  if (roles && !roles.includes(user.role)) forbiddenPage()
  return user
}

type RouteContext<P> = { params: Promise<P> }
type AuthedRouteHandler<P> = (req: Request, ctx: { user: SessionUser; params: P }) => Promise<Response>

/**
 * For route handlers: the session cookie or, when `apiTokens` is set, a personal API token. Errors become
 * `{ error: { code, message } }` with their status; unexpected ones are logged and shown generically.
 * - Cookie: a state-changing request must come from the app's own pages (M5, lib/auth/cross-site.ts); a
 *   cross-site one is refused with 403 before anything is read or stored.
 * - Token: only on the routes its scope names (lib/tokens/scopes.ts), and with at most student rights whatever
 *   the owner's role (L9): a staff member's terminal token reads and submits only their own work.
 */
export function withAuth<P = Record<string, string>>(handler: AuthedRouteHandler<P>, options: { roles?: readonly Role[]; apiTokens?: boolean } = {}) {
  return jsonErrors<P>(async (req, ctx) => {
    const authorization = req.headers.get('authorization')
    let user: SessionUser | null
    if (options.apiTokens && authorization) {
      const token = await userFromApiToken(authorization)
      if (!token) throw new AppError(401, 'invalid_token', 'That API token is unknown, revoked or expired. Create a new one in Settings.')
      const { pathname } = new URL(req.url)
      if (!scopeAllows(token.scope, req.method, pathname))
        throw new AppError(
          403,
          'token_scope',
          `API tokens work only for ${describeScope(token.scope)}; ${req.method} ${pathname} needs you signed in in the browser.`,
        )
      user = { ...token.user, role: 'STUDENT' }
    } else {
      refuseCrossSite(req)
      user = await currentUser(req)
    }
    const authed = authorize(user, options.roles)
    return await handler(req, { user: authed, params: (await ctx?.params) ?? ({} as P) })
  })
}

type ReadRouteHandler<P, R> = (req: Request, ctx: { user: SessionUser; params: P; row: R | null }) => Promise<Response>

/**
 * withAuth (session cookie only) for a hot route whose first read can share the session check's round trip:
 * `read(uid, params)` is that read as one SQL expression (a JSON value, or NULL), evaluated in the same statement
 * as the session's facts (sessionFactsSql). The session is checked exactly as withAuth checks it, and the row
 * reaches the handler only once it has passed: a refused session gets its 401/403 and nothing of the row. The
 * cross-site refusal comes before anything is read.
 */
export function withAuthAndRead<P, R>(
  read: (uid: string, params: P) => Prisma.Sql,
  handler: ReadRouteHandler<P, R>,
  options: { roles?: readonly Role[] } = {},
) {
  return jsonErrors<P>(async (req, ctx) => {
    refuseCrossSite(req)
    const params = (await ctx?.params) ?? ({} as P)
    const claims = await claimsFromRequest(req)
    let user: SessionUser | null = null
    let row: R | null = null
    if (claims && typeof claims.uid === 'string') {
      const rows = await prisma.$queryRaw<{ facts: SessionFacts | null; row: R | null }[]>`
        SELECT ${sessionFactsSql(claims.uid)} AS facts, ${read(claims.uid, params)} AS row`
      user = await userFromSessionFacts(claims, rows[0]?.facts ?? null)
      row = rows[0]?.row ?? null
    }
    const authed = authorize(user, options.roles)
    return await handler(req, { user: authed, params, row })
  })
}

function refuseCrossSite(req: Request): void {
  const refusal = crossSiteRefusal(req, originOf(appUrl()))
  if (refusal) throw new AppError(403, 'cross_site_request', refusal)
}

/** Errors become `{ error: { code, message } }` with their status; unexpected ones are logged and shown generically. */
function jsonErrors<P>(run: (req: Request, ctx: RouteContext<P>) => Promise<Response>) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      return await run(req, ctx)
    } catch (error) {
      const { status, body } = errorBody(error)
      return Response.json(body, { status })
    }
  }
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; error: { code: string; message: string; fieldErrors?: Record<string, string[]> } }

/**
 * For server actions: check the session and role, parse the input with a zod schema, run the domain
 * function. Returns a result object rather than throwing, so forms can show the message.
 */
export function defineAction<S extends z.ZodType, T>(
  options: { schema: S; roles?: readonly Role[] },
  run: (input: z.output<S>, user: SessionUser) => Promise<T>,
) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    try {
      const user = authorize(await currentUser(), options.roles)
      const parsed = options.schema.safeParse(raw instanceof FormData ? Object.fromEntries(raw) : raw)
      if (!parsed.success) {
        const fieldErrors: Record<string, string[]> = {}
        for (const issue of parsed.error.issues) (fieldErrors[issue.path.join('.') || '_'] ??= []).push(issue.message)
        return { ok: false, status: 400, error: { code: 'invalid_input', message: parsed.error.issues[0]?.message ?? 'Invalid input.', fieldErrors } }
      }
      return { ok: true, data: await run(parsed.data, user) }
    } catch (error) {
      const { status, body } = errorBody(error)
      return { ok: false, status, error: body.error }
    }
  }
}
