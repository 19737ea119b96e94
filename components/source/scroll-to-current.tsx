'use client'

import { useEffect, useRef } from 'react'

/** Scrolls its parent (the file tree) so the current file is in view, without scrolling the page. */
export function ScrollToCurrent() {
  const ref = useRef<HTMLSpanElement>(null)
  useEffect(() => {
    const container = ref.current?.parentElement
    const current = container?.querySelector<HTMLElement>('[aria-current="page"]')
    if (!container || !current) return
    const offset = current.getBoundingClientRect().top - container.getBoundingClientRect().top
    if (offset > container.clientHeight - 40) container.scrollTop += offset - container.clientHeight / 2
  }, [])
  return <span ref={ref} hidden />
}
