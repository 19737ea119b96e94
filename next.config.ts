import type { NextConfig } from 'next'

// Security headers (L6, docs/decisions.md "Security headers"). The policy allows exactly what the app loads:
// its own pages, Next's inline bootstrap scripts, Monaco from /monaco (scripts, workers, inline styles), lecture
// media from /api/lectures/media, and YouTube's IFrame API script and embed frames for YouTube lectures.
const YOUTUBE_FRAMES = ['https://www.youtube-nocookie.com', 'https://www.youtube.com']

/** The site-wide policy; `ltiFrameAncestors` (LTI_FRAME_ANCESTORS, read at build time) lets LMS origins frame it (docs/lti.md). */
export function contentSecurityPolicy(ltiFrameAncestors?: string): string {
  return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'self'", `frame-ancestors 'self'${ltiFrameAncestors ? ` ${ltiFrameAncestors.trim()}` : ''}`)
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'unsafe-inline': Next's inline bootstrap and RSC payload scripts carry no nonce on prerendered pages; no
  // 'unsafe-eval' (a production build does not need it, nor does Monaco)
  "script-src 'self' 'unsafe-inline' https://www.youtube.com",
  // Monaco and React set style attributes and inject <style> elements
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self'",
  "connect-src 'self'",
  // Monaco's web workers are served from /monaco; blob: for its worker bootstrap
  "worker-src 'self' blob:",
  `frame-src ${YOUTUBE_FRAMES.join(' ')}`,
  "frame-ancestors 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "manifest-src 'self'",
].join('; ')

const delegated = `(self ${YOUTUBE_FRAMES.map((o) => `"${o}"`).join(' ')})`
export const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'midi=()',
  'display-capture=()',
  // the lecture player and the YouTube embed (components/lecture/lecture-player.tsx asks for these)
  `autoplay=${delegated}`,
  `encrypted-media=${delegated}`,
  `fullscreen=${delegated}`,
  `picture-in-picture=${delegated}`,
].join(', ')

// sent only when the request reached the proxy over https: a browser ignores HSTS over http, and a local trial
// on http://localhost must never be pinned to https
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000'

const config: NextConfig = {
  // forbidden()/unauthorized() from next/navigation render app/forbidden.tsx with a real 403
  experimental: { authInterrupts: true },
  serverExternalPackages: ['pg', 'bullmq', 'ioredis', '@prisma/adapter-pg'],
  poweredByHeader: false,
  // the pristine CPython tree, tarballs and databases under .data are read at run time, never part of the build
  outputFileTracingExcludes: { '*': ['.data/**', 'test-results/**', 'playwright-report/**'] },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: PERMISSIONS_POLICY },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
      {
        // every path but the LTI endpoints, whose small HTML pages open inside the LMS's frame and post back to it:
        // they send a policy of their own (lib/lti/html.ts)
        source: '/:path((?!api/lti/).*)',
        headers: [
          { key: 'Content-Security-Policy', value: contentSecurityPolicy(process.env.LTI_FRAME_ANCESTORS) },
          // with LMS origins allowed to frame the app, frame-ancestors decides (browsers then ignore this header)
          { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
        ],
      },
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: STRICT_TRANSPORT_SECURITY }],
      },
    ]
  },
}

export default config
