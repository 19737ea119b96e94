import { withAuth } from '@/lib/auth/guards'
import { AppError } from '@/lib/http/errors'
import { transcriptFor } from '@/lib/lectures/transcript'

export const dynamic = 'force-dynamic'

/** The caller's view of a lecture's transcript: `{ cues, hiddenAfter }` (cues past an unanswered required question are left out). */
export const GET = withAuth<{ slug: string }>(async (_req, { user, params }) => {
  const view = await transcriptFor(user, params.slug)
  if (view === undefined) throw new AppError(404, 'unknown_lecture', `There is no lecture "${params.slug}".`)
  if (view === null)
    throw new AppError(
      404,
      'no_transcript',
      `Lecture "${params.slug}" has no transcript yet. Staff add one as quizzes/<lecture>.vtt and run npm run content:sync.`,
    )
  return Response.json(view, { headers: { 'Cache-Control': 'no-store' } })
})
