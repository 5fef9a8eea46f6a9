/**
 * Create, edit and delete end to end through core: the real sandbox (composeCore), the official
 * SDKs, the contract's dispatch, the real audit log and MFA.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderKind } from '../../../../shared/domain';
import { bindContract } from '../../../../shared/ipc/bind';
import { contract } from '../../../../shared/ipc/contract';
import { composeCore } from '../../compose-core';
import { createHandlers } from '../handlers';
import { silentLogger } from '../logger';
import { totpAt } from '../mfa/totp';
import { fieldsValue, stringValue } from '../providers/value';
import { ManualClock } from '../testing/manual-clock';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';

const STEP = 30_000;
const CANARY = 'kh-edit-canary-Pz8w';
const KINDS: ProviderKind[] = ['vault', 'aws', 'azure'];

type Result = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
type Call = (channel: string, payload: unknown) => Promise<Result>;

describe('create, edit and delete through core', () => {
  const tempDir = useTempDir();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function build() {
    const clock = new ManualClock(Math.ceil(Date.now() / STEP) * STEP + 10_000);
    const core = composeCore({
      dataDir: tempDir(),
      keychain: testKeychain(),
      clock,
      logger: silentLogger,
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { canary: CANARY, seedCount: 10 },
    });
    cleanups.push(() => core.close());
    const dispatch = bindContract(contract, createHandlers(core));
    const call = ((channel, payload) => dispatch(channel, payload, { signal: new AbortController().signal })) as Call;
    await core.sandbox.open();
    const { connections, environments } = await core.connections.list();
    const env = (kind: ProviderKind, protectedEnv: boolean) => {
      const connection = connections.find((c) => c.config.kind === kind)!;
      const environment = environments.find((e) => e.connectionId === connection.id && e.protected === protectedEnv)!;
      const provider = () => core.providers.get(core.connections.connection(connection.id), core.connections.environment(environment.id));
      return { connection, environment, provider };
    };
    let secret: string | undefined;
    const nextCode = async () => {
      await clock.advance(STEP);
      return totpAt(secret!, clock.now());
    };
    const stepUp = async () => {
      if (secret === undefined) {
        const enrollment = await core.mfa.beginEnrollment({});
        await core.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(enrollment.secret, clock.now()));
        secret = enrollment.secret;
      }
      await core.mfa.stepUp(await nextCode());
    };
    const events = (action: string) => core.audit.list(500).filter((e) => e.action === action);
    return { core, call, env, stepUp, nextCode, events };
  }

  const nameFor = (kind: ProviderKind, label: string) => (kind === 'azure' ? `edit-${label}` : `edit/${label}`);
  const tags = { team: 'payments' };
  const metadataPatch: Record<ProviderKind, Record<string, unknown>> = {
    vault: { tags: { owner: 'ops' }, maxVersions: 5, casRequired: false },
    aws: { tags: { owner: 'ops' }, description: 'db login' },
    azure: { tags: { owner: 'ops' }, enabled: true, expiresAt: '2030-01-01T00:00:00.000Z', contentType: 'application/json' },
  };

  for (const kind of KINDS) {
    it(`${kind}: create with fields and metadata, edit a field with a preview, edit metadata, delete`, async () => {
      const { call, env, events } = await build();
      const { environment, provider } = env(kind, false);
      const name = nameFor(kind, 'login');
      const ref = { environmentId: environment.id, name };

      expect(await call('edit:checkName', { environmentId: environment.id, name })).toMatchObject({ ok: true, value: { valid: true } });
      const created = await call('edit:create', {
        ...ref,
        value: { kind: 'fields', set: { user: 'svc', password: `${CANARY}-1` } },
        metadata: { tags },
      });
      expect(created).toMatchObject({ ok: true });
      expect(await call('edit:create', { ...ref, value: { kind: 'fields', set: { a: 'b' } } })).toMatchObject({
        ok: false,
        error: { code: 'ALREADY_EXISTS' },
      });

      const opened = (await call('edit:open', ref)) as { ok: true; value: { version: string; fieldNames: string[]; metadataKeys: string[] } };
      expect(opened.ok).toBe(true);
      expect(opened.value.fieldNames).toEqual(['password', 'user']);
      expect(opened.value.metadataKeys).toEqual(expect.arrayContaining(Object.keys(metadataPatch[kind])));
      expect(JSON.stringify(opened)).not.toContain(CANARY);
      expect((await (await provider()).metadata(name)).tags).toMatchObject(tags);

      const change = { kind: 'fields', set: { password: `${CANARY}-2`, port: '5432' }, remove: ['user'] };
      const preview = await call('edit:preview', { ...ref, expectedVersion: opened.value.version, value: change });
      expect(preview).toEqual({
        ok: true,
        value: {
          unchanged: false,
          fields: [
            { field: 'password', change: 'changed' },
            { field: 'port', change: 'added' },
            { field: 'user', change: 'removed' },
          ],
        },
      });
      const written = (await call('edit:write', { ...ref, expectedVersion: opened.value.version, value: change })) as {
        ok: true;
        value: { version: string };
      };
      expect(written.ok).toBe(true);
      const read = await (await provider()).read(name);
      expect(read.version).toBe(written.value.version);
      expect(read.value).toEqual(fieldsValue({ password: `${CANARY}-2`, port: '5432' }));

      expect(await call('edit:updateMetadata', { ...ref, patch: metadataPatch[kind] })).toEqual({ ok: true, value: { ok: true } });
      const metadata = await (await provider()).metadata(name);
      expect(metadata.tags).toEqual({ owner: 'ops' });
      if (kind === 'aws') expect(metadata.description).toBe('db login');
      if (kind === 'vault') expect(metadata.maxVersions).toBe(5);
      if (kind === 'azure') expect(metadata.expiresAt).toBe('2030-01-01T00:00:00.000Z');
      // The value is untouched by a metadata change.
      expect((await (await provider()).read(name)).version).toBe(written.value.version);
      const unsupported = kind === 'azure' ? { description: 'x' } : { enabled: false };
      expect(await call('edit:updateMetadata', { ...ref, patch: unsupported })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });

      expect(await call('edit:delete', { ...ref, confirmName: 'wrong' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      const deleted = await call('edit:delete', { ...ref, confirmName: name, ...(kind === 'aws' ? { recoveryDays: 7 } : {}) });
      expect(deleted).toMatchObject({ ok: true, value: { restorable: true } });
      if (kind === 'aws') expect((deleted.value as { restorableUntil?: string }).restorableUntil).toBeTruthy();
      expect((await (await provider()).metadata(name)).deleted).toBe(true);

      for (const action of ['secret.create', 'secret.write', 'secret.update', 'secret.delete']) {
        const outcomes = events(action).filter((e) => e.phase === 'outcome' && e.outcome === 'success');
        expect(outcomes.length, action).toBeGreaterThan(0);
        expect(
          events(action).some((e) => e.phase === 'attempt'),
          action,
        ).toBe(true);
      }
      const writeOutcome = events('secret.write').find((e) => e.phase === 'outcome')!;
      if (kind !== 'azure' || writeOutcome.requestId !== null) expect(writeOutcome.requestId).toBeTruthy();
      expect(events('secret.delete').some((e) => e.outcome === 'refused' && e.code === 'INVALID_INPUT')).toBe(true);
      expect(JSON.stringify(editEvents(events))).not.toContain(CANARY);
    });

    it(`${kind}: a concurrent write between opening the editor and saving is refused with nothing written`, async () => {
      const { call, env, events } = await build();
      const { environment, provider } = env(kind, false);
      const name = nameFor(kind, 'race');
      const ref = { environmentId: environment.id, name };
      const first = kind === 'vault' ? fieldsValue({ a: '1' }) : stringValue('one');
      const created = await (await provider()).create(name, { value: first });
      const opened = (await call('edit:open', ref)) as { ok: true; value: { version: string } };
      expect(opened.value.version).toBe(created.version);
      const theirs = await (
        await provider()
      ).write(name, {
        value: kind === 'vault' ? fieldsValue({ a: 'theirs' }) : stringValue('theirs'),
        expectedVersion: created.version,
      });
      const mine = kind === 'vault' ? { kind: 'fields', set: { a: `${CANARY}-mine` } } : { kind: 'string', value: `${CANARY}-mine` };
      expect(await call('edit:preview', { ...ref, expectedVersion: created.version, value: mine })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT' },
      });
      const refused = await call('edit:write', { ...ref, expectedVersion: created.version, value: mine });
      expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(refused.error?.message).toContain('changed since it was read');
      const now = await (await provider()).read(name);
      expect(now.version).toBe(theirs.version);
      expect(JSON.stringify(now.value)).not.toContain(CANARY);
      // The fresh state the editor reloads under the refusal.
      expect(await call('edit:open', ref)).toMatchObject({ ok: true, value: { version: theirs.version } });
      expect(events('secret.write').some((e) => e.outcome === 'failure' && e.code === 'CONFLICT')).toBe(true);
    });

    it(`${kind}: invalid names and values are refused and change nothing`, async () => {
      const { call, env } = await build();
      const { environment, provider } = env(kind, false);
      const ref = { environmentId: environment.id, name: nameFor(kind, 'bad-input') };
      const badName = kind === 'vault' ? 'a/../b' : kind === 'aws' ? 'has space' : 'under_score';
      expect(await call('edit:checkName', { environmentId: environment.id, name: badName })).toMatchObject({
        ok: true,
        value: { valid: false },
      });
      expect(await call('edit:create', { ...ref, name: badName, value: { kind: 'fields', set: { a: 'b' } } })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_NAME' },
      });
      const huge = 'x'.repeat(kind === 'vault' ? 600 * 1024 : 70 * 1024);
      const cases: Array<[unknown, string]> = [
        [{ kind: 'json', text: '{"a": ' }, 'INVALID_INPUT'],
        [{ kind: 'fields', set: { a: huge } }, 'VALUE_TOO_LARGE'],
        [{ kind: 'fields', set: { a: 'nul\u0000byte' } }, 'VALUE_NOT_TEXT'],
      ];
      for (const [value, code] of cases) expect(await call('edit:create', { ...ref, value }), code).toMatchObject({ ok: false, error: { code } });
      await expect((await provider()).metadata(ref.name)).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|DELETED/) });
    });
  }

  it('vault: deletes chosen versions; the other providers refuse versions', async () => {
    const { call, env } = await build();
    const { environment, provider } = env('vault', false);
    const name = 'edit/versions';
    const created = await (await provider()).create(name, { value: fieldsValue({ a: '1' }) });
    await (await provider()).write(name, { value: fieldsValue({ a: '2' }), expectedVersion: created.version });
    const ref = { environmentId: environment.id, name };
    expect(await call('edit:delete', { ...ref, confirmName: name, versions: ['1'] })).toMatchObject({ ok: true, value: { restorable: true } });
    const versions = (await (await provider()).versions(name)).items;
    expect(versions.find((v) => v.id === '1')?.deleted).toBe(true);
    expect(versions.find((v) => v.id === '2')?.deleted).not.toBe(true);
    const aws = env('aws', false);
    await (await aws.provider()).create(name, { value: stringValue('x') });
    expect(await call('edit:delete', { environmentId: aws.environment.id, name, confirmName: name, versions: ['1'] })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED' },
    });
  });

  it('a read-only connection refuses every write (audited), and a protected path needs the step-up', async () => {
    const { core, call, env, stepUp, nextCode, events } = await build();
    const { environment, connection, provider } = env('vault', true);
    const name = 'edit/protected';
    const ref = { environmentId: environment.id, name };
    const value = { kind: 'fields', set: { k: 'v' } };
    expect(await call('edit:create', { ...ref, value })).toMatchObject({ ok: false, error: { code: 'STEP_UP_REQUIRED' } });
    await stepUp();
    expect(await call('edit:create', { ...ref, value })).toMatchObject({ ok: true });
    // A preview answers whether a typed value equals the current one: gated like the write.
    await core.mfa.lock('command');
    await core.mfa.unlock({ code: await nextCode() });
    const current = await (await provider()).read(name);
    expect(await call('edit:preview', { ...ref, expectedVersion: current.version, value })).toMatchObject({
      ok: false,
      error: { code: 'STEP_UP_REQUIRED' },
    });
    await stepUp();
    expect(await call('edit:preview', { ...ref, expectedVersion: current.version, value })).toMatchObject({
      ok: true,
      value: { unchanged: true },
    });
    await core.connections.update({ id: connection.id, readOnly: true });
    const opened = (await call('edit:open', ref)) as { ok: true; value: { version: string; readOnly: boolean } };
    expect(opened.value.readOnly).toBe(true);
    for (const [channel, payload] of [
      ['edit:create', { ...ref, name: 'edit/other', value }],
      ['edit:write', { ...ref, expectedVersion: opened.value.version, value }],
      ['edit:preview', { ...ref, expectedVersion: opened.value.version, value }],
      ['edit:updateMetadata', { ...ref, patch: { tags: { a: 'b' } } }],
      ['edit:delete', { ...ref, confirmName: name }],
    ] as const) {
      expect(await call(channel, payload), channel).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    }
    for (const action of ['secret.create', 'secret.write', 'secret.update', 'secret.delete', 'secret.edit_preview']) {
      expect(
        events(action).some((e) => e.outcome === 'refused' && e.code === 'READ_ONLY'),
        action,
      ).toBe(true);
    }
    expect(events('secret.create').some((e) => e.outcome === 'refused' && e.code === 'STEP_UP_REQUIRED')).toBe(true);
    expect((await (await provider()).read(name)).version).toBe(opened.value.version);
  });
});

function editEvents(events: (action: string) => unknown[]): unknown[] {
  return ['secret.create', 'secret.write', 'secret.update', 'secret.delete'].flatMap(events);
}
