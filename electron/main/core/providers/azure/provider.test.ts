import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../../shared/errors';
import { toAzureName, type VaultRequestEvent } from '../../../sandbox/azure';
import { rawRequest, fetchToken } from '../../../sandbox/azure/testing';
import { generateSeed } from '../../../sandbox/seed/generate';
import { createCredential, createSecretClient } from './client';
import { collect, startAzureFixture, type AzureFixture } from './testing';

const seed = generateSeed({ count: 70, seed: 3 });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeyholeError) return error.code;
    throw error;
  }
  return 'resolved';
}

describe('Azure Key Vault provider against the sandbox', () => {
  let fx: AzureFixture;
  const events: VaultRequestEvent[] = [];
  /** Runs inside the server before it answers the matching request: a competing writer. */
  let interpose: ((event: VaultRequestEvent) => Promise<void>) | undefined;

  beforeAll(async () => {
    fx = await startAzureFixture({
      seed,
      settleMs: 300,
      onRequest: async (event) => {
        events.push(event);
        await interpose?.(event);
      },
    });
  });
  afterAll(() => fx.sandbox.close());

  const rawPut = async (vault: 'staging' | 'production', name: string, value: string) => {
    const token = await fetchToken(fx.sandbox.info, fx.ca);
    await rawRequest(`${fx.sandbox.info.vaultUrls[vault]}/secrets/${name}?api-version=7.5`, {
      ca: fx.ca,
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ value }),
    });
  };

  it('sends the first request without a body, gets the challenge, and stores the value on the retry', async () => {
    const credential = createCredential(fx.config, { clientSecret: fx.sandbox.info.clientSecret }, fx.deps);
    const client = createSecretClient(fx.sandbox.info.vaultUrls.staging, credential, fx.deps);
    const from = events.length;
    const set = await client.setSecret('challenge-first', 'payload-that-must-arrive');
    const seen = events.slice(from).filter((e) => e.path === '/secrets/challenge-first');
    expect(seen[0]).toMatchObject({ method: 'PUT', bodyBytes: 0, authorized: false, status: 401 });
    expect(seen[1]?.bodyBytes).toBeGreaterThan(0);
    expect(seen[1]).toMatchObject({ method: 'PUT', authorized: true, status: 200 });
    expect((await client.getSecret('challenge-first')).value).toBe('payload-that-must-arrive');
    expect(set.properties.version).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gets a token from the authority with ClientSecretCredential and names the principal from its claims', async () => {
    const identity = await fx.provider().identity();
    expect(identity.principal).toContain(`app ${fx.sandbox.info.clientId}`);
    expect(identity.principal).toMatch(/oid [0-9a-f-]{36}/);
    expect(Date.parse(identity.expiresAt ?? '')).toBeGreaterThan(Date.now());
  });

  it('lists every page through nextLink, live and deleted, and filters by the scope prefix', async () => {
    const provider = fx.provider('staging');
    const listed = await collect(provider.list());
    const expected = seed.staging.secrets.map((s) => toAzureName(s.name).toLowerCase());
    const names = listed.map((s) => s.name.toLowerCase());
    for (const name of expected) expect(names).toContain(name);
    expect(listed.length).toBeGreaterThan(25);
    const deletedName = toAzureName(seed.drift.softDeleted[0] ?? '');
    expect(listed.find((s) => s.name === deletedName)).toMatchObject({ deleted: true, metadataComplete: true });
    expect(listed.every((s) => s.metadataComplete)).toBe(true);

    const scoped = await collect(fx.provider('staging', { prefix: 'payments--' }).list());
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((s) => s.name.startsWith('payments--'))).toBe(true);
  });

  it('reads JSON values as fields and other values as strings, latest or by version', async () => {
    const provider = fx.provider('production');
    const withFields = seed.production.secrets.find(
      (s) => s.versions.length > 1 && s.versions.at(-1)?.value.kind === 'fields' && s.enabled !== false,
    );
    const name = toAzureName(withFields?.name ?? '');
    const latest = await provider.read(name);
    expect(latest.value).toEqual(withFields?.versions.at(-1)?.value);
    expect(latest.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const versions = await provider.versions(name);
    const older = versions.items.find((v) => !v.current);
    expect((await provider.read(name, older?.id)).version).toBe(older?.id);
    await rawPut('production', 'plain-text', '{"not":"typed as json"}');
    expect((await provider.read('plain-text')).value).toEqual({ kind: 'string', value: '{"not":"typed as json"}' });
  });

  it('pages versions lazily with one current version, and shows disabled and expiring ones', async () => {
    const provider = fx.provider('staging');
    const first = await provider.create('many-versions', { value: { kind: 'string', value: 'v0' } });
    let expected = first.version;
    for (let i = 1; i < 28; i += 1)
      expected = (await provider.write('many-versions', { value: { kind: 'string', value: `v${i}` }, expectedVersion: expected })).version;
    const page1 = await provider.versions('many-versions');
    expect(page1.items).toHaveLength(25);
    expect(page1.next).toBeDefined();
    const page2 = await provider.versions('many-versions', page1.next);
    expect(page2.next).toBeUndefined();
    const all = [...page1.items, ...page2.items];
    expect(new Set(all.map((v) => v.id)).size).toBe(28);
    expect(all.filter((v) => v.current).map((v) => v.id)).toEqual([expected]);

    await provider.updateMetadata('many-versions', { enabled: true, expiresAt: '2020-01-01T00:00:00.000Z' });
    const meta = await provider.metadata('many-versions');
    expect(meta).toMatchObject({ enabled: true, currentVersion: expected, versionCount: 28, expiresAt: '2020-01-01T00:00:00.000Z' });
    expect(meta.versions?.find((v) => v.id === expected)).toMatchObject({ current: true, expiresAt: '2020-01-01T00:00:00.000Z' });
    await provider.updateMetadata('many-versions', { expiresAt: null });
    expect((await provider.metadata('many-versions')).expiresAt).toBeUndefined();
  });

  it('claims no current version when a disabled latest shares its second with another, and refuses to write', async () => {
    const provider = fx.provider('staging');
    const v1 = await provider.create('same-second', { value: { kind: 'string', value: 'a' } });
    const v2 = await provider.write('same-second', { value: { kind: 'string', value: 'b' }, expectedVersion: v1.version });
    const metaBefore = await provider.metadata('same-second');
    await provider.updateMetadata('same-second', { enabled: false });
    expect(await codeOf(provider.read('same-second'))).toBe('FORBIDDEN');
    const versions = (await provider.versions('same-second')).items;
    expect(versions.find((v) => v.id === v2.version)?.enabled).toBe(false);
    const meta = await provider.metadata('same-second');
    expect(meta.enabled).toBe(false);
    if (metaBefore.versions?.every((v) => v.createdAt === metaBefore.versions?.[0]?.createdAt)) {
      // Created within one second: which one is latest cannot be known without reading it.
      expect(versions.some((v) => v.current)).toBe(false);
      expect(meta.currentVersion).toBeUndefined();
      expect(await codeOf(provider.write('same-second', { value: { kind: 'string', value: 'c' }, expectedVersion: v2.version }))).toBe('CONFLICT');
    } else {
      expect(versions.find((v) => v.current)?.id).toBe(v2.version);
    }
    await provider.updateMetadata('same-second', { enabled: true });
    expect((await provider.read('same-second')).version).toBe(v2.version);
  });

  it('refuses a tampered versions cursor instead of following it', async () => {
    const provider = fx.provider('staging');
    const foreign = Buffer.from(JSON.stringify({ link: 'https://attacker.example/secrets/many-versions/versions' })).toString('base64url');
    expect(await codeOf(provider.versions('many-versions', foreign))).toBe('INVALID_INPUT');
  });

  it('shows the seeded disabled secret as disabled and refuses to read it', async () => {
    const provider = fx.provider('production');
    const disabled = toAzureName(seed.production.secrets.find((s) => s.enabled === false)?.name ?? '');
    expect(await codeOf(provider.read(disabled))).toBe('FORBIDDEN');
    const meta = await provider.metadata(disabled);
    expect(meta.enabled).toBe(false);
    expect(meta.versions?.filter((v) => v.current)).toHaveLength(1);
  });

  it('creates once: ALREADY_EXISTS on a second create, with attributes and tags', async () => {
    const provider = fx.provider('staging');
    const created = await provider.create('created-once', {
      value: { kind: 'fields', fields: { user: 'app', password: 'p' } },
      metadata: { tags: { team: 'payments' }, expiresAt: '2031-02-03T04:05:06.000Z' },
    });
    const meta = await provider.metadata('created-once');
    expect(meta).toMatchObject({
      currentVersion: created.version,
      contentType: 'application/json',
      tags: { team: 'payments' },
      expiresAt: '2031-02-03T04:05:06.000Z',
    });
    expect(await codeOf(provider.create('created-once', { value: { kind: 'string', value: 'x' } }))).toBe('ALREADY_EXISTS');
  });

  it('writes with verify-after: CONFLICT on a stale base, tags carried over to the new version', async () => {
    const provider = fx.provider('staging');
    const v1 = await provider.create('verified', { value: { kind: 'string', value: 'one' }, metadata: { tags: { owner: 'me' } } });
    const v2 = await provider.write('verified', { value: { kind: 'string', value: 'two' }, expectedVersion: v1.version });
    expect(v2.concurrentChangeDetected).toBeUndefined();
    expect(await codeOf(provider.write('verified', { value: { kind: 'string', value: 'three' }, expectedVersion: v1.version }))).toBe('CONFLICT');
    expect((await provider.read('verified')).value).toEqual({ kind: 'string', value: 'two' });
    expect((await provider.metadata('verified')).tags).toEqual({ owner: 'me' });
  });

  it('reports a concurrent change it detects around its write, and claims nothing more', async () => {
    const provider = fx.provider('staging');
    const base = await provider.create('contended', { value: { kind: 'string', value: 'base' } });
    interpose = async (event) => {
      if (event.method === 'PUT' && event.path === '/secrets/contended' && event.authorized) {
        interpose = undefined;
        await rawPut('staging', 'contended', 'someone else');
      }
    };
    const ours = await provider.write('contended', { value: { kind: 'string', value: 'ours' }, expectedVersion: base.version });
    expect(ours.concurrentChangeDetected).toBe(true);
    expect((await provider.read('contended')).value).toEqual({ kind: 'string', value: 'someone else' });
  });

  it('rolls back by writing the old value as a new version, with verify-after', async () => {
    const provider = fx.provider('staging');
    const v1 = await provider.create('rolled', { value: { kind: 'fields', fields: { a: '1' } } });
    const v2 = await provider.write('rolled', { value: { kind: 'fields', fields: { a: '2' } }, expectedVersion: v1.version });
    expect(await codeOf(provider.rollback('rolled', { toVersion: v1.version, expectedVersion: v1.version }))).toBe('CONFLICT');
    const v3 = await provider.rollback('rolled', { toVersion: v1.version, expectedVersion: v2.version });
    const read = await provider.read('rolled');
    expect(read).toMatchObject({ version: v3.version, value: { kind: 'fields', fields: { a: '1' } } });
  });

  it('deletes by polling through 404s, then lists, reads metadata, recovers and purges', async () => {
    const provider = fx.provider('staging');
    await provider.create('lifecycle', { value: { kind: 'string', value: 'x' } });
    const from = events.length;
    await provider.delete('lifecycle');
    const polls = events.slice(from).filter((e) => e.path === '/deletedsecrets/lifecycle');
    expect(polls.some((e) => e.status === 404)).toBe(true);
    expect(polls.at(-1)?.status).toBe(200);

    expect(await codeOf(provider.read('lifecycle'))).toBe('NOT_FOUND');
    const meta = await provider.metadata('lifecycle');
    expect(meta).toMatchObject({ deleted: true, recoverableDays: 90 });
    expect(Date.parse(meta.deletionDate ?? '')).toBeGreaterThan(Date.now());
    expect((await collect(provider.list())).find((s) => s.name === 'lifecycle')?.deleted).toBe(true);
    expect(await codeOf(provider.create('lifecycle', { value: { kind: 'string', value: 'y' } }))).toBe('DELETED');

    await provider.restore('lifecycle');
    expect((await provider.read('lifecycle')).value).toEqual({ kind: 'string', value: 'x' });

    await provider.destroy('lifecycle');
    expect(await codeOf(provider.metadata('lifecycle'))).toBe('NOT_FOUND');
    await provider.create('lifecycle', { value: { kind: 'string', value: 'fresh' } });
  });

  it('purges the seeded soft-deleted secret directly', async () => {
    const provider = fx.provider('staging');
    const name = toAzureName(seed.drift.softDeleted[0] ?? '');
    await provider.destroy(name);
    expect(await codeOf(provider.metadata(name))).toBe('NOT_FOUND');
  });

  it('validates names and sizes before sending anything', async () => {
    const provider = fx.provider('staging', { prefix: 'team-a--' });
    const from = events.length;
    expect(await codeOf(provider.read('has_underscore'))).toBe('INVALID_NAME');
    expect(await codeOf(provider.read(`team-a--${'x'.repeat(120)}`))).toBe('INVALID_NAME');
    expect(await codeOf(provider.read('team-b--db'))).toBe('INVALID_NAME');
    expect(await codeOf(provider.create('team-a--big', { value: { kind: 'string', value: 'x'.repeat(25 * 1024 + 1) } }))).toBe('VALUE_TOO_LARGE');
    expect(await codeOf(provider.updateMetadata('team-a--db', { description: 'no such thing' }))).toBe('UNSUPPORTED');
    expect(events.length).toBe(from);
  });

  it('stops when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await codeOf(fx.provider().read('challenge-first', undefined, { signal: controller.signal }))).toBe('CANCELLED');
    const slow = new AbortController();
    fx.sandbox.knobs.latencyMs = 2000;
    const pending = fx.provider().read('challenge-first', undefined, { signal: slow.signal });
    setTimeout(() => slow.abort(), 50);
    const code = await codeOf(pending);
    fx.sandbox.knobs.latencyMs = 0;
    expect(code).toBe('CANCELLED');
  });
});
