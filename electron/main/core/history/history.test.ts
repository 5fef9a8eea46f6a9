/**
 * History, compare, rollback, restore and destroy end to end through core: the real sandbox
 * (composeCore), the official SDKs, the contract's dispatch, the real audit log and MFA.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderKind } from '../../../../shared/domain';
import { bindContract } from '../../../../shared/ipc/bind';
import { contract } from '../../../../shared/ipc/contract';
import { composeCore } from '../../compose-core';
import { createHandlers } from '../handlers';
import { silentLogger } from '../logger';
import { totpAt } from '../mfa/totp';
import { fieldsValue, stringValue, type SecretValue } from '../providers/value';
import { ManualClock } from '../testing/manual-clock';
import { filesContaining } from '../../testing/leak-scan';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';

const STEP = 30_000;
const CANARY = 'kh-history-canary-Vb3q';
const KINDS: ProviderKind[] = ['vault', 'aws', 'azure'];

type Call = (channel: string, payload: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;

describe('history and rollback through core', () => {
  const tempDir = useTempDir();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function build() {
    const dataDir = tempDir();
    // Ahead of the real clock the sandbox stamps deletions with, so "deleted since" reads as past.
    const clock = new ManualClock(Math.ceil(Date.now() / STEP) * STEP + 10_000);
    const core = composeCore({
      dataDir,
      keychain: testKeychain(),
      clock,
      logger: silentLogger,
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { canary: CANARY, seedCount: 20 },
    });
    cleanups.push(() => core.close());
    const dispatch = bindContract(contract, createHandlers(core));
    const call = ((channel, payload) => dispatch(channel, payload, { signal: new AbortController().signal })) as Call;
    await core.sandbox.open();
    const { connections, environments } = await core.connections.list();
    const env = (kind: ProviderKind, protectedEnv: boolean) => {
      const connection = connections.find((c) => c.config.kind === kind)!;
      const environment = environments.find((e) => e.connectionId === connection.id && e.protected === protectedEnv)!;
      const repoConnection = core.connections.connection(connection.id);
      const repoEnvironment = core.connections.environment(environment.id);
      return { connection, environment, provider: () => core.providers.get(repoConnection, repoEnvironment) };
    };
    let secret: string | undefined;
    const stepUp = async () => {
      if (secret === undefined) {
        const enrollment = await core.mfa.beginEnrollment({});
        await core.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(enrollment.secret, clock.now()));
        secret = enrollment.secret;
      }
      await clock.advance(STEP);
      await core.mfa.stepUp(await totpAt(secret, clock.now()));
    };
    const freshCode = async () => {
      await clock.advance(STEP);
      return totpAt(secret!, clock.now());
    };
    return { core, call, env, clock, stepUp, freshCode, dataDir };
  }

  function nameFor(kind: ProviderKind, label: string): string {
    return kind === 'azure' ? `history-${label}` : `history/${label}`;
  }

  function value(kind: ProviderKind, n: number): SecretValue {
    return kind === 'azure' ? stringValue(`${CANARY}-${n}`) : fieldsValue({ password: `${CANARY}-${n}`, user: 'svc' });
  }

  /** A secret with three versions, v1..v3; returns their ids oldest first. */
  async function threeVersions(
    provider: Awaited<ReturnType<ReturnType<Awaited<ReturnType<typeof build>>['env']>['provider']>>,
    kind: ProviderKind,
    name: string,
  ) {
    const ids = [(await provider.create(name, { value: value(kind, 1) })).version];
    for (const n of [2, 3]) ids.push((await provider.write(name, { value: value(kind, n), expectedVersion: ids.at(-1)! })).version);
    return ids;
  }

  for (const kind of KINDS) {
    it(`${kind}: timeline, compare by fingerprint, values side by side, rollback and a refused stale rollback`, async () => {
      const { call, env, core, dataDir } = await build();
      const { environment, provider: get } = env(kind, false);
      const provider = await get();
      const name = nameFor(kind, 'rollback');
      const ids = await threeVersions(provider, kind, name);
      const ref = { environmentId: environment.id, name };

      const opened = (await call('history:open', ref)) as {
        ok: true;
        value: { page: { items: Array<{ id: string; current: boolean; stages?: string[] }> }; protected: boolean };
      };
      expect(opened.ok).toBe(true);
      expect(opened.value.protected).toBe(false);
      expect(opened.value.page.items.map((v) => v.id)).toEqual(expect.arrayContaining(ids));
      expect(opened.value.page.items.find((v) => v.current)?.id).toBe(ids[2]);
      if (kind === 'aws') expect(opened.value.page.items.find((v) => v.id === ids[1])?.stages).toEqual(['AWSPREVIOUS']);
      expect(JSON.stringify(opened)).not.toContain(CANARY);

      const compared = await call('history:compare', { ...ref, from: ids[0], to: ids[2] });
      const field = kind === 'azure' ? '' : 'password';
      expect(compared).toEqual({
        ok: true,
        value: expect.objectContaining({ identical: false, fields: expect.arrayContaining([{ field, status: 'changed' }]) }),
      });
      if (kind !== 'azure') expect((compared.value as { fields: unknown[] }).fields).toContainEqual({ field: 'user', status: 'same' });
      expect(JSON.stringify(compared)).not.toContain(CANARY);

      const values = (await call('history:compareValues', { ...ref, from: ids[0], to: ids[2] })) as {
        ok: true;
        value: { from: { value?: string; fields?: Record<string, string> }; to: { value?: string; fields?: Record<string, string> } };
      };
      expect(values.ok).toBe(true);
      expect(values.value.from.value ?? values.value.from.fields?.password).toBe(`${CANARY}-1`);
      expect(values.value.to.value ?? values.value.to.fields?.password).toBe(`${CANARY}-3`);

      // Someone writes after the view loaded: the rollback based on v3 is refused and writes nothing.
      const v4 = (await provider.write(name, { value: value(kind, 4), expectedVersion: ids[2]! })).version;
      const stale = await call('history:rollback', { ...ref, toVersion: ids[0], expectedVersion: ids[2] });
      expect(stale).toEqual({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('nothing was written') } });
      const afterStale = await provider.read(name);
      expect(afterStale.version).toBe(v4);

      const rolled = (await call('history:rollback', { ...ref, toVersion: ids[0], expectedVersion: v4, reason: 'bad deploy' })) as {
        ok: true;
        value: { version: string };
      };
      expect(rolled.ok).toBe(true);
      const now = await provider.read(name);
      expect(now.value).toEqual(value(kind, 1));
      expect(now.version).toBe(rolled.value.version);
      if (kind === 'aws') {
        // AWS moves the label: no new version, the old one is current and v4 is AWSPREVIOUS.
        expect(rolled.value.version).toBe(ids[0]);
        const versions = (await provider.versions(name)).items;
        expect(versions.find((v) => v.id === ids[0])?.stages).toContain('AWSCURRENT');
        expect(versions.find((v) => v.id === v4)?.stages).toContain('AWSPREVIOUS');
      } else {
        // Vault and Azure write the old value as a new version.
        expect([...ids, v4]).not.toContain(rolled.value.version);
      }

      const trail = core.auditQueries.secret({ connectionId: environment.connectionId, environmentId: environment.id, path: name }, 50);
      const actions = trail.events.map((e) => `${e.action}:${e.phase}:${e.outcome ?? ''}:${e.code ?? ''}`);
      expect(actions).toEqual(
        expect.arrayContaining([
          'secret.compare:outcome:success:',
          'secret.compare_values:attempt::',
          'secret.compare_values:outcome:success:',
          'secret.rollback:outcome:failure:CONFLICT',
          'secret.rollback:outcome:success:',
        ]),
      );
      expect(trail.events.find((e) => e.action === 'secret.rollback' && e.outcome === 'success')?.reason).toBe('bad deploy');
      expect(JSON.stringify(trail)).not.toContain(CANARY);
      // Nothing of the values compared or rolled back lands in Keyhole's own files (the sandbox's synthetic data aside).
      await core.audit.flush();
      expect(filesContaining(dataDir, [CANARY]).filter((file) => !file.startsWith(join(dataDir, 'sandbox')))).toEqual([]);
    });
  }

  it('refuses a rollback on a protected path without a step-up, and on a read-only connection', async () => {
    const { call, env, core, stepUp } = await build();
    const { environment, connection, provider: get } = env('vault', true);
    const provider = await get();
    const name = nameFor('vault', 'protected');
    const ids = await threeVersions(provider, 'vault', name);
    const ref = { environmentId: environment.id, name };
    expect(await call('history:compare', { ...ref, from: ids[0], to: ids[1] })).toMatchObject({ ok: true });
    expect(await call('history:compareValues', { ...ref, from: ids[0], to: ids[1] })).toMatchObject({
      ok: false,
      error: { code: 'STEP_UP_REQUIRED' },
    });
    expect(await call('history:rollback', { ...ref, toVersion: ids[0], expectedVersion: ids[2] })).toMatchObject({
      ok: false,
      error: { code: 'STEP_UP_REQUIRED' },
    });
    await stepUp();
    expect(await call('history:compareValues', { ...ref, from: ids[0], to: ids[1] })).toMatchObject({ ok: true });
    await core.connections.update({ id: connection.id, readOnly: true });
    expect(await call('history:rollback', { ...ref, toVersion: ids[0], expectedVersion: ids[2] })).toMatchObject({
      ok: false,
      error: { code: 'READ_ONLY' },
    });
    // Changing the connection closed its provider: ask the registry again.
    expect((await (await get()).read(name)).version).toBe(ids[2]);
  });

  for (const kind of KINDS) {
    it(`${kind}: soft delete and restore, then destroy with the name typed and a fresh code`, async () => {
      const { call, env, stepUp, freshCode } = await build();
      const { environment, provider: get } = env(kind, false);
      const provider = await get();
      const name = nameFor(kind, 'deleted');
      const ids = await threeVersions(provider, kind, name);
      const ref = { environmentId: environment.id, name };
      const scoped = kind === 'vault' ? { versions: [ids[1]] } : {};

      expect(await call('history:delete', { ...ref, ...scoped })).toEqual({ ok: true, value: { ok: true } });
      if (kind === 'vault') {
        const page = (await provider.versions(name)).items;
        expect(page.find((v) => v.id === ids[1])).toMatchObject({ deleted: true });
      } else {
        expect((await provider.metadata(name)).deleted).toBe(true);
        // A deleted secret still opens, marked deleted, so it can be restored from its history.
        expect(await call('history:open', ref)).toMatchObject({ ok: true, value: { metadata: { deleted: true } } });
      }
      expect(await call('history:restore', { ...ref, ...scoped })).toEqual({ ok: true, value: { ok: true } });
      const restored = await provider.read(name, kind === 'vault' ? ids[1] : undefined);
      expect(restored.value).toEqual(value(kind, kind === 'vault' ? 2 : 3));

      await stepUp();
      const destroy = { ...ref, ...scoped, confirmName: name };
      expect(await call('history:destroy', { ...destroy, confirmName: `${name}x`, code: await freshCode() })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect(await call('history:destroy', { ...destroy, code: '000000' })).toMatchObject({ ok: false, error: { code: 'MFA_CODE_REJECTED' } });
      expect(await call('history:destroy', { ...destroy, code: await freshCode() })).toEqual({ ok: true, value: { ok: true } });
      if (kind === 'vault') {
        expect((await provider.versions(name)).items.find((v) => v.id === ids[1])).toMatchObject({ destroyed: true });
        await expect(provider.read(name, ids[1])).rejects.toMatchObject({ code: 'DELETED' });
      } else {
        await expect(provider.metadata(name)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      }
    });
  }

  // Azure's writes re-read every version first (verify-after), so its long history is shorter: still five pages of 25.
  for (const [kind, count] of [
    ['vault', 300],
    ['azure', 120],
  ] as const) {
    it(`${kind}: a ${count}-version history opens at once and pages lazily`, async () => {
      const { call, env } = await build();
      const { environment, provider: get } = env(kind, false);
      const provider = await get();
      const name = nameFor(kind, 'long');
      let version = (await provider.create(name, { value: value(kind, 0) })).version;
      if (kind === 'vault') await provider.updateMetadata(name, { maxVersions: 1000 });
      for (let n = 1; n < count; n += 1) version = (await provider.write(name, { value: value(kind, n), expectedVersion: version })).version;

      const opened = (await call('history:open', { environmentId: environment.id, name })) as {
        ok: true;
        value: { page: { items: Array<{ id: string; current: boolean }>; next?: string } };
      };
      expect(opened.ok).toBe(true);
      // Opening reads one page, however long the history: asserted by count, not by time.
      expect(opened.value.page.items.length).toBeLessThan(count);
      expect(opened.value.page.next).toBeDefined();
      const seen = [...opened.value.page.items];
      let cursor = opened.value.page.next;
      while (cursor !== undefined) {
        const next = (await call('history:versions', { environmentId: environment.id, name, cursor })) as {
          ok: true;
          value: { items: typeof seen; next?: string };
        };
        seen.push(...next.value.items);
        cursor = next.value.next;
      }
      expect(new Set(seen.map((v) => v.id)).size).toBe(count);
      expect(seen.filter((v) => v.current).map((v) => v.id)).toEqual([version]);
      if (kind === 'vault') expect(opened.value.page.items[0]?.id).toBe('300');
    }, 60_000);
  }
});
