import type { Metadata } from 'next'

import { requirePageUser } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'

import { CanvasPreviewForm } from './preview-form'

export const metadata: Metadata = { title: 'Preview a Canvas import' }
export const dynamic = 'force-dynamic'

export default async function CanvasPreviewPage() {
  await requirePageUser(STAFF, '/instructor/gradebook/canvas-preview')
  return (
    <>
      <h1>Preview a Canvas import</h1>
      <p>
        Before importing <a href="/api/instructor/exports/gradebook">our Canvas export</a> into Canvas, give the gradebook Canvas has now: this lists exactly
        which of its scores the import would overwrite. Nothing is changed here or in Canvas.
      </p>
      <CanvasPreviewForm />
    </>
  )
}
