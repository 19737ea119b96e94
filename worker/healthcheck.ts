// Container health check for the worker: healthy while this host's worker has a live heartbeat in Redis.
import { hostname } from 'node:os'

import { liveWorkers } from '@/lib/queue/heartbeat'
import { createRedis } from '@/lib/queue/redis'

const redis = createRedis('client')
liveWorkers(redis)
  .then((workers) => {
    const mine = workers.filter((w) => w.workerId.startsWith(`${hostname()}-`))
    redis.disconnect()
    process.exit(mine.length > 0 ? 0 : 1)
  })
  .catch(() => process.exit(1))
