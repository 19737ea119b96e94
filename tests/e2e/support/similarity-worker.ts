// The similarity worker alone, for the e2e suite (the full worker also needs a grader image, which these tests do
// not): `node --import tsx tests/e2e/support/similarity-worker.ts` with DATABASE_URL and QUEUE_PREFIX of the app.
import { prisma } from '@/lib/db/prisma'
import { startSimilarityWorker } from '@/worker/similarity'

const log = (...parts: unknown[]) => console.log(new Date().toISOString(), ...parts)
const worker = startSimilarityWorker(prisma, log)
log('similarity worker ready')

const stop = async () => {
  await worker.close()
  await prisma.$disconnect()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
