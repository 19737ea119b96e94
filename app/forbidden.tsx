import Link from 'next/link'

export default function Forbidden() {
  return (
    <section aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">403 · Not for your role</h1>
      <p>This page is for course staff. If you think you should have access, ask an instructor to change your role.</p>
      <p>
        <Link href="/">Back to the course</Link>
      </p>
    </section>
  )
}
