import { describe, expect, it } from 'vitest';
import { generateSeed } from '../seed/generate';
import { startVaultSandbox } from './index';

describe('loading a large seed', () => {
  it('loads 100,000 secrets per environment (time printed, not asserted)', async () => {
    const seed = generateSeed({ count: 100_000, seed: 5 });
    const started = performance.now();
    const server = await startVaultSandbox({ seed });
    const loadMs = performance.now() - started;
    try {
      const listed = await fetch(`${server.info.url}/v1/kv/metadata/production/platform/?list=true`, {
        headers: { 'X-Vault-Token': server.info.token },
      });
      expect(listed.status).toBe(200);
      process.stdout.write(
        `vault sandbox: loaded ${seed.staging.secrets.length + seed.production.secrets.length} secrets in ${loadMs.toFixed(0)} ms\n`,
      );
    } finally {
      await server.close();
    }
  }, 120_000);
});
