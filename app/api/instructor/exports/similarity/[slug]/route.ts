import { withAuth } from '@/lib/auth/guards'
import { STAFF } from '@/lib/auth/roles'
import { toCsv } from '@/lib/csv/csv'
import { csvResponse, exportFileName } from '@/lib/gradebook/exports'
import { similarityCsvRows } from '@/lib/similarity/results'

export const dynamic = 'force-dynamic'

/** The newest finished similarity check of one assignment: one row per pair that shares anything, most similar first. */
export const GET = withAuth<{ slug: string }>(
  async (_req, { params }) => csvResponse(toCsv(await similarityCsvRows(params.slug), { bom: true }), exportFileName(`${params.slug}-similarity`)),
  { roles: STAFF },
)
