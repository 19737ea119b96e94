import { Redis, type RedisOptions } from 'ioredis'

import { redisUrl } from '@/lib/config/env'

/**
 * A new Redis connection. Workers and blocking consumers need `maxRetriesPerRequest: null` (BullMQ's rule);
 * request/response callers (the web app) get a bounded retry so a Redis outage turns into an error instead of
 * a request that hangs.
 */
export function createRedis(purpose: 'worker' | 'client', extra: RedisOptions = {}): Redis {
  const client = new Redis(redisUrl(), {
    maxRetriesPerRequest: purpose === 'worker' ? null : 2,
    enableOfflineQueue: purpose === 'worker',
    connectTimeout: 5_000,
    lazyConnect: false,
    ...extra,
  })
  // ioredis reconnects by itself; without a listener every failed attempt is reported as an unhandled error.
  // Say it once per outage instead.
  let down = false
  client.on('error', (error: Error) => {
    if (down) return
    down = true
    console.warn(`Redis at ${redisUrl()} is unavailable (${error.message}); reconnecting`)
  })
  client.on('ready', () => {
    if (down) console.warn(`Redis at ${redisUrl()} is back`)
    down = false
  })
  return client
}

const globalForRedis = globalThis as unknown as { cpythonCourseRedis?: Redis }

/** The process-wide client connection for short commands (health, publish, rate limits). */
export function sharedRedis(): Redis {
  globalForRedis.cpythonCourseRedis ??= createRedis('client', { enableOfflineQueue: true })
  return globalForRedis.cpythonCourseRedis
}
