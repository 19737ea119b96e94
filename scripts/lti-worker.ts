// The LTI worker on its own (`npx tsx scripts/lti-worker.ts`): grade passback, its sweep and the daily roster sync,
// for a deployment (or a test) that runs the grading worker elsewhere. `npm run worker` starts the same thing.
import { prisma } from '@/lib/db/prisma'
import { startLtiWorker } from '@/lib/lti/worker'

import { loadDotEnv } from './lib/setup.mjs'

loadDotEnv()
const log = (...parts: unknown[]) => console.log(new Date().toISOString(), ...parts)
const lti = startLtiWorker(log)
log('LTI worker ready')
const stop = async () => {
  await lti.close()
  await prisma.$disconnect()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
