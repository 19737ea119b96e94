import Link from 'next/link'

import { CITED_VERSION } from '@/lib/source/line-map'
import { extractedTreeVersions, servedTreeVersion } from '@/lib/source/served-tree'

/** Which tree the student-facing source viewer serves, and what to do when it has none. */
export function SourceViewerStatus() {
  const versions = extractedTreeVersions()
  const served = servedTreeVersion(versions)
  return (
    <section aria-labelledby="viewer-title" data-testid="source-viewer-status">
      <h2 id="viewer-title">Source viewer</h2>
      {served ? (
        <p>
          The <Link href="/source">source viewer</Link> serves the CPython {served} tree.
          {served !== CITED_VERSION && (
            <>
              {' '}
              Line references in the content are written against {CITED_VERSION} and are mapped to {served} through a diff of the two versions.
            </>
          )}
          {versions.length > 1 && <> Also extracted: {versions.filter((v) => v !== served).join(', ')}.</>}
        </p>
      ) : (
        <p className="notice error">
          No pristine CPython tree is extracted, so students see &ldquo;The CPython source viewer is not available&rdquo; on every source link. Run{' '}
          <code>npm run grader:image</code> (or <code>npm start</code>) on this server to unpack it.
        </p>
      )}
    </section>
  )
}
