import Link from 'next/link'

export default function NotFound() {
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title">404 · Not found</h1>
      <p>There is nothing here, or it is not yours to see.</p>
      <p>
        <Link href="/">Back to the course</Link>
      </p>
    </section>
  )
}
