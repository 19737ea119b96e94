import { metricsToken } from '@/lib/config/env'
import { prisma } from '@/lib/db/prisma'
import { bearerMatches, collectMetrics } from '@/lib/metrics/prometheus'
import { gradingQueue, regradeQueue } from '@/lib/queue/grading-queue'
import { sharedRedis } from '@/lib/queue/redis'

export const dynamic = 'force-dynamic'

/**
 * Prometheus metrics (lib/metrics/prometheus.ts), for a scraper holding METRICS_TOKEN as a bearer token. Off (404)
 * while METRICS_TOKEN is unset; 401 for a missing or wrong token; 503 when PostgreSQL or Redis does not answer.
 */
export async function GET(request: Request): Promise<Response> {
  const token = metricsToken()
  const noStore = { 'Cache-Control': 'no-store' }
  if (!token) return new Response('metrics are off: set METRICS_TOKEN on the web app to enable /api/metrics\n', { status: 404, headers: noStore })
  if (!bearerMatches(request.headers.get('authorization'), token)) {
    return new Response('send the metrics token: Authorization: Bearer <METRICS_TOKEN>\n', {
      status: 401,
      headers: { ...noStore, 'WWW-Authenticate': 'Bearer realm="metrics"' },
    })
  }
  try {
    const { body, contentType } = await collectMetrics({ prisma, redis: sharedRedis(), queue: gradingQueue(), regradeQueue: regradeQueue() })
    return new Response(body, { status: 200, headers: { ...noStore, 'Content-Type': contentType } })
  } catch (error) {
    return new Response(`metrics unavailable: ${(error as Error).message}\n`, { status: 503, headers: noStore })
  }
}
