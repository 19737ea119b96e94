import type { NextConfig } from 'next'

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
          { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
          // LTI: the LMS origins allowed to frame the app (docs/lti.md); read when the app is built
          ...(process.env.LTI_FRAME_ANCESTORS ? [{ key: 'Content-Security-Policy', value: `frame-ancestors 'self' ${process.env.LTI_FRAME_ANCESTORS}` }] : []),
        ],
      },
    ]
  },
}

export default config
