import { withAuth } from '@/lib/auth/guards'
import { serveMedia } from '@/lib/lectures/media'

export const dynamic = 'force-dynamic'

/** Self-hosted lecture media from LECTURE_MEDIA_DIR, with range requests (signed-in users only). */
export const GET = withAuth<{ path: string[] }>(async (req, { params }) => serveMedia(req, params.path, 'GET'))
export const HEAD = withAuth<{ path: string[] }>(async (req, { params }) => serveMedia(req, params.path, 'HEAD'))
