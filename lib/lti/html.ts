import { escapeAttribute, escapeHtml } from '@/lib/markdown/escape'

/**
 * The LTI pages' own policy (the site-wide one skips /api/lti/): their inline style and script only, fetches to
 * this app, a form post back to whichever LMS launched them (deep linking), framed by any LMS.
 */
export const LTI_PAGE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; form-action https: http:; frame-ancestors *; base-uri 'none'"

const page = (title: string, body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>` +
      `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}a.button,button{display:inline-block;padding:.5rem 1rem;border:1px solid #333;border-radius:4px;background:#f4f4f4;color:#000;text-decoration:none;cursor:pointer}</style></head>` +
      `<body>${body}</body></html>`,
    // LTI pages open inside the LMS's iframe, whichever LMS that is; they hold no action a framing page could
    // trick anyone into (with frame-ancestors present, browsers ignore the site-wide X-Frame-Options)
    { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': LTI_PAGE_POLICY, ...headers } },
  )

/** A launch that failed: what went wrong and what to do, inside the LMS's frame. */
export function launchErrorPage(message: string, status: number): Response {
  return page('Could not open this from the LMS', `<h1>Could not open this from the LMS</h1><p role="alert">${escapeHtml(message)}</p>`, status)
}

/**
 * After a launch: the session cookie is set; check from the page that the browser kept it (a frame with
 * third-party cookies blocked drops it) and go on, or offer to continue in a new window with a one-time ticket.
 */
export function launchContinuePage(opts: { setCookie: string; redirectTo: string; continueUrl: string }): Response {
  const to = JSON.stringify(opts.redirectTo).replace(/</g, '\\u003c')
  const body =
    `<h1>Signing you in…</h1>` +
    `<div id="blocked" hidden><p>Your browser blocks the cookies this course needs inside the LMS page.</p>` +
    `<p><a class="button" id="new-window" href="${escapeAttribute(opts.continueUrl)}" target="_blank" rel="noopener">Open in a new window</a></p></div>` +
    `<noscript><p><a href="${escapeAttribute(opts.redirectTo)}">Continue</a></p></noscript>` +
    `<script>fetch('/api/lti/session',{credentials:'include',cache:'no-store'}).then(function(r){return r.json()}).then(function(s){` +
    `if(s.signedIn){location.replace(${to})}else{document.getElementById('blocked').hidden=false}` +
    `}).catch(function(){document.getElementById('blocked').hidden=false})</script>`
  return page('Signing you in', body, 200, { 'Set-Cookie': opts.setCookie })
}

/** Send the deep-linking response back to the platform: an auto-submitted form post of the signed JWT. */
export function deepLinkReturnPage(returnUrl: string, jwt: string): Response {
  const body =
    `<p>Adding the content to your LMS course…</p>` +
    `<form id="return" method="post" action="${escapeAttribute(returnUrl)}"><input type="hidden" name="JWT" value="${escapeAttribute(jwt)}"><noscript><button>Continue</button></noscript></form>` +
    `<script>document.getElementById('return').submit()</script>`
  return page('Adding content', body)
}
