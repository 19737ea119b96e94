// What a personal API token may reach (L9). A token acts with at most student rights, whatever its owner's
// role (lib/auth/guards.ts), and only on the routes its scope lists: a route handler that passes
// `apiTokens: true` to withAuth still refuses a token whose scope does not name that method and path.
import type { ApiTokenScope } from '@/lib/db/generated/enums'

export type { ApiTokenScope }

type RouteRule = { method: string; path: RegExp; what: string }

const SEGMENT = '[^/]+'

export const TOKEN_SCOPES: Record<ApiTokenScope, readonly RouteRule[]> = {
  SUBMIT: [
    { method: 'POST', path: new RegExp(`^/api/assignments/${SEGMENT}/submissions/?$`), what: 'POST /api/assignments/<slug>/submissions' },
    { method: 'GET', path: new RegExp(`^/api/submissions/${SEGMENT}/?$`), what: 'GET /api/submissions/<id>' },
    { method: 'GET', path: new RegExp(`^/api/submissions/${SEGMENT}/events/?$`), what: 'GET /api/submissions/<id>/events' },
  ],
}

export const DEFAULT_TOKEN_SCOPE: ApiTokenScope = 'SUBMIT'

/** Whether a token of this scope may be used for `method` on `pathname`. HEAD counts as GET. */
export function scopeAllows(scope: ApiTokenScope, method: string, pathname: string): boolean {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase()
  return (TOKEN_SCOPES[scope] ?? []).some((rule) => rule.method === m && rule.path.test(pathname))
}

export function describeScope(scope: ApiTokenScope): string {
  return (TOKEN_SCOPES[scope] ?? []).map((r) => r.what).join(', ')
}
