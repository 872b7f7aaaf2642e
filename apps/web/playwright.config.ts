import { defineConfig, devices } from '@playwright/test';

/**
 * Browser journeys against the real API, worker, PostgreSQL, Redis and an SMTP sink, all started
 * by e2e/global-setup.ts. Debian's Chromium (`scripts/ensure-env.sh` installs it): Playwright's
 * own browser download cannot run here, so `playwright install` is never needed.
 */
export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  // One browser, one worker: CI has two cores and a tight budget; the journeys share one server.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  // Generous: CI machines are shared, and the first visit of a route loads its chunk.
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    locale: 'cs-CZ',
    timezoneId: 'Europe/Prague',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
