import type { Metadata } from 'next'

import { GradebookTable } from '@/components/gradebook/gradebook-table'
import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { loadGradebook } from '@/lib/gradebook/gradebook'

export const metadata: Metadata = { title: 'Gradebook' }
export const dynamic = 'force-dynamic'

export default async function GradebookPage() {
  await requirePageUser(STAFF, '/instructor/gradebook')
  const book = await loadGradebook()
  const w = book.settings.weights
  return (
    <>
      <div className="row">
        <h1>Gradebook</h1>
        <p style={{ margin: 0 }}>
          <a className="button secondary" href="/api/instructor/exports/gradebook" download>
            Export for Canvas (CSV)
          </a>{' '}
          <a className="button secondary" href="/instructor/gradebook/canvas-preview">
            Preview a Canvas import
          </a>{' '}
          <a className="button secondary" href="/instructor/quizzes">
            Quiz analytics
          </a>
        </p>
      </div>
      <p className="hint">
        Homework counts {w.homework} and quizzes {w.quizzes} (weights from course.yaml, normalised). Category totals are over what is graded or past due:
        missing work counts 0, work waiting for grading does not count yet. Quiz points are the best attempt of each question.
      </p>
      {book.rows.length === 0 ? (
        <p className="notice info">No students yet. Import a roster on the Students page; students appear here once they sign in.</p>
      ) : (
        <GradebookTable columns={book.columns} rows={book.rows} sections={book.sections} />
      )}
      <p className="hint num">
        {book.rows.length} students × {book.columns.length} columns · data {Math.round(book.timings.queryMs)} ms · computed {Math.round(book.timings.computeMs)}{' '}
        ms
      </p>
    </>
  )
}
