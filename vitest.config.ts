import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/src/**/*.test.ts', 'e2e/host/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Two cores: keep workers to two so sandbox servers and SDKs do not starve each other.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
