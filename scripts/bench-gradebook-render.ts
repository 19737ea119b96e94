// Server-side rendering of the gradebook table for scripts/bench-gradebook.ts, outside Next: the client component
// needs the App Router's contexts, given here as inert stand-ins.
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime'
import { PathnameContext } from 'next/dist/shared/lib/hooks-client-context.shared-runtime'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'

import { GradebookTable } from '@/components/gradebook/gradebook-table'
import type { Gradebook } from '@/lib/gradebook/gradebook'

const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} }

/** The table's HTML as the server sends it (the first window of rows), or with every row (`allRows`), for comparison. */
export function renderGradebookHtml(book: Gradebook, allRows = false): string {
  const table = createElement(GradebookTable, {
    columns: book.columns,
    rows: book.rows,
    sections: book.sections,
    ...(allRows ? { windowRows: Number.POSITIVE_INFINITY } : {}),
  })
  return renderToString(
    createElement(AppRouterContext.Provider, { value: router as never }, createElement(PathnameContext.Provider, { value: '/instructor/gradebook' }, table)),
  )
}
