import Link from 'next/link'

import { treeHref } from '@/components/source/file-tree'
import { CITED_VERSION } from '@/lib/source/line-map'
import { extractedTreeVersions, servedTreeVersion } from '@/lib/source/served-tree'

type Range = { start: number; end: number }
const lines = (r: Range) => (r.start === r.end ? `line ${r.start}` : `lines ${r.start}–${r.end}`)

/**
 * One line saying which CPython tree this is and, when it is not the one the lectures cite, how a cited line
 * range was carried over; plus a link to the other extracted tree when this server has both.
 */
export function TreeVersionNote({
  version,
  path,
  mapping,
}: {
  version: string
  path: string
  mapping?: { citedVersion: string; cited: Range; range: Range; known: boolean }
}) {
  const served = servedTreeVersion()
  const others = extractedTreeVersions().filter((v) => v !== version)
  const otherLink = (v: string) => (
    <Link key={v} href={`${treeHref(path)}?tree=${encodeURIComponent(v)}`} prefetch={false}>
      CPython {v}
    </Link>
  )
  return (
    <p className="muted" data-testid="tree-version" data-version={version} style={{ margin: '0.25rem 0' }}>
      Showing CPython {version}
      {version === served ? ', the tree the grader builds from on this server' : ''}.{' '}
      {version !== CITED_VERSION && !mapping && <>The lectures cite line numbers of {CITED_VERSION}; their links are mapped to this tree. </>}
      {mapping?.known && (
        <>
          {lines(mapping.cited)} of {mapping.citedVersion} {mapping.cited.start === mapping.cited.end ? 'is' : 'are'} {lines(mapping.range)} here.{' '}
        </>
      )}
      {mapping && !mapping.known && (
        <>
          This link cites {lines(mapping.cited)} of {mapping.citedVersion}; this file has no line map for that version, so the numbers are shown unchanged and
          may be a little off.{' '}
        </>
      )}
      {others.length > 0 && <>Also on this server: {others.map(otherLink)}.</>}
    </p>
  )
}
