import { withAuth } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { assignmentCsv, csvResponse, exportFileName } from '@/lib/gradebook/exports'

export const dynamic = 'force-dynamic'

/** One assignment, one row per student: counted submission, lateness, penalty, override and final score. */
export const GET = withAuth<{ slug: string }>(async (_req, { params }) => csvResponse(await assignmentCsv(params.slug), exportFileName(params.slug)), {
  roles: STAFF,
})
