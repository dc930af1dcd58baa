// Browser tests: Debian's Chromium (never a downloaded browser) against the real Node browser host.
import { defineConfig } from '@playwright/test';
import { E2E_AUTH_HEADERS, E2E_HOST_TOKEN } from './e2e/e2e-host-token';

const port = Number(process.env.FCSWAP_E2E_PORT ?? 47321);

export default defineConfig({
  testDir: 'e2e',
  testMatch: /.*\.spec\.ts$/,
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    viewport: { width: 1280, height: 860 },
    // The hosts the specs start take `--token E2E_HOST_TOKEN`; fresh-start.spec.ts clears this and opens the printed link.
    extraHTTPHeaders: E2E_AUTH_HEADERS,
  },
  webServer: {
    command: `npx tsx electron/cli/host.ts --no-daemon --port ${port} --token ${E2E_HOST_TOKEN} --data-dir ${process.env.FCSWAP_E2E_DATA ?? 'test-results/e2e-data'}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
