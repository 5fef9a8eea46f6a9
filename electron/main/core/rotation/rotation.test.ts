/**
 * Guided rotation end to end through core: the contract's dispatch, the embedded sandbox's Vault
 * over the official SDK, the real keychain, and a real PostgreSQL server (log_statement=all) that
 * must never see a password in plaintext.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bindContract } from '../../../../shared/ipc/bind';
import { contract } from '../../../../shared/ipc/contract';
import type { RotationPlan, RotationView } from '../../../../shared/ipc/channels/rotation';
import { composeCore } from '../../compose-core';
import { postgresSkipReason, startPostgres, type PostgresServer } from '../../testing/postgres';
import { createHandlers } from '../handlers';
import { silentLogger } from '../logger';
import { totpAt } from '../mfa/totp';
import { fieldsValue, stringValue } from '../providers/value';
import { ManualClock } from '../testing/manual-clock';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';
import { canLogin } from './postgres-target';
import { scramVerifier } from './scram';

type Result = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
const POLICY = { length: 24, lower: true, upper: true, digits: true, symbols: false, exclude: 'lI1O0' };

describe.skipIf(postgresSkipReason !== '')(`rotation against PostgreSQL${postgresSkipReason ? ` (skipped: ${postgresSkipReason})` : ''}`, () => {
  const tempDir = useTempDir();
  let server: PostgresServer;
  let http: Server;
  let httpUrl = '';
  let accepted = '';
  const seen: string[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    server = await startPostgres();
    // Answers 200 only to the value in `accepted` (the validators' loopback service).
    http = createServer((request, response) => {
      const header = request.headers.authorization ?? '';
      seen.push(header);
      response.writeHead(accepted !== '' && header === `Bearer ${accepted}` ? 200 : 401).end();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    httpUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/check`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await server?.stop();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function role(name: string, password: string, extra = ''): Promise<void> {
    const admin = await server.admin();
    try {
      await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(name)}`);
      await admin.query(`CREATE ROLE ${admin.escapeIdentifier(name)} LOGIN ${extra} PASSWORD ${admin.escapeLiteral(scramVerifier(password))}`);
    } finally {
      await admin.end();
    }
  }

  const login = (user: string, password: string) => canLogin({ host: server.host, port: server.port, user, password, database: 'postgres' });

  async function build() {
    const dataDir = tempDir();
    const core = composeCore({
      dataDir,
      keychain: testKeychain(),
      clock: new ManualClock(Date.now()),
      logger: silentLogger,
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { seedCount: 5 },
    });
    cleanups.push(() => core.close());
    const dispatch = bindContract(contract, createHandlers(core));
    const call = (channel: string, payload: unknown) => dispatch(channel, payload, { signal: new AbortController().signal }) as Promise<Result>;
    await core.sandbox.open();
    const { connections, environments } = await core.connections.list();
    const connection = connections.find((c) => c.config.kind === 'vault')!;
    const environment = environments.find((e) => e.connectionId === connection.id && !e.protected)!;
    const provider = await core.providers.get(core.connections.connection(connection.id), core.connections.environment(environment.id));
    const view = async (channel: string, payload: unknown): Promise<RotationView> => {
      const result = await call(channel, payload);
      expect(result.error).toBeUndefined();
      return result.value as RotationView;
    };
    return { core, call, view, provider, environment, dataDir };
  }

  function dbFields(user: string, password: string): Record<string, string> {
    return { host: server.host, port: String(server.port), username: user, password, dbname: 'postgres' };
  }

  /** No password in the server's log, nor in Keyhole's store outside the escrow's ciphertext. */
  function expectNowhere(dataDir: string, ...passwords: string[]) {
    const log = server.log();
    expect(log).toContain('ALTER ROLE');
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('keyhole.sqlite'))) {
      const bytes = readFileSync(join(dataDir, file));
      for (const password of passwords) expect(bytes.includes(Buffer.from(password)), file).toBe(false);
    }
    for (const password of passwords) expect(log).not.toContain(password);
  }

  it('single user: applications log in with the new password and not the old; the old value is the previous version', async () => {
    const { view, provider, environment, dataDir, core } = await build();
    const old = 'Old-single-pass-4hQ9xZ';
    await role('app_single', old);
    const created = await provider.create('rotation/db-single', { value: fieldsValue(dbFields('app_single', old)) });
    accepted = '';
    const plan: RotationPlan = {
      secret: { environmentId: environment.id, name: 'rotation/db-single' },
      field: 'password',
      generator: { kind: 'random', policy: POLICY },
      target: { kind: 'postgres', strategy: 'single', connectWith: { source: 'self' } },
      validators: [{ kind: 'postgres-login' }],
    };
    let rotation = await view('rotation:start', { plan, reason: 'quarterly' });
    expect(rotation).toMatchObject({ status: 'awaiting-confirmation', awaiting: 'apply' });
    expect(rotation.steps.map((s) => [s.name, s.status])).toEqual([
      ['generate', 'done'],
      ['stage', 'done'],
      ['apply', 'pending'],
      ['validate', 'pending'],
      ['promote', 'pending'],
      ['verify', 'pending'],
      ['finish', 'pending'],
    ]);
    expect(rotation.steps[2]!.plan).toContain('SCRAM-SHA-256');
    expect(await login('app_single', old)).toBe(true);

    rotation = await view('rotation:confirm', { id: rotation.id, step: 'apply' });
    expect(rotation).toMatchObject({ status: 'awaiting-confirmation', awaiting: 'promote' });
    expect(rotation.steps[3]!.result).toContain('logged in with the new password');
    expect(await login('app_single', old)).toBe(false);
    // Not promoted yet: the secret still holds the old value.
    expect((await provider.read('rotation/db-single')).version).toBe(created.version);

    rotation = await view('rotation:confirm', { id: rotation.id, step: 'promote' });
    expect(rotation.status).toBe('completed');
    expect(rotation.steps.every((s) => s.status === 'done')).toBe(true);
    const current = await provider.read('rotation/db-single');
    expect(current.version).not.toBe(created.version);
    const next = (current.value as { fields: Record<string, string> }).fields.password!;
    expect(next).toHaveLength(24);
    expect(await login('app_single', next)).toBe(true);
    expect(await login('app_single', old)).toBe(false);
    expect((await provider.read('rotation/db-single', created.version)).value).toEqual(fieldsValue(dbFields('app_single', old)));
    expect(JSON.stringify(rotation)).not.toContain(next);

    const actions = core.audit.list(200).map((e) => e.action);
    for (const step of ['start', 'generate', 'stage', 'apply', 'validate', 'promote', 'verify', 'finish'])
      expect(actions).toContain(`rotation.${step}`);
    expect(JSON.stringify(core.audit.list(200))).not.toContain(next);
    await core.audit.flush();
    expectNowhere(dataDir, old, next);
  }, 30_000);

  it('alternating users: the other role takes the new password while the current one keeps working until its turn', async () => {
    const { view, provider, environment, dataDir } = await build();
    const aOld = 'Alt-a-old-pass-7Tq2Wm';
    const bOld = 'Alt-b-old-pass-9Rk3Xn';
    await role('app_blue', aOld);
    await role('app_green', bOld);
    const first = await provider.create('rotation/db-alt', { value: fieldsValue(dbFields('app_green', bOld)) });
    const second = await provider.write('rotation/db-alt', { value: fieldsValue(dbFields('app_blue', aOld)), expectedVersion: first.version });
    await provider.create('rotation/pg-admin', { value: fieldsValue(dbFields('postgres', server.adminPassword)) });
    const plan: RotationPlan = {
      secret: { environmentId: environment.id, name: 'rotation/db-alt' },
      field: 'password',
      generator: { kind: 'random', policy: POLICY },
      target: {
        kind: 'postgres',
        strategy: 'alternating',
        roles: ['app_blue', 'app_green'],
        connectWith: { source: 'admin', secret: { environmentId: environment.id, name: 'rotation/pg-admin' } },
      },
      validators: [{ kind: 'postgres-login' }],
    };
    let rotation = await view('rotation:start', { plan });
    rotation = await view('rotation:confirm', { id: rotation.id, step: 'apply' });
    expect(rotation.awaiting).toBe('promote');
    expect(await login('app_blue', aOld)).toBe(true);
    rotation = await view('rotation:confirm', { id: rotation.id, step: 'promote' });
    expect(rotation.status).toBe('completed');
    const fields = ((await provider.read('rotation/db-alt')).value as { fields: Record<string, string> }).fields;
    expect(fields.username).toBe('app_green');
    expect(await login('app_green', fields.password!)).toBe(true);
    expect(await login('app_green', bOld)).toBe(false);
    // The role applications used until now still works: its turn comes next time.
    expect(await login('app_blue', aOld)).toBe(true);
    expect((await provider.read('rotation/db-alt', second.version)).value).toEqual(fieldsValue(dbFields('app_blue', aOld)));
    expectNowhere(dataDir, aOld, bOld, fields.password!, server.adminPassword);
  }, 30_000);

  it('a validation that fails undoes the apply: the role keeps its old password and the secret is unchanged', async () => {
    const { view, provider, environment, core } = await build();
    const old = 'Val-fail-old-pass-2Zp8Yc';
    await role('app_validate', old);
    const created = await provider.create('rotation/db-validate', { value: fieldsValue(dbFields('app_validate', old)) });
    accepted = 'something-else-entirely';
    seen.length = 0;
    const plan: RotationPlan = {
      secret: { environmentId: environment.id, name: 'rotation/db-validate' },
      field: 'password',
      generator: { kind: 'random', policy: POLICY },
      target: { kind: 'postgres', strategy: 'single', connectWith: { source: 'self' } },
      validators: [{ kind: 'postgres-login' }, { kind: 'http', url: httpUrl, header: 'Authorization', prefix: 'Bearer ' }],
    };
    let rotation = await view('rotation:start', { plan });
    rotation = await view('rotation:confirm', { id: rotation.id, step: 'apply' });
    expect(rotation.status).toBe('rolled-back');
    expect(rotation.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('answered HTTP 401') });
    expect(rotation.steps.map((s) => [s.name, s.status])).toEqual([
      ['generate', 'undone'],
      ['stage', 'undone'],
      ['apply', 'undone'],
      ['validate', 'failed'],
      ['promote', 'skipped'],
      ['verify', 'skipped'],
      ['finish', 'skipped'],
    ]);
    expect(rotation.steps[2]!.result).toContain('old password back');
    expect(seen).toHaveLength(1);
    expect(await login('app_validate', old)).toBe(true);
    expect(await login('app_validate', seen[0]!.slice('Bearer '.length))).toBe(false);
    expect((await provider.read('rotation/db-validate')).version).toBe(created.version);
    expect(core.audit.list(100).some((e) => e.action === 'rotation.undo.apply' && e.outcome === 'success')).toBe(true);
    // The secret is free for a new rotation.
    expect((await view('rotation:start', { plan: { ...plan, validators: [] } })).status).toBe('awaiting-confirmation');
  }, 30_000);

  it('refuses a second rotation while one is pending, and a checklist target promotes only with every item ticked', async () => {
    const { call, view, provider, environment } = await build();
    await provider.create('rotation/api-key', { value: fieldsValue({ token: 'tok-initial-value-31', owner: 'ops' }) });
    const plan: RotationPlan = {
      secret: { environmentId: environment.id, name: 'rotation/api-key' },
      field: 'token',
      generator: { kind: 'manual', value: 'tok-entered-by-hand-77' },
      target: { kind: 'none', checklist: ['Updated the CI variable', 'Restarted the worker'] },
      validators: [],
    };
    // A validator would send the new credential: plain http only to loopback.
    const insecure = await call('rotation:start', {
      plan: { ...plan, validators: [{ kind: 'http', url: 'http://api.example.com/check', header: 'Authorization', prefix: '' }] },
    });
    expect(insecure).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const first = await view('rotation:start', { plan });
    const refused = await call('rotation:start', { plan });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ROTATION_PENDING', message: expect.stringContaining('resume or abort') } });
    await view('rotation:confirm', { id: first.id, step: 'apply' });
    expect(await call('rotation:confirm', { id: first.id, step: 'promote', checklist: [true, false] })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    const done = await view('rotation:confirm', { id: first.id, step: 'promote', checklist: [true, true] });
    expect(done.status).toBe('completed');
    expect((await provider.read('rotation/api-key')).value).toEqual(fieldsValue({ token: 'tok-entered-by-hand-77', owner: 'ops' }));
    // Aborting an awaiting rotation drops the pending value and frees the secret.
    const second = await view('rotation:start', { plan: { ...plan, generator: { kind: 'random', policy: POLICY } } });
    expect((await view('rotation:abort', { id: second.id })).status).toBe('rolled-back');
    expect((await provider.read('rotation/api-key')).value).toEqual(fieldsValue({ token: 'tok-entered-by-hand-77', owner: 'ops' }));
  }, 30_000);
});

describe('rotation on AWS: the stage is AWSPENDING', () => {
  const tempDir = useTempDir();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('stages under AWSPENDING only, promotes it to AWSCURRENT (old AWSPREVIOUS), drops it on abort, and refuses while a label is left elsewhere', async () => {
    const core = composeCore({
      dataDir: tempDir(),
      keychain: testKeychain(),
      clock: new ManualClock(Date.now()),
      logger: silentLogger,
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { seedCount: 5, providers: ['aws'] },
    });
    cleanups.push(() => core.close());
    const dispatch = bindContract(contract, createHandlers(core));
    const call = (channel: string, payload: unknown) => dispatch(channel, payload, { signal: new AbortController().signal }) as Promise<Result>;
    await core.sandbox.open();
    const { connections, environments } = await core.connections.list();
    const environment = environments.find((e) => e.connectionId === connections[0]!.id && !e.protected)!;
    const provider = await core.providers.get(core.connections.connection(connections[0]!.id), core.connections.environment(environment.id));
    const created = await provider.create('rotation/aws-key', { value: fieldsValue({ token: 'aws-initial-token-55', owner: 'ops' }) });
    const stages = async (name: string) =>
      Object.fromEntries(
        (await provider.versions(name, undefined, { includeDeprecated: true })).items.map((v) => [v.id, (v.stages ?? []).sort().join(',')]),
      );
    const plan: RotationPlan = {
      secret: { environmentId: environment.id, name: 'rotation/aws-key' },
      field: 'token',
      generator: { kind: 'random', policy: POLICY },
      target: { kind: 'none', checklist: ['Told the partner'] },
      validators: [],
    };

    const started = (await call('rotation:start', { plan })).value as RotationView;
    expect(started.status).toBe('awaiting-confirmation');
    expect(started.steps[1]!.result).toContain('AWSPENDING');
    expect(await stages('rotation/aws-key')).toEqual({ [created.version]: 'AWSCURRENT', [started.id]: 'AWSPENDING' });
    expect((await provider.read('rotation/aws-key')).version).toBe(created.version);

    await call('rotation:confirm', { id: started.id, step: 'apply' });
    const done = (await call('rotation:confirm', { id: started.id, step: 'promote', checklist: [true] })).value as RotationView;
    expect(done.status).toBe('completed');
    expect(await stages('rotation/aws-key')).toEqual({ [created.version]: 'AWSPREVIOUS', [started.id]: 'AWSCURRENT' });

    const aborted = (await call('rotation:start', { plan })).value as RotationView;
    expect((await stages('rotation/aws-key'))[aborted.id]).toBe('AWSPENDING');
    expect(((await call('rotation:abort', { id: aborted.id })).value as RotationView).status).toBe('rolled-back');
    expect(Object.values(await stages('rotation/aws-key'))).not.toContain('AWSPENDING');
    expect((await provider.read('rotation/aws-key')).version).toBe(started.id);

    // An AWSPENDING label another tool left behind blocks a rotation, with the way out said.
    await provider.create('rotation/aws-other', { value: fieldsValue({ token: 'aws-other-token-12' }) });
    await provider.pending!.put('rotation/aws-other', fieldsValue({ token: 'left-behind-token-34' }), randomUUID());
    const refused = await call('rotation:start', { plan: { ...plan, secret: { ...plan.secret, name: 'rotation/aws-other' } } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ROTATION_PENDING_LABEL', message: expect.stringContaining('remove the label') } });
  }, 30_000);
});

describe('rotation of a protected path', () => {
  const tempDir = useTempDir();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('needs a fresh code to confirm apply and promote, and audits the refusal', async () => {
    const clock = new ManualClock(Math.ceil(Date.now() / 30_000) * 30_000);
    const core = composeCore({
      dataDir: tempDir(),
      keychain: testKeychain(),
      clock,
      logger: silentLogger,
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { seedCount: 5, providers: ['vault'] },
    });
    cleanups.push(() => core.close());
    const dispatch = bindContract(contract, createHandlers(core));
    const call = (channel: string, payload: unknown) => dispatch(channel, payload, { signal: new AbortController().signal }) as Promise<Result>;
    await core.sandbox.open();
    const { environments } = await core.connections.list();
    const environment = environments.find((e) => e.protected)!;
    const provider = await core.providers.get(core.connections.connection(environment.connectionId), core.connections.environment(environment.id));
    await provider.create('rotation/protected-key', { value: fieldsValue({ token: 'protected-initial-88' }) });
    const plan: RotationPlan = {
      secret: { environmentId: environment.id, name: 'rotation/protected-key' },
      field: 'token',
      generator: { kind: 'random', policy: POLICY },
      target: { kind: 'none', checklist: [] },
      validators: [],
    };
    const started = (await call('rotation:start', { plan })).value as RotationView;
    expect(started.protected).toBe(true);
    expect(await call('rotation:confirm', { id: started.id, step: 'apply', code: '123456' })).toMatchObject({
      ok: false,
      error: { code: 'MFA_NOT_ENROLLED' },
    });
    const enrollment = await core.mfa.beginEnrollment({});
    await core.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(enrollment.secret, clock.now()));
    await clock.advance(30_000);
    expect(await call('rotation:confirm', { id: started.id, step: 'apply' })).toMatchObject({ ok: false, error: { code: 'MFA_CODE_REQUIRED' } });
    const applied = await call('rotation:confirm', { id: started.id, step: 'apply', code: await totpAt(enrollment.secret, clock.now()) });
    expect((applied.value as RotationView).awaiting).toBe('promote');
    await clock.advance(30_000);
    const promoted = await call('rotation:confirm', {
      id: started.id,
      step: 'promote',
      checklist: [],
      code: await totpAt(enrollment.secret, clock.now()),
    });
    expect((promoted.value as RotationView).status).toBe('completed');
    expect(core.audit.list(200).some((e) => e.outcome === 'refused' || e.outcome === 'failure')).toBe(true);
  }, 30_000);
});

describe('rotation on Azure: the stage is the escrow', () => {
  const tempDir = useTempDir();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('rotates a whole string value with a checklist; nothing is current until promote; the old value is the previous version', async () => {
    const core = composeCore({
      dataDir: tempDir(),
      keychain: testKeychain(),
      clock: new ManualClock(Date.now()),
      logger: silentLogger,
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { seedCount: 5, providers: ['azure'] },
    });
    cleanups.push(() => core.close());
    const dispatch = bindContract(contract, createHandlers(core));
    const call = (channel: string, payload: unknown) => dispatch(channel, payload, { signal: new AbortController().signal }) as Promise<Result>;
    await core.sandbox.open();
    const { environments } = await core.connections.list();
    const environment = environments.find((e) => !e.protected)!;
    const provider = await core.providers.get(core.connections.connection(environment.connectionId), core.connections.environment(environment.id));
    const created = await provider.create('rotation-webhook', { value: stringValue('whsec-initial-value-42') });
    const plan: RotationPlan = {
      secret: { environmentId: environment.id, name: 'rotation-webhook' },
      generator: { kind: 'random', policy: POLICY },
      target: { kind: 'none', checklist: ['Pasted into the partner portal'] },
      validators: [],
    };
    const started = (await call('rotation:start', { plan })).value as RotationView;
    expect(started.steps[1]!.result).toContain('held as ciphertext');
    await call('rotation:confirm', { id: started.id, step: 'apply' });
    expect((await provider.read('rotation-webhook')).version).toBe(created.version);
    const done = (await call('rotation:confirm', { id: started.id, step: 'promote', checklist: [true] })).value as RotationView;
    expect(done.status).toBe('completed');
    const current = await provider.read('rotation-webhook');
    expect(current.version).not.toBe(created.version);
    expect(current.value).toMatchObject({ kind: 'string' });
    expect((current.value as { value: string }).value).toHaveLength(24);
    expect((await provider.read('rotation-webhook', created.version)).value).toEqual(stringValue('whsec-initial-value-42'));
  }, 30_000);
});
