import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVaultFixture, listAll, type VaultFixture } from '../providers/vault/sandbox-fixture';
import type { Provider } from '../providers/provider';
import { metadataBatch } from './metadata-batch';

const CANARY = 'kh-batch-canary-Vq93';

describe('metadataBatch over the Vault sandbox', () => {
  let fixture: VaultFixture;
  let provider: Provider;
  let names: string[];

  beforeAll(async () => {
    fixture = await startVaultFixture({ seed: { count: 40, canary: CANARY } });
    provider = fixture.provider();
    names = (await listAll(provider)).names;
  });
  afterAll(() => fixture.close());

  it('answers one summary per name, in the order asked, with what the names-only listing lacked', async () => {
    const asked = names.slice(0, 25).reverse();
    const items = await metadataBatch(provider, asked);
    expect(items.map((item) => item.name)).toEqual(asked);
    expect(items.every((item) => item.error === undefined)).toBe(true);
    const first = items[0]?.summary;
    expect(first).toMatchObject({ name: asked[0], metadataComplete: true });
    expect(first?.updatedAt).toMatch(/^\d{4}-/);
    expect(first?.versionCount).toBeGreaterThan(0);
    expect(first?.tags?.team).toBeTruthy();
    // A summary: no version list, no provider id.
    expect(Object.keys(first ?? {})).not.toContain('versions');
    expect(Object.keys(first ?? {})).not.toContain('providerId');
  });

  it('keeps a failure with its name and answers the others', async () => {
    const asked = [names[0] ?? '', 'no/such/secret-zz', names[1] ?? ''];
    const items = await metadataBatch(provider, asked);
    expect(items[0]?.summary).toBeDefined();
    expect(items[1]).toEqual({ name: 'no/such/secret-zz', error: { code: 'NOT_FOUND', message: 'Not found: no/such/secret-zz' } });
    expect(items[2]?.summary).toBeDefined();
  });

  it('runs at most `concurrency` reads at once', async () => {
    let active = 0;
    let peak = 0;
    const counting: Provider = {
      ...provider,
      metadata: async (name, options) => {
        active += 1;
        peak = Math.max(peak, active);
        try {
          return await provider.metadata(name, options);
        } finally {
          active -= 1;
        }
      },
    };
    await metadataBatch(counting, names.slice(0, 30), undefined, 3);
    expect(peak).toBe(3);
  });

  it('answers CANCELLED for the names not started once the caller goes away', async () => {
    const controller = new AbortController();
    controller.abort();
    const items = await metadataBatch(provider, names.slice(0, 4), controller.signal);
    expect(items.every((item) => item.error?.code === 'CANCELLED')).toBe(true);
  });

  it('never carries a value: the canary secret answers metadata only', async () => {
    const canary = names.find((name) => name.includes('canary')) ?? '';
    expect(canary).not.toBe('');
    const items = await metadataBatch(provider, [canary]);
    expect(items[0]?.summary?.name).toBe(canary);
    expect(JSON.stringify(items)).not.toContain(CANARY);
  });
});
