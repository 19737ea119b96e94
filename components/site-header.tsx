import Link from 'next/link'

import { isStaff } from '@/lib/auth/roles'
import type { SessionUser } from '@/lib/auth/users'

import { HeaderMenu } from './header-menu'
import { NavLinks, type NavItem } from './nav-links'
import { SignOutButton } from './sign-out-button'

const STUDENT_NAV: NavItem[] = [
  { href: '/lectures', label: 'Lectures' },
  { href: '/homework', label: 'Homework' },
  { href: '/grades', label: 'My grades' },
]
const STAFF_NAV: NavItem[] = [
  { href: '/instructor/gradebook', label: 'Gradebook', staff: true },
  { href: '/instructor/students', label: 'Students', staff: true },
  { href: '/instructor/content', label: 'Content status', staff: true },
]

export function SiteHeader({ user }: { user: SessionUser | null }) {
  const items = user ? [...STUDENT_NAV, ...(isStaff(user.role) ? STAFF_NAV : [])] : []
  return (
    <header className="site-header">
      <div className="inner">
        <Link href="/" className="brand">
          CPython internals
        </Link>
        {user ? (
          <HeaderMenu>
            <nav aria-label="Main" style={{ flex: 1 }}>
              <NavLinks items={items} />
            </nav>
            <div className="account">
              <Link href="/settings" title="Settings: API tokens and account">
                {user.name ?? user.email}
              </Link>
              <span className="role-badge">{user.role.toLowerCase()}</span>
              <SignOutButton />
            </div>
          </HeaderMenu>
        ) : (
          <>
            <nav aria-label="Main" style={{ flex: 1 }}>
              <NavLinks items={items} />
            </nav>
            <div className="account">
              <Link href="/signin" className="button">
                Sign in
              </Link>
            </div>
          </>
        )}
      </div>
    </header>
  )
}
