import { currentUser } from '@/lib/auth/session'
import { isStaff } from '@/lib/auth/roles'
import { prisma } from '@/lib/db/prisma'
import { checkHealth, healthHttpStatus, publicHealth } from '@/lib/health/check'
import { sharedRedis } from '@/lib/queue/redis'

export const dynamic = 'force-dynamic'

/**
 * 200 while PostgreSQL and Redis answer, 503 when either does not (the compose healthcheck reads only the status).
 * Signed-in staff get the full report; everyone else only `{ status: 'up' | 'down' }`.
 */
export async function GET(): Promise<Response> {
  const report = await checkHealth({ prisma, redis: sharedRedis() })
  // with the database down there is no reading the role: that caller gets the public answer too
  const viewer = report.database.ok ? await currentUser().catch(() => null) : null
  const body = isStaff(viewer?.role) ? report : publicHealth(report)
  return Response.json(body, { status: healthHttpStatus(report), headers: { 'Cache-Control': 'no-store' } })
}
