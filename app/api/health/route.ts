import { prisma } from '@/lib/db/prisma'
import { checkHealth, healthHttpStatus } from '@/lib/health/check'
import { sharedRedis } from '@/lib/queue/redis'

export const dynamic = 'force-dynamic'

export async function GET(): Promise<Response> {
  const report = await checkHealth({ prisma, redis: sharedRedis() })
  return Response.json(report, { status: healthHttpStatus(report), headers: { 'Cache-Control': 'no-store' } })
}
