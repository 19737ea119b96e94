// Cross-site request refusal for cookie-authenticated, state-changing requests (M5, docs/decisions.md).
// Pure: no request context, no database, so the rule is unit-tested on its own and withAuth applies it.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

type RequestLike = { method: string; headers: { get(name: string): string | null } }

/**
 * Why a request authenticated by the session cookie must be refused as cross-site, or null when it may go on.
 * - GET, HEAD and OPTIONS change nothing and are always allowed.
 * - `Sec-Fetch-Site` (sent by every current browser) decides when present: only `same-origin` and `none`
 *   (typed into the address bar, or a bookmark) pass. `same-site` is refused: a page on a sibling subdomain of
 *   the university is exactly the attacker M5 describes.
 * - Otherwise `Origin` decides when present: it must be the app's own origin.
 * - A request with neither header did not come from a browser page (curl, a script): no browser can be made to
 *   send a cross-site request without one of them, so there is no victim to protect.
 */
export function crossSiteRefusal(req: RequestLike, appOrigin: string): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null
  const fetchSite = req.headers.get('sec-fetch-site')?.trim().toLowerCase()
  const origin = req.headers.get('origin')?.trim()
  if (fetchSite) {
    if (fetchSite === 'same-origin' || fetchSite === 'none') return null
    return refusal(origin, appOrigin)
  }
  if (origin !== undefined && origin !== '') {
    if (origin.toLowerCase() === appOrigin.toLowerCase()) return null
    return refusal(origin, appOrigin)
  }
  return null
}

function refusal(origin: string | undefined, appOrigin: string): string {
  const from = origin && origin !== 'null' ? `from ${origin}` : 'from another site'
  return `Refused a request ${from} that was signed in only by your session cookie: changes can be made only from ${appOrigin} itself. To submit from a terminal or a script, send an API token (Settings → API tokens) as "Authorization: Bearer <token>".`
}

/** The app's origin (scheme://host[:port]) from its configured URL. */
export function originOf(url: string): string {
  return new URL(url).origin
}
