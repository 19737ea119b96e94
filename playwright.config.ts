import { defineConfig, devices } from '@playwright/test'

// End-to-end tests in Debian's Chromium against a production build (`next build` + `next start`), started once
// by tests/e2e/support/global-setup.ts with its own database. `npm test` runs this after vitest.
// Never `npx playwright install`: the browser is the system's Chromium.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
// Playwright empties its output folder when a run starts: give each run its own, so two runs in one tree (two
// engineers, or CI and a developer) do not delete each other's traces. Workers inherit the id from the runner.
process.env.E2E_RUN_ID ??= `${Date.now().toString(36)}-${process.pid}`

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/support/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS || 2),
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['html', { open: 'never', outputFolder: `playwright-report/${process.env.E2E_RUN_ID}` }]],
  outputDir: `test-results/e2e/${process.env.E2E_RUN_ID}`,
  use: {
    ...devices['Desktop Chrome'],
    channel: undefined,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
        '--disable-default-apps',
        '--disable-domain-reliability',
        '--metrics-recording-only',
        // the player is started by the tests' own clicks, but keep media from waiting on a gesture in headless mode
        '--autoplay-policy=no-user-gesture-required',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
})
