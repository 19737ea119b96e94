import { withAuth, withAuthAndRead } from '@/lib/auth/guards'
import { prisma } from '@/lib/db/prisma'
import { AppError } from '@/lib/http/errors'
import { progressUpdateSchema, type SavedProgress, savedProgressSql, storeWatchProgress, watchState } from '@/lib/lectures/progress'
import { readJsonBody } from '@/lib/http/request-body'

export const dynamic = 'force-dynamic'

/** The caller's saved position in a lecture (null before the first save). */
export const GET = withAuth<{ slug: string }>(async (_req, { user, params }) => {
  const lecture = await prisma.lecture.findUnique({ where: { slug: params.slug }, select: { id: true } })
  if (!lecture) throw new AppError(404, 'unknown_lecture', `There is no lecture "${params.slug}".`)
  return Response.json({ progress: await watchState(user.id, lecture.id) }, { headers: { 'Cache-Control': 'no-store' } })
})

/**
 * Save the caller's position: `{ position, furthest?, duration?, rate? }` in seconds. Sent by the player while
 * playing, on pause and seek, and by navigator.sendBeacon when the page is hidden. The lecture and the saved state
 * are read in the statement that checks the session, then one upsert.
 */
export const POST = withAuthAndRead<{ slug: string }, SavedProgress>(
  (uid, params) => savedProgressSql(uid, params.slug),
  async (req, { user, params, row }) => {
    const parsed = progressUpdateSchema.safeParse(await readJsonBody(req, 4096, { allowTextPlain: true }))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new AppError(
        400,
        'invalid_progress',
        `Progress is { position, furthest?, duration?, rate? } in seconds: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}.`,
      )
    }
    const progress = await storeWatchProgress(user.id, params.slug, row, parsed.data)
    return Response.json({ progress }, { headers: { 'Cache-Control': 'no-store' } })
  },
)
