import { withAuth } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { canvasGradebookCsv, csvResponse, exportFileName } from '@/lib/gradebook/exports'

export const dynamic = 'force-dynamic'

/** The gradebook as CSV in Canvas's gradebook-import layout. */
export const GET = withAuth(async () => csvResponse(await canvasGradebookCsv(), exportFileName('gradebook')), { roles: STAFF })
