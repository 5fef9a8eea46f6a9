import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../../shared/errors';
import { Limiter } from '../../jobs/limiter';
import type { Provider } from '../provider';
import { fieldsValue, stringValue } from '../value';
import { listAll, startVaultFixture, type VaultFixture } from './sandbox-fixture';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof KeyholeError ? error.code : 'not a KeyholeError'),
  );

describe('the Vault provider against the sandbox, through node-vault', () => {
  let fixture: VaultFixture;
  let staging: Provider;
  let scratch: Provider;

  beforeAll(async () => {
    fixture = await startVaultFixture();
    staging = fixture.provider();
    scratch = fixture.provider({ scope: fixture.scope('scratch/') });
  });
  afterAll(() => fixture.close());

  it('declares KV v2’s capabilities', () => {
    expect(staging.capabilities()).toMatchObject({
      valueShape: 'fields',
      concurrency: 'check-and-set',
      softDelete: true,
      restore: true,
      destroy: true,
      maxVersions: true,
      stages: false,
      batchRead: 1,
    });
  });

  it('tells who the token belongs to', async () => {
    expect(await staging.identity()).toEqual({ principal: 'root' });
  });

  describe('list', () => {
    it('walks every folder of the environment and yields names only', async () => {
      const seen: boolean[] = [];
      const names: string[] = [];
      for await (const page of staging.list()) {
        for (const item of page.items) {
          names.push(item.name);
          seen.push(item.metadataComplete);
        }
      }
      expect(names.sort()).toEqual(fixture.seed.staging.secrets.map((s) => s.name).sort());
      expect(seen.every((complete) => complete === false)).toBe(true);
    });

    it('pages a deep tree', async () => {
      const deep = fixture.provider({ scope: fixture.scope('deep/') });
      const limiter = new Limiter(16);
      const expected = Array.from({ length: 700 }, (_, i) => `l1-${i % 3}/l2-${i % 5}/l3-${i % 7}/l4/l5-${i % 2}/secret-${i}`);
      await Promise.all(expected.map((name) => limiter.run(() => deep.create(name, { value: fieldsValue({ n: name }) }))));
      const { names, pages } = await listAll(deep);
      expect(names.sort()).toEqual([...expected].sort());
      expect(pages.length).toBeGreaterThanOrEqual(2);
      expect(Math.max(...pages)).toBeLessThanOrEqual(500);
    });

    it('yields nothing for a prefix with no folder', async () => {
      expect((await listAll(fixture.provider({ scope: fixture.scope('nothing-here/') }))).names).toEqual([]);
    });

    it('stops with CANCELLED when the signal fires', async () => {
      const controller = new AbortController();
      controller.abort();
      expect(await codeOf(listAll(staging, controller.signal))).toBe('CANCELLED');
    });
  });

  describe('metadata and reads', () => {
    const live = () =>
      fixture.seed.staging.secrets.find((s) => !s.softDeleted && s.versions.length >= 3 && s.versions.at(-1)?.value.kind === 'fields');

    it('reads metadata: tags, versions newest first, current version', async () => {
      const secret = live();
      const metadata = await staging.metadata(secret?.name ?? '');
      expect(metadata).toMatchObject({
        name: secret?.name,
        metadataComplete: true,
        tags: secret?.tags,
        deleted: false,
        maxVersions: 0,
        casRequired: false,
      });
      expect(metadata.providerId).toBe(`kv/data/staging/${secret?.name}`);
      expect(metadata.currentVersion).toBe(String(secret?.versions.length));
      expect(metadata.versions?.map((v) => v.id)).toEqual(
        Array.from({ length: secret?.versions.length ?? 0 }, (_, i) => String((secret?.versions.length ?? 0) - i)),
      );
      expect(metadata.versions?.[0]?.current).toBe(true);
    });

    it('reads the latest value and an older version as fields', async () => {
      const secret = live();
      const latest = await staging.read(secret?.name ?? '');
      const last = secret?.versions.at(-1)?.value;
      expect(latest.value).toEqual(last?.kind === 'fields' ? fieldsValue(last.fields) : undefined);
      expect(latest.version).toBe(String(secret?.versions.length));
      expect(latest.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await staging.read(secret?.name ?? '', '1')).version).toBe('1');
    });

    it('reports a soft-deleted secret as deleted and its read as DELETED', async () => {
      const name = fixture.seed.drift.softDeleted[0] ?? '';
      expect((await staging.metadata(name)).deleted).toBe(true);
      expect(await codeOf(staging.read(name))).toBe('DELETED');
    });

    it('answers a missing secret or version with NOT_FOUND', async () => {
      expect(await codeOf(staging.read('no/such/secret'))).toBe('NOT_FOUND');
      expect(await codeOf(staging.metadata('no/such/secret'))).toBe('NOT_FOUND');
      expect(await codeOf(staging.read(live()?.name ?? '', '99'))).toBe('NOT_FOUND');
    });

    it('reads many with per-item errors', async () => {
      const good = live()?.name ?? '';
      const items = await staging.readMany([good, 'missing/one', fixture.seed.drift.softDeleted[0] ?? '']);
      expect(items.map((i) => [i.name, i.result ? 'ok' : i.error?.code])).toEqual([
        [good, 'ok'],
        ['missing/one', 'NOT_FOUND'],
        [fixture.seed.drift.softDeleted[0], 'DELETED'],
      ]);
    });
  });

  describe('writes', () => {
    it('creates with cas 0 and refuses to create over an existing secret', async () => {
      const created = await scratch.create('app/create', { value: fieldsValue({ a: '1' }), metadata: { tags: { team: 'x' }, maxVersions: 5 } });
      expect(created.version).toBe('1');
      expect(await scratch.metadata('app/create')).toMatchObject({ tags: { team: 'x' }, maxVersions: 5 });
      // The data read carries the tags too (custom_metadata), so a diff needs no metadata call.
      expect((await scratch.read('app/create')).tags).toEqual({ team: 'x' });
      expect(await codeOf(scratch.create('app/create', { value: fieldsValue({ a: '2' }) }))).toBe('ALREADY_EXISTS');
    });

    it('writes with check-and-set and answers a stale edit with CONFLICT', async () => {
      await scratch.create('app/cas', { value: fieldsValue({ a: '1' }) });
      expect((await scratch.write('app/cas', { value: fieldsValue({ a: '2' }), expectedVersion: '1' })).version).toBe('2');
      expect(await codeOf(scratch.write('app/cas', { value: fieldsValue({ a: '3' }), expectedVersion: '1' }))).toBe('CONFLICT');
      expect((await scratch.read('app/cas')).value).toEqual(fieldsValue({ a: '2' }));
    });

    it('treats a repeated write that already landed as done (a retry after a lost answer)', async () => {
      await scratch.create('app/retry', { value: fieldsValue({ a: '1' }) });
      expect((await scratch.write('app/retry', { value: fieldsValue({ a: '2' }), expectedVersion: '1' })).version).toBe('2');
      expect((await scratch.write('app/retry', { value: fieldsValue({ a: '2' }), expectedVersion: '1' })).version).toBe('2');
      expect((await scratch.create('app/retry-create', { value: fieldsValue({ a: '1' }) })).version).toBe('1');
      expect((await scratch.create('app/retry-create', { value: fieldsValue({ a: '1' }) })).version).toBe('1');
      expect((await scratch.metadata('app/retry')).currentVersion).toBe('2');
    });

    it('rolls back by writing the old data as a new version with cas = the version seen', async () => {
      await scratch.create('app/rollback', { value: fieldsValue({ v: 'one' }) });
      await scratch.write('app/rollback', { value: fieldsValue({ v: 'two' }), expectedVersion: '1' });
      const rolled = await scratch.rollback('app/rollback', { toVersion: '1', expectedVersion: '2' });
      expect(rolled.version).toBe('3');
      expect((await scratch.read('app/rollback')).value).toEqual(fieldsValue({ v: 'one' }));
      expect(await codeOf(scratch.rollback('app/rollback', { toVersion: '2', expectedVersion: '2' }))).toBe('CONFLICT');
    });

    it('refuses a value that is not a map of fields', async () => {
      expect(await codeOf(scratch.create('app/string', { value: stringValue('plain') }))).toBe('INVALID_INPUT');
    });

    it('soft-deletes, restores, deletes and destroys versions', async () => {
      await scratch.create('app/life', { value: fieldsValue({ v: '1' }) });
      await scratch.write('app/life', { value: fieldsValue({ v: '2' }), expectedVersion: '1' });
      await scratch.delete('app/life');
      expect((await scratch.metadata('app/life')).deleted).toBe(true);
      expect(await codeOf(scratch.read('app/life'))).toBe('DELETED');
      await scratch.restore('app/life');
      expect((await scratch.read('app/life')).version).toBe('2');
      await scratch.delete('app/life', { versions: ['1'] });
      expect((await scratch.versions('app/life')).items.find((v) => v.id === '1')?.deleted).toBe(true);
      await scratch.restore('app/life', ['1']);
      await scratch.destroy('app/life', ['1']);
      const versions = (await scratch.versions('app/life')).items;
      expect(versions.find((v) => v.id === '1')).toMatchObject({ destroyed: true });
      expect(await codeOf(scratch.read('app/life', '1'))).toBe('DELETED');
      await scratch.destroy('app/life');
      expect(await codeOf(scratch.metadata('app/life'))).toBe('NOT_FOUND');
    });

    it('replaces tags (removed keys go) and sets max_versions and cas_required', async () => {
      await scratch.create('app/tags', { value: fieldsValue({ a: '1' }), metadata: { tags: { keep: '1', drop: '2' } } });
      await scratch.updateMetadata('app/tags', { tags: { keep: '1', add: '3' }, maxVersions: 3, casRequired: true });
      expect(await scratch.metadata('app/tags')).toMatchObject({ tags: { keep: '1', add: '3' }, maxVersions: 3, casRequired: true });
      expect(await codeOf(scratch.updateMetadata('app/tags', { description: 'no such thing in KV' }))).toBe('UNSUPPORTED');
      expect(await codeOf(scratch.updateMetadata('app/none', { tags: {} }))).toBe('NOT_FOUND');
      expect(
        await codeOf(scratch.updateMetadata('app/tags', { tags: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) })),
      ).toBe('INVALID_INPUT');
    });

    it('pages versions client-side', async () => {
      await scratch.create('app/many', { value: fieldsValue({ i: '0' }), metadata: { maxVersions: 200 } });
      for (let i = 1; i < 130; i += 1) await scratch.write('app/many', { value: fieldsValue({ i: String(i) }), expectedVersion: String(i) });
      const first = await scratch.versions('app/many');
      expect(first.items).toHaveLength(100);
      expect(first.items[0]).toMatchObject({ id: '130', current: true });
      expect(first.next).toBe('100');
      const second = await scratch.versions('app/many', first.next);
      expect(second.items.map((v) => v.id).at(-1)).toBe('1');
      expect(second.next).toBeUndefined();
    });
  });

  describe('names', () => {
    it('refuses invalid names before any request is sent', async () => {
      fixture.server.knobs.errorRate = 1;
      try {
        for (const name of ['', '/lead', 'trail/', 'a//b', 'a/../b', './a', 'nul\u0000', 'x'.repeat(1025)]) {
          expect(await codeOf(scratch.read(name))).toBe('INVALID_NAME');
        }
      } finally {
        fixture.server.knobs.errorRate = 0;
      }
    });

    it('keeps characters that need encoding inside the path', async () => {
      const name = 'odd/a b?c#d%e';
      await scratch.create(name, { value: fieldsValue({ a: '1' }) });
      expect((await scratch.read(name)).value).toEqual(fieldsValue({ a: '1' }));
      expect((await listAll(scratch)).names).toContain(name);
    });
  });

  it('reaches a namespace through the connection’s namespace', async () => {
    const team = fixture.provider({ config: fixture.tokenConfig({ namespace: fixture.server.info.namespace }) });
    const { names } = await listAll(team);
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(fixture.seed.staging.secrets.length);
  });
});
