import { withAuth } from '@/lib/auth/guards'
import { workbenchDraftVersions } from '@/lib/workbench/workbench'

export const dynamic = 'force-dynamic'

/** The versions of the caller's draft files (a tab coming back to the foreground compares them with its own). */
export const GET = withAuth<{ slug: string }>(async (_req, { user, params }) =>
  Response.json({ drafts: await workbenchDraftVersions(user, params.slug) }, { headers: { 'Cache-Control': 'no-store' } }),
)
