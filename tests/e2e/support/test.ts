// The e2e test object every suite imports: Playwright's test plus
// - baseURL from the environment global-setup.ts started,
// - an automatic check that no request leaves the app (any other host, http or websocket, fails the test),
// - an automatic check that the Content-Security-Policy blocked nothing (a `securitypolicyviolation` event in any
//   page, or a CSP error in the console of a page or its workers, fails the test),
// - `db`, a PostgreSQL client on the app's database for assertions on what was (not) stored.
import { expect, test as base } from '@playwright/test'
import pg from 'pg'

type Fixtures = { foreignRequests: string[]; cspViolations: string[]; db: pg.Client }

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring; this one has none
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL
    if (!url)
      throw new Error('E2E_BASE_URL is not set: run the suite with `npx playwright test --config playwright.config.ts` (its global setup starts the app)')
    await use(url)
  },
  foreignRequests: [
    async ({ context, baseURL }, use) => {
      const origin = new URL(baseURL!).origin
      const foreign: string[] = []
      const check = (url: string) => {
        if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return
        try {
          if (new URL(url).origin !== origin) foreign.push(url)
        } catch {
          foreign.push(url)
        }
      }
      context.on('request', (req) => check(req.url()))
      context.on('page', (page) => page.on('websocket', (ws) => check(ws.url().replace(/^ws/, 'http'))))
      await use(foreign)
      expect(foreign, `requests to hosts other than ${origin}`).toEqual([])
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = []
      await context.exposeBinding('__e2eCspViolation', (_source, report: string) => {
        violations.push(report)
      })
      await context.addInitScript(() => {
        document.addEventListener(
          'securitypolicyviolation',
          (e) => {
            const report = (window as unknown as { __e2eCspViolation: (r: string) => void }).__e2eCspViolation
            void report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) on ${location.pathname}`)
          },
          true,
        )
      })
      const fromConsole = (text: string) => {
        if (/Content Security Policy|Content-Security-Policy/i.test(text)) violations.push(text)
      }
      context.on('console', (msg) => fromConsole(msg.text()))
      context.on('page', (page) => page.on('worker', (worker) => worker.on('console', (msg) => fromConsole(msg.text()))))
      await use(violations)
      expect(violations, 'Content-Security-Policy violations').toEqual([])
    },
    { auto: true },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring; this one has none
  db: async ({}, use) => {
    const url = process.env.E2E_DATABASE_URL
    if (!url) throw new Error('E2E_DATABASE_URL is not set (global-setup.ts sets it with the app it starts)')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await use(client)
    await client.end()
  },
})

export { expect }
