import Link from 'next/link'

import type { SourceTree } from '@/lib/source/tree'

import { ScrollToCurrent } from './scroll-to-current'

import styles from './source.module.css'

const MAX_ENTRIES = 250

export function treeHref(p: string): string {
  return p ? `/source/${p.split('/').map(encodeURIComponent).join('/')}` : '/source'
}

/** The tree from the top, with the directories on the way to `current` opened. */
export function FileTree({ tree, current }: { tree: SourceTree; current: string }) {
  const open = new Set<string>()
  const parts = current.split('/').filter(Boolean)
  for (let i = 1; i <= parts.length; i++) open.add(parts.slice(0, i).join('/'))
  return (
    <nav className={styles.tree} aria-label="CPython source tree">
      <h2>
        <Link href="/source">CPython {tree.version}</Link>
      </h2>
      <Level tree={tree} dir="" open={open} current={current} />
      <ScrollToCurrent />
    </nav>
  )
}

function Level({ tree, dir, open, current }: { tree: SourceTree; dir: string; open: Set<string>; current: string }) {
  const entries = tree.list(dir)
  const shown = entries.slice(0, MAX_ENTRIES)
  return (
    <ul>
      {shown.map((e) => {
        const isOpen = e.kind === 'dir' && open.has(e.path)
        return (
          <li key={e.path}>
            <Link
              href={treeHref(e.path)}
              prefetch={false}
              className={e.kind === 'dir' ? (isOpen ? styles.dirOpen : styles.dirLink) : undefined}
              aria-current={e.path === current ? 'page' : undefined}
              aria-expanded={e.kind === 'dir' ? isOpen : undefined}
            >
              {e.name}
              {e.kind === 'dir' ? '/' : ''}
            </Link>
            {isOpen && <Level tree={tree} dir={e.path} open={open} current={current} />}
          </li>
        )
      })}
      {entries.length > shown.length && (
        <li className={styles.more}>
          <Link href={treeHref(dir)} prefetch={false}>
            … and {entries.length - shown.length} more
          </Link>
        </li>
      )}
    </ul>
  )
}
