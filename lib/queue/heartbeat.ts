import type { Redis } from 'ioredis'

import { queuePrefix } from '@/lib/config/env'

export const HEARTBEAT_TTL_SECONDS = 30

const key = (workerId: string) => `${queuePrefix()}:worker:${workerId}`

export type WorkerBeat = {
  workerId: string
  at: string
  running: number
  concurrency: number
  /** the image ID the worker grades with (pinned at start) */
  image?: string
  /** the tag it was resolved from */
  imageRef?: string
  /** the host: Docker engine and worker id */
  engine?: string
  cpythonVersion?: string
  baselineWarning?: string
}

export async function beat(redis: Redis, info: WorkerBeat): Promise<void> {
  await redis.set(key(info.workerId), JSON.stringify(info), 'EX', HEARTBEAT_TTL_SECONDS)
}

export async function clearBeat(redis: Redis, workerId: string): Promise<void> {
  await redis.del(key(workerId))
}

/** Workers that have reported within the last HEARTBEAT_TTL_SECONDS. */
export async function liveWorkers(redis: Redis): Promise<WorkerBeat[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${queuePrefix()}:worker:*`, 'COUNT', 100)
    cursor = next
    keys.push(...batch)
  } while (cursor !== '0')
  if (keys.length === 0) return []
  const values = await redis.mget(...keys)
  return values.flatMap((v) => {
    try {
      return v ? [JSON.parse(v) as WorkerBeat] : []
    } catch {
      return []
    }
  })
}
