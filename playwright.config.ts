import { defineConfig } from '@playwright/test';

/**
 * Two projects run the same specs: `host` drives the renderer in Debian's Chromium through the
 * e2e host; `electron` drives the real app and skips itself, with the reason, where Electron's
 * binary is absent. Traces and videos stay off (they could capture a revealed value);
 * screenshots are taken explicitly into the git-ignored e2e/screenshots/.
 */
export default defineConfig({
  testDir: 'e2e/specs',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    trace: 'off',
    video: 'off',
    screenshot: 'off',
  },
  projects: [{ name: 'host' }, { name: 'electron' }],
});
