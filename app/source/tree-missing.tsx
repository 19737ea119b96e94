/**
 * No pristine tree to show. Students get a plain sentence; staff also get what to run, and the same status shows
 * on the instructor's content status page.
 */
export function TreeMissing({ staff = false, askedVersion }: { staff?: boolean; askedVersion?: string }) {
  if (askedVersion) {
    return (
      <>
        <h1>CPython source</h1>
        <p className="notice warn">
          This server has no CPython {askedVersion} tree. <a href="/source">Open the tree it does have</a>.
        </p>
      </>
    )
  }
  return (
    <>
      <h1>CPython source</h1>
      <p className="notice warn">
        The CPython source viewer is not available on this server right now. The course staff can see why on their content status page; please try again later.
      </p>
      {staff && (
        <p className="notice info" data-testid="tree-missing-staff">
          For staff: no pristine CPython tree is extracted under the CPython cache directory. Run <code>npm run grader:image</code> (or <code>npm start</code>),
          which unpacks the tarball the grader image is built from; the viewer then serves that tree.
        </p>
      )}
    </>
  )
}
