import { withAuth } from '@/lib/auth/guards'
import { AppError } from '@/lib/http/errors'
import { toWebVtt, transcriptFor } from '@/lib/lectures/transcript'

export const dynamic = 'force-dynamic'

/** Captions for a self-hosted video: the caller's visible cues as WebVTT. */
export const GET = withAuth<{ slug: string }>(async (_req, { user, params }) => {
  const view = await transcriptFor(user, params.slug)
  if (!view) throw new AppError(404, 'no_transcript', `Lecture "${params.slug}" has no captions yet.`)
  return new Response(toWebVtt(view.cues), { headers: { 'Content-Type': 'text/vtt; charset=utf-8', 'Cache-Control': 'no-store' } })
})
