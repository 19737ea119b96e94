import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { BackLinks } from '@/components/source/back-links'
import { Breadcrumbs } from '@/components/source/breadcrumbs'
import { FileTree, treeHref } from '@/components/source/file-tree'
import { MonacoViewer } from '@/components/source/monaco-viewer'
import styles from '@/components/source/source.module.css'
import { requirePageUser } from '@/lib/auth/guards'
import { isStaff } from '@/lib/auth/roles'
import { backLinksFor } from '@/lib/source/backlinks'
import { parseLineRange } from '@/lib/source/links'
import { languageForPath, sourceTree, treePathFromSegments } from '@/lib/source/tree'
import { mapCitedRange } from '@/lib/source/version-map'

import { TreeVersionNote } from '../tree-version-note'

import { TreeMissing } from '../tree-missing'

export const dynamic = 'force-dynamic'

type Params = { path: string[] }

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = treePathFromSegments((await params).path)
  return { title: p ? p : 'CPython source' }
}

type Search = { lines?: string | string[]; v?: string | string[]; tree?: string | string[] }
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined)

export default async function SourcePathPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const { path: segments } = await params
  const relPath = treePathFromSegments(segments)
  const user = await requirePageUser(undefined, relPath ? treeHref(relPath) : '/source')
  // `..`, absolute paths, encoded separators and anything not in the tree's file list: 404
  if (relPath === null) notFound()
  const search = await searchParams
  const asked = one(search.tree)
  const tree = await sourceTree(asked && /^\d+\.\d+\.\d+$/.test(asked) ? asked : undefined)
  if (!tree) return <TreeMissing staff={isStaff(user.role)} askedVersion={asked} />

  if (tree.isDirectory(relPath)) {
    const entries = tree.list(relPath)
    return (
      <>
        <h1 className={styles.breadcrumbs}>{relPath}/</h1>
        <div className={styles.layout}>
          <FileTree tree={tree} current={relPath} />
          <div>
            <Breadcrumbs path={relPath} version={tree.version} />
            <TreeVersionNote version={tree.version} path={relPath} />
            <ul aria-label={`Contents of ${relPath}`} style={{ columns: '16rem', marginTop: '0.75rem' }}>
              {entries.map((e) => (
                <li key={e.path}>
                  <Link href={treeHref(e.path)} prefetch={false}>
                    {e.name}
                    {e.kind === 'dir' ? '/' : ''}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </div>
      </>
    )
  }

  if (!tree.hasFile(relPath)) notFound()
  const [file, backLinks] = await Promise.all([tree.read(relPath), backLinksFor(relPath, user)])
  const cited = parseLineRange(one(search.lines) ?? null)
  const citedVersion = one(search.v)
  // a reference written against another version (the content cites 2.7.8) goes through the two versions' diff
  const mapped = cited && citedVersion && /^\d+\.\d+\.\d+$/.test(citedVersion) ? mapCitedRange(relPath, cited, citedVersion, tree.version) : null
  const range = mapped ? mapped.range : cited

  return (
    <>
      <h1 className={styles.breadcrumbs} style={{ fontSize: '1.3rem' }}>
        {relPath}
      </h1>
      <div className={styles.layout}>
        <FileTree tree={tree} current={relPath} />
        <div style={{ minWidth: 0 }}>
          <Breadcrumbs path={relPath} version={tree.version} />
          <TreeVersionNote
            version={tree.version}
            path={relPath}
            mapping={
              cited && citedVersion && citedVersion !== tree.version && mapped ? { citedVersion, cited, range: mapped.range, known: mapped.mapped } : undefined
            }
          />
          {file.kind === 'text' ? (
            <>
              {range && range.start > file.lineCount && (
                <p className="notice warn">
                  This file has {file.lineCount} lines; line {range.start} does not exist in CPython {tree.version}.
                </p>
              )}
              <MonacoViewer path={relPath} text={file.text} language={languageForPath(relPath)} lineCount={file.lineCount} range={range} />
            </>
          ) : (
            <p className="notice info">
              {file.kind === 'binary' ? 'This is a binary file' : 'This file is too large to show'} ({file.bytes.toLocaleString('en-US')} bytes).
            </p>
          )}
          <BackLinks links={backLinks} path={relPath} questionsAfterAnswering={!isStaff(user.role)} />
        </div>
      </div>
    </>
  )
}
