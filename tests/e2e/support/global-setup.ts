// Playwright global setup: one environment (database, build, server) for the whole e2e run.
//   E2E_BASE_URL=http://localhost:3000 E2E_DATABASE_URL=… npx playwright test   reuse a server you started
//   E2E_SKIP_BUILD=1 npx playwright test                                        reuse the last .next build
import fs from 'node:fs'
import path from 'node:path'

import { ROOT, startE2eEnvironment } from './environment'

export default async function globalSetup() {
  if (process.env.E2E_BASE_URL) {
    console.log(`[e2e] using the running app at ${process.env.E2E_BASE_URL}`)
    return
  }
  const skipBuild = process.env.E2E_SKIP_BUILD === '1' && fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))
  const env = await startE2eEnvironment({ build: !skipBuild })
  // workers start after global setup and inherit these
  process.env.E2E_BASE_URL = env.baseURL
  process.env.E2E_DATABASE_URL = env.databaseUrl
  // a suite that starts its own grading worker (workbench.spec.ts) needs the server's queue
  process.env.E2E_QUEUE_PREFIX = env.queuePrefix
  process.env.E2E_AUTH_SECRET = env.authSecret
  process.env.E2E_NEXT_DIR = path.join(ROOT, '.next')
  return async () => {
    await env.stop()
  }
}
