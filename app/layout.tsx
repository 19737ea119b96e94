import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'

import { SiteHeader } from '@/components/site-header'
import { currentUser } from '@/lib/auth/session'

import './globals.css'

export const metadata: Metadata = {
  title: { default: 'CPython internals', template: '%s · CPython internals' },
  description: 'Lectures, in-video quizzes and autograded CPython patches for a course on the Python 2.7 interpreter.',
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser()
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader user={user} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">CPython internals · a codewalk through the Python 2.7.8 interpreter</footer>
      </body>
    </html>
  )
}
