'use client'

import { usePathname } from 'next/navigation'
import { useEffect, useState, type ReactNode } from 'react'

/**
 * On a phone the navigation and account links fold behind a "Menu" button (the header would otherwise take a third
 * of the screen); on wider screens they are always shown and the button is hidden. It folds again after a navigation.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false)
  const pathname = usePathname()
  // biome-ignore lint/correctness/useExhaustiveDependencies: a navigation (a new pathname) folds the menu again
  useEffect(() => setOpen(false), [pathname])
  return (
    <>
      <button type="button" className="secondary site-menu-button" aria-expanded={open} aria-controls="site-menu" onClick={() => setOpen(!open)}>
        {open ? 'Close menu' : 'Menu'}
      </button>
      <div id="site-menu" className="site-menu" data-open={open ? 'true' : 'false'}>
        {children}
      </div>
    </>
  )
}
