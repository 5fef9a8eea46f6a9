import { afterEach, describe, expect, it } from 'vitest';
import { bindContract } from '../../../../shared/ipc/bind';
import { METADATA_BATCH_MAX } from '../../../../shared/ipc/channels/secrets';
import { contract } from '../../../../shared/ipc/contract';
import { composeCore } from '../../compose-core';
import type { Core } from '../core';
import { createHandlers } from '../handlers';
import { silentLogger } from '../logger';
import { systemClock } from '../system-clock';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';

const CANARY = 'kh-inventory-canary-W4p8';

describe('secrets:metadataBatch through the contract, over the embedded sandbox', () => {
  const tempDir = useTempDir();
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  async function setup() {
    const pages: Array<{ environmentId: string; items: Array<{ name: string }> }> = [];
    const jobs: Array<{ id: string; state: string }> = [];
    const core = composeCore({
      dataDir: tempDir(),
      keychain: testKeychain(),
      clock: systemClock,
      logger: silentLogger,
      emit: (event, payload) => {
        if (event === 'secrets:page') pages.push(payload as (typeof pages)[number]);
        if (event === 'job:progress') jobs.push(payload as (typeof jobs)[number]);
      },
      shell: 'e2e-host',
      version: 'test',
      sandbox: { canary: CANARY, seedCount: 40, providers: ['vault'] },
    });
    cores.push(core);
    await core.sandbox.open();
    const { environments } = await core.connections.list();
    const staging = environments.find((environment) => environment.name === 'staging');
    if (!staging) throw new Error('no staging');
    const jobId = core.inventory.load(staging.id);
    for (let i = 0; i < 300 && !jobs.some((job) => job.id === jobId && job.state !== 'running'); i += 1) await new Promise((r) => setTimeout(r, 20));
    const names = pages.flatMap((page) => page.items.map((item) => item.name));
    const dispatch = bindContract(contract, createHandlers(core));
    const call = (payload: unknown) => dispatch('secrets:metadataBatch', payload, { signal: new AbortController().signal });
    return { staging, names, call };
  }

  it('answers summaries in the order asked, a failure per name, and nothing that is a value', async () => {
    const { staging, names, call } = await setup();
    const canary = names.find((name) => name.includes('canary')) ?? '';
    const asked = [canary, 'no/such/secret', ...names.slice(0, 5)];
    const result = await call({ environmentId: staging.id, names: asked });
    expect(result.ok).toBe(true);
    const items = (
      result as { ok: true; value: { items: Array<{ name: string; summary?: { metadataComplete: boolean }; error?: { code: string } }> } }
    ).value.items;
    expect(items.map((item) => item.name)).toEqual(asked);
    expect(items[0]?.summary?.metadataComplete).toBe(true);
    expect(items[1]?.error?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('refuses an empty batch, a batch over the limit and unknown keys before reading anything', async () => {
    const { staging, call } = await setup();
    const tooMany = Array.from({ length: METADATA_BATCH_MAX + 1 }, (_, i) => `n${i}`);
    for (const payload of [
      { environmentId: staging.id, names: [] },
      { environmentId: staging.id, names: tooMany },
      { environmentId: staging.id, names: ['a'], value: true },
    ]) {
      expect(await call(payload)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });
});
