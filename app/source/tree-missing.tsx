export function TreeMissing() {
  return (
    <>
      <h1>CPython source</h1>
      <p className="notice warn">
        The pristine CPython tree has not been extracted on this server yet. <code>npm start</code> (or <code>npm run grader:image</code>) unpacks it from the
        same tarball the grader image is built from.
      </p>
    </>
  )
}
