import type { Metadata } from 'next'
import Link from 'next/link'

import { Breadcrumbs } from '@/components/source/breadcrumbs'
import { FileTree, treeHref } from '@/components/source/file-tree'
import styles from '@/components/source/source.module.css'
import { requirePageUser } from '@/lib/auth/guards'
import { isStaff } from '@/lib/auth/roles'
import { sourceTree } from '@/lib/source/tree'

import { TreeMissing } from './tree-missing'
import { TreeVersionNote } from './tree-version-note'

export const dynamic = 'force-dynamic'
export const metadata: Metadata = { title: 'CPython source' }

const MAX_RESULTS = 200

export default async function SourceIndexPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const user = await requirePageUser(undefined, '/source')
  const tree = await sourceTree()
  if (!tree) return <TreeMissing staff={isStaff(user.role)} />
  const { q } = await searchParams
  const query = (typeof q === 'string' ? q : '').trim().slice(0, 100)
  const needle = query.toLowerCase()
  const matches = needle ? tree.files().filter((f) => f.toLowerCase().includes(needle)) : []
  return (
    <>
      <h1>CPython {tree.version} source</h1>
      <TreeVersionNote version={tree.version} path="" />
      <p className="muted">
        The pristine tree the lectures walk through and the homework patches apply to: {tree.fileCount.toLocaleString('en-US')} files. Chapters and quiz
        explanations link here with the lines they discuss highlighted.
      </p>
      <form className={styles.search} role="search" action="/source">
        <label htmlFor="source-q" style={{ margin: 0 }}>
          Find a file
        </label>
        <input id="source-q" name="q" type="text" defaultValue={query} placeholder="e.g. ceval.c or Objects/list" />
        <button type="submit">Search</button>
      </form>
      {needle && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">
            {matches.length === 0 ? 'No files match' : `${matches.length} file${matches.length === 1 ? '' : 's'} match`} “{query}”
          </h2>
          <ul>
            {matches.slice(0, MAX_RESULTS).map((f) => (
              <li key={f}>
                <Link href={treeHref(f)} prefetch={false}>
                  <code>{f}</code>
                </Link>
              </li>
            ))}
          </ul>
          {matches.length > MAX_RESULTS && <p className="hint">Showing the first {MAX_RESULTS}; narrow the search.</p>}
        </section>
      )}
      <div className={styles.layout}>
        <FileTree tree={tree} current="" />
        <div>
          <Breadcrumbs path="" version={tree.version} />
          <h2>Where to start</h2>
          <ul>
            <li>
              <Link href="/source/Python/ceval.c">Python/ceval.c</Link>: the bytecode interpreter loop (lectures 2, 3, 7–9)
            </li>
            <li>
              <Link href="/source/Include/object.h">Include/object.h</Link>: PyObject and PyTypeObject (lecture 4)
            </li>
            <li>
              <Link href="/source/Include/opcode.h">Include/opcode.h</Link>: the opcodes (lecture 2)
            </li>
            <li>
              <Link href="/source/Include/frameobject.h">Include/frameobject.h</Link>: frames (lecture 3)
            </li>
            <li>
              <Link href="/source/Objects">Objects/</Link>: the built-in types
            </li>
          </ul>
        </div>
      </div>
    </>
  )
}
