/**
 * Bulk rotation end to end through core: the contract's dispatch, the embedded sandbox over the
 * official SDKs, the real keychain, real SQLite, and a real PostgreSQL server where it is installed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bindContract } from '../../../../../shared/ipc/bind';
import { contract } from '../../../../../shared/ipc/contract';
import type { BulkTemplate, BulkView, RotationView } from '../../../../../shared/ipc/channels/rotation';
import { composeCore } from '../../../compose-core';
import { postgresSkipReason, startPostgres, type PostgresServer } from '../../../testing/postgres';
import { createHandlers } from '../../handlers';
import { silentLogger } from '../../logger';
import { totpAt } from '../../mfa/totp';
import type { Provider } from '../../providers/provider';
import { fieldsValue, type SecretValue } from '../../providers/value';
import { ManualClock } from '../../testing/manual-clock';
import { useTempDir } from '../../testing/temp-dir';
import { testKeychain } from '../../testing/test-keychain';
import { canLogin } from '../postgres-target';
import { scramVerifier } from '../scram';
import { BulkRotationService } from './bulk-service';

type Result = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
const POLICY = { length: 24, lower: true, upper: true, digits: true, symbols: false, exclude: 'lI1O0' };
const CANARY = 'CANARY-bulk-value-8f3Kq';

const checklistTemplate = (validators: Extract<BulkTemplate, { kind: 'guided' }>['validators'] = []): BulkTemplate => ({
  kind: 'guided',
  field: 'password',
  generator: { kind: 'random', policy: POLICY },
  target: { kind: 'none', checklist: ['Told the team'] },
  validators,
});

const tempDir = useTempDir();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function build(options: { providers?: Array<'vault' | 'aws' | 'azure'>; protectedEnvironment?: boolean; clock?: ManualClock } = {}) {
  const dataDir = tempDir();
  const events: Array<{ event: string; payload: unknown }> = [];
  const core = composeCore({
    dataDir,
    keychain: testKeychain(),
    clock: options.clock ?? new ManualClock(Date.now()),
    logger: silentLogger,
    emit: (event, payload) => void events.push({ event, payload }),
    shell: 'e2e-host',
    version: 'test',
    sandbox: { seedCount: 5, providers: options.providers ?? ['vault'] },
  });
  cleanups.push(() => core.close());
  const dispatch = bindContract(contract, createHandlers(core));
  const call = (channel: string, payload: unknown) => dispatch(channel, payload, { signal: new AbortController().signal }) as Promise<Result>;
  await core.sandbox.open();
  const { environments } = await core.connections.list();
  const environment = environments.find((e) => e.protected === (options.protectedEnvironment ?? false))!;
  const provider = await core.providers.get(core.connections.connection(environment.connectionId), core.connections.environment(environment.id));
  const value = async <T>(channel: string, payload: unknown): Promise<T> => {
    const result = await call(channel, payload);
    expect(result.error).toBeUndefined();
    return result.value as T;
  };
  /** Polls rotation:bulkGet as the renderer does, until the bulk is no longer running. */
  const ended = async (id: string): Promise<BulkView> => {
    await core.bulkRotation.settled(id);
    return value<BulkView>('rotation:bulkGet', { id });
  };
  const item = (name: string) => ({ environmentId: environment.id, name });
  return { core, call, value, ended, item, provider, environment, dataDir, events };
}

const password = async (provider: Provider, name: string): Promise<string | undefined> =>
  ((await provider.read(name)).value as { fields: Record<string, string> }).fields.password;

/** No planted value in SQLite's files (the escrow is ciphertext), the audit log or what the views said. */
async function expectNoValue(core: Awaited<ReturnType<typeof build>>['core'], dataDir: string, said: unknown, ...values: string[]) {
  await core.audit.flush();
  const audit = JSON.stringify(core.audit.list(1000));
  const bulks = JSON.stringify(core.db.prepare('SELECT * FROM rotation_bulks').all());
  for (const planted of values) {
    expect(audit).not.toContain(planted);
    expect(bulks).not.toContain(planted);
    expect(JSON.stringify(said)).not.toContain(planted);
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('keyhole.sqlite')))
      expect(readFileSync(join(dataDir, file)).includes(Buffer.from(planted)), file).toBe(false);
  }
}

describe('bulk rotation with a checklist target (Vault)', () => {
  it('rotates three secrets unattended, one after another, each a rotation of its own recorded with the bulk', async () => {
    const { core, call, value, ended, item, provider, dataDir, events } = await build();
    const olds: string[] = [];
    for (const n of [1, 2, 3]) {
      const old = `${CANARY}-${n}`;
      olds.push(old);
      await provider.create(`bulk/app-${n}`, { value: fieldsValue({ username: `app${n}`, password: old }) });
    }
    const items = [1, 2, 3].map((n) => item(`bulk/app-${n}`));

    // Refusals before anything runs: the checklist, a repeated item, an unknown environment, AWS's rotation on Vault.
    const template = checklistTemplate();
    const refusals = await Promise.all([
      call('rotation:bulkStart', { items, template, continueOnFailure: false }),
      call('rotation:bulkStart', { items, template, continueOnFailure: false, checklist: [false] }),
      call('rotation:bulkStart', { items: [items[0], items[0]], template, continueOnFailure: false, checklist: [true] }),
      call('rotation:bulkStart', {
        items: [{ ...items[0], environmentId: '00000000-0000-4000-8000-000000000000' }],
        template,
        continueOnFailure: false,
        checklist: [true],
      }),
      call('rotation:bulkStart', { items, template: { kind: 'aws-native', immediately: true }, continueOnFailure: false }),
    ]);
    expect(refusals.map((r) => r.error?.code)).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'NOT_FOUND', 'UNSUPPORTED']);
    expect((await value<{ bulks: BulkView[] }>('rotation:bulkList', {})).bulks).toEqual([]);

    const started = await value<BulkView>('rotation:bulkStart', {
      items,
      template,
      continueOnFailure: false,
      checklist: [true],
      reason: 'quarterly',
    });
    expect(started.status).toBe('running');
    expect(started.jobId).toBeDefined();
    expect(started.summary).toBe('random 24 characters (lower, upper, digits) for password, checklist of 1 item, no validator');
    const bulk = await ended(started.id);
    expect(bulk.status).toBe('completed');
    expect(bulk.items.map((i) => i.status)).toEqual(['completed', 'completed', 'completed']);

    const news: string[] = [];
    for (const [index, entry] of bulk.items.entries()) {
      const rotation = await value<RotationView>('rotation:get', { id: entry.rotationId });
      expect(rotation).toMatchObject({ status: 'completed', bulkId: bulk.id, name: `bulk/app-${index + 1}` });
      expect(rotation.steps.every((s) => s.status === 'done')).toBe(true);
      const next = (await password(provider, `bulk/app-${index + 1}`))!;
      expect(next).toHaveLength(24);
      news.push(next);
    }
    expect(new Set(news).size).toBe(3);

    const job = events
      .filter((e) => e.event === 'job:progress')
      .map((e) => e.payload as { id: string; kind: string; state: string; done: number; total: number });
    expect(job.at(-1)).toMatchObject({ id: bulk.jobId, kind: 'rotation-bulk', state: 'done', done: 3, total: 3 });

    const audit = core.audit.list(500);
    const start = audit.find((e) => e.action === 'rotation.bulk.start' && e.phase === 'outcome' && e.outcome === 'success')!;
    expect(start.details).toMatchObject({ bulk: bulk.id });
    expect(
      audit.find((e) => e.action === 'rotation.bulk.start' && e.phase === 'attempt' && e.details.bulk === undefined && e.reason === 'quarterly')
        ?.details,
    ).toMatchObject({
      count: 3,
      template: bulk.summary,
      continueOnFailure: false,
    });
    const perItem = audit.filter((e) => e.action === 'rotation.bulk.item').reverse();
    expect(perItem.map((e) => [e.path, e.details.outcome, e.details.rotation])).toEqual(bulk.items.map((i) => [i.name, 'completed', i.rotationId]));
    expect(audit.find((e) => e.action === 'rotation.bulk.end')).toMatchObject({
      outcome: 'success',
      details: { bulk: bulk.id, status: 'completed', completed: 3, failed: 0, skipped: 0, cancelled: 0 },
    });
    // The bulk confirmed each apply and promote, and the audit says so.
    expect(audit.filter((e) => e.action === 'rotation.confirm' && e.details.bulk === bulk.id)).toHaveLength(6);

    await expectNoValue(core, dataDir, [bulk, refusals], ...olds, ...news);
  }, 30_000);

  it('stops at the first failure (the rest skipped), or runs on with continueOnFailure', async () => {
    const { core, value, ended, item, provider, dataDir } = await build();
    await provider.create('bulk/first', { value: fieldsValue({ password: `${CANARY}-first` }) });
    // No field "password": generate fails, and the rotation undoes what it did.
    await provider.create('bulk/second', { value: fieldsValue({ token: `${CANARY}-second` }) });
    await provider.create('bulk/third', { value: fieldsValue({ password: `${CANARY}-third` }) });
    const items = ['bulk/first', 'bulk/second', 'bulk/third'].map(item);
    const template = checklistTemplate();

    const stopped = await ended((await value<BulkView>('rotation:bulkStart', { items, template, continueOnFailure: false, checklist: [true] })).id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.items.map((i) => i.status)).toEqual(['completed', 'failed', 'skipped']);
    expect(stopped.items[1]!.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Generate failed: the secret has no field "password"'),
    });
    expect(stopped.items[2]!.rotationId).toBeUndefined();
    expect((await value<RotationView>('rotation:get', { id: stopped.items[1]!.rotationId })).status).toBe('rolled-back');
    expect(await password(provider, 'bulk/third')).toBe(`${CANARY}-third`);
    expect(core.audit.list(200).find((e) => e.action === 'rotation.bulk.end')).toMatchObject({
      outcome: 'failure',
      code: 'INVALID_INPUT',
      details: { status: 'stopped', completed: 1, failed: 1, skipped: 1 },
    });

    const onward = await ended((await value<BulkView>('rotation:bulkStart', { items, template, continueOnFailure: true, checklist: [true] })).id);
    expect(onward.status).toBe('completed');
    expect(onward.items.map((i) => i.status)).toEqual(['completed', 'failed', 'completed']);
    expect(await password(provider, 'bulk/third')).not.toBe(`${CANARY}-third`);
    expect((await value<{ bulks: BulkView[] }>('rotation:bulkList', {})).bulks.map((b) => b.id)).toEqual([onward.id, stopped.id]);
    await expectNoValue(core, dataDir, [stopped, onward], `${CANARY}-first`, `${CANARY}-second`, `${CANARY}-third`);
  }, 30_000);

  it('keeps the rules of a single rotation: a pending rotation refuses its item (ROTATION_PENDING), a read-only connection the bulk', async () => {
    const { core, call, value, ended, item, provider, environment } = await build();
    await provider.create('bulk/free', { value: fieldsValue({ password: `${CANARY}-free` }) });
    await provider.create('bulk/busy', { value: fieldsValue({ password: `${CANARY}-busy` }) });
    const pending = await value<RotationView>('rotation:start', {
      plan: {
        secret: item('bulk/busy'),
        field: 'password',
        generator: { kind: 'random', policy: POLICY },
        target: { kind: 'none', checklist: [] },
        validators: [],
      },
    });
    expect(pending.status).toBe('awaiting-confirmation');
    const template = checklistTemplate();
    const bulk = await ended(
      (
        await value<BulkView>('rotation:bulkStart', {
          items: [item('bulk/busy'), item('bulk/free')],
          template,
          continueOnFailure: true,
          checklist: [true],
        })
      ).id,
    );
    expect(bulk.items.map((i) => [i.status, i.error?.code])).toEqual([
      ['failed', 'ROTATION_PENDING'],
      ['completed', undefined],
    ]);
    expect(bulk.items[0]!.rotationId).toBeUndefined();
    expect(bulk.items[0]!.error!.message).toContain('resume or abort');
    expect((await value<RotationView>('rotation:get', { id: pending.id })).status).toBe('awaiting-confirmation');

    await value('connections:update', { id: environment.connectionId, readOnly: true });
    expect(await call('rotation:bulkStart', { items: [item('bulk/free')], template, continueOnFailure: false, checklist: [true] })).toMatchObject({
      ok: false,
      error: { code: 'READ_ONLY' },
    });
    expect(core.audit.list(100).find((e) => e.action === 'rotation.bulk.start' && e.phase === 'outcome')).toMatchObject({
      outcome: 'refused',
      code: 'READ_ONLY',
    });
  }, 30_000);

  describe('cancel and restart', () => {
    let http: Server;
    let url = '';
    const held: ServerResponse[] = [];
    let arrived: () => void = () => undefined;

    beforeAll(async () => {
      // A validator that holds its answer until the test lets it go: the item is mid-run meanwhile.
      http = createServer((_request: IncomingMessage, response: ServerResponse) => {
        held.push(response);
        arrived();
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      const address = http.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/check`;
    });
    afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

    const nextRequest = () => new Promise<void>((resolve) => (arrived = resolve));
    const release = () => held.splice(0).forEach((response) => response.writeHead(200).end());

    it('rotation:bulkCancel and jobs:cancel stop before the next item; the item running finishes as it would alone', async () => {
      const { core, call, value, ended, item, provider } = await build();
      for (const n of [1, 2, 3]) await provider.create(`bulk/c-${n}`, { value: fieldsValue({ password: `${CANARY}-c${n}` }) });
      const items = [1, 2, 3].map((n) => item(`bulk/c-${n}`));
      const template = checklistTemplate([{ kind: 'http', url, header: 'Authorization', prefix: 'Bearer ' }]);

      let request = nextRequest();
      const first = await value<BulkView>('rotation:bulkStart', { items, template, continueOnFailure: false, checklist: [true] });
      await request;
      const cancelling = await value<BulkView>('rotation:bulkCancel', { id: first.id });
      expect(cancelling.items[0]!.status).toBe('running');
      release();
      const cancelled = await ended(first.id);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.items.map((i) => i.status)).toEqual(['completed', 'cancelled', 'cancelled']);
      expect(await password(provider, 'bulk/c-2')).toBe(`${CANARY}-c2`);
      expect(core.jobs.list().find((j) => j.id === first.jobId)).toMatchObject({ state: 'cancelled', done: 1, total: 3 });
      // Cancelling a bulk that ended answers it as it is.
      expect((await value<BulkView>('rotation:bulkCancel', { id: first.id })).status).toBe('cancelled');

      request = nextRequest();
      const second = await value<BulkView>('rotation:bulkStart', { items, template, continueOnFailure: false, checklist: [true] });
      await request;
      expect((await call('jobs:cancel', { jobId: second.jobId })).ok).toBe(true);
      release();
      expect((await ended(second.id)).items.map((i) => i.status)).toEqual(['completed', 'cancelled', 'cancelled']);
      expect(core.audit.list(300).find((e) => e.action === 'rotation.bulk.end')).toMatchObject({
        code: 'CANCELLED',
        details: { status: 'cancelled' },
      });
    }, 30_000);

    it('a restart marks a running bulk interrupted', async () => {
      const { core, value, ended, item, provider } = await build();
      await provider.create('bulk/r-1', { value: fieldsValue({ password: `${CANARY}-r1` }) });
      const template = checklistTemplate([{ kind: 'http', url, header: 'Authorization', prefix: 'Bearer ' }]);
      const request = nextRequest();
      const bulk = await value<BulkView>('rotation:bulkStart', { items: [item('bulk/r-1')], template, continueOnFailure: false, checklist: [true] });
      await request;
      // What the next start does over the same database.
      const restarted = new BulkRotationService({
        db: core.db,
        connections: core.connections,
        rotation: core.rotation,
        mfa: core.mfa,
        audit: core.audit,
        jobs: core.jobs,
        clock: core.options.clock,
      });
      expect(restarted.get(bulk.id)).toMatchObject({ status: 'interrupted', items: [{ status: 'running' }] });
      expect(restarted.get(bulk.id).jobId).toBeUndefined();
      release();
      await ended(bulk.id);
    }, 30_000);
  });
});

describe('bulk rotation of protected paths', () => {
  it('needs one fresh code at the start, which covers every protected item', async () => {
    const clock = new ManualClock(Math.ceil(Date.now() / 30_000) * 30_000);
    const { core, call, value, ended, item, provider } = await build({ protectedEnvironment: true, clock });
    await provider.create('bulk/p-1', { value: fieldsValue({ password: `${CANARY}-p1` }) });
    await provider.create('bulk/p-2', { value: fieldsValue({ password: `${CANARY}-p2` }) });
    const request = { items: [item('bulk/p-1'), item('bulk/p-2')], template: checklistTemplate(), continueOnFailure: false, checklist: [true] };
    expect(await call('rotation:bulkStart', request)).toMatchObject({ ok: false, error: { code: 'MFA_CODE_REQUIRED' } });
    expect(await call('rotation:bulkStart', { ...request, code: '123456' })).toMatchObject({ ok: false, error: { code: 'MFA_NOT_ENROLLED' } });
    const enrollment = await core.mfa.beginEnrollment({});
    await core.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(enrollment.secret, clock.now()));
    await clock.advance(30_000);
    expect(await call('rotation:bulkStart', { ...request, code: '000000' })).toMatchObject({ ok: false, error: { code: 'MFA_CODE_REJECTED' } });
    expect((await value<{ bulks: BulkView[] }>('rotation:bulkList', {})).bulks).toEqual([]);
    const bulk = await ended((await value<BulkView>('rotation:bulkStart', { ...request, code: await totpAt(enrollment.secret, clock.now()) })).id);
    expect(bulk.items.map((i) => i.status)).toEqual(['completed', 'completed']);
    const rotation = await value<RotationView>('rotation:get', { id: bulk.items[1]!.rotationId });
    expect(rotation).toMatchObject({ protected: true, status: 'completed', bulkId: bulk.id });
    const starts = core.audit.list(300).filter((e) => e.action === 'rotation.bulk.start' && e.phase === 'outcome');
    expect(starts.map((e) => e.outcome)).toEqual(['success', 'failure', 'failure', 'failure']);
  }, 30_000);
});

describe.skipIf(postgresSkipReason !== '')(`bulk rotation against PostgreSQL${postgresSkipReason ? ` (skipped: ${postgresSkipReason})` : ''}`, () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function role(name: string, secret: string): Promise<void> {
    const admin = await server.admin();
    try {
      await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(name)}`);
      await admin.query(`CREATE ROLE ${admin.escapeIdentifier(name)} LOGIN PASSWORD ${admin.escapeLiteral(scramVerifier(secret))}`);
    } finally {
      await admin.end();
    }
  }
  const login = (user: string, secret: string) => canLogin({ host: server.host, port: server.port, user, password: secret, database: 'postgres' });
  const dbValue = (user: string, secret: string): SecretValue =>
    fieldsValue({ host: server.host, port: String(server.port), username: user, password: secret, dbname: 'postgres' });

  it('single user over two secrets: each role logs in with its new password and not the old', async () => {
    const { core, value, ended, item, provider, dataDir } = await build();
    const olds = { bulk_pg_a: `${CANARY}-pg-a`, bulk_pg_b: `${CANARY}-pg-b` };
    for (const [user, old] of Object.entries(olds)) {
      await role(user, old);
      await provider.create(`bulk/db-${user}`, { value: dbValue(user, old) });
    }
    const template: BulkTemplate = {
      kind: 'guided',
      field: 'password',
      generator: { kind: 'random', policy: POLICY },
      target: { kind: 'postgres', strategy: 'single', connectWith: { source: 'self' } },
      validators: [{ kind: 'postgres-login' }],
    };
    const started = await value<BulkView>('rotation:bulkStart', {
      items: Object.keys(olds).map((user) => item(`bulk/db-${user}`)),
      template,
      continueOnFailure: false,
    });
    expect(started.summary).toBe(
      "random 24 characters (lower, upper, digits) for password, PostgreSQL single user, connected with each secret's own fields, validated by PostgreSQL login",
    );
    const bulk = await ended(started.id);
    expect(bulk.items.map((i) => i.status)).toEqual(['completed', 'completed']);
    const news: string[] = [];
    for (const [user, old] of Object.entries(olds)) {
      const next = (await password(provider, `bulk/db-${user}`))!;
      news.push(next);
      expect(await login(user, next)).toBe(true);
      expect(await login(user, old)).toBe(false);
    }
    expect(server.log()).toContain('ALTER ROLE');
    for (const planted of [...Object.values(olds), ...news]) expect(server.log()).not.toContain(planted);
    await expectNoValue(core, dataDir, bulk, ...Object.values(olds), ...news);
  }, 30_000);
});
