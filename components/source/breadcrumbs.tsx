import Link from 'next/link'

import { treeHref } from './file-tree'
import styles from './source.module.css'

export function Breadcrumbs({ path, version }: { path: string; version: string }) {
  const parts = path.split('/').filter(Boolean)
  return (
    <nav aria-label="Path" className={styles.breadcrumbs}>
      <Link href="/source">cpython-{version}</Link>
      {parts.map((part, i) => {
        const p = parts.slice(0, i + 1).join('/')
        const last = i === parts.length - 1
        return (
          <span key={p}>
            {' / '}
            {last ? <span aria-current="page">{part}</span> : <Link href={treeHref(p)}>{part}</Link>}
          </span>
        )
      })}
    </nav>
  )
}
