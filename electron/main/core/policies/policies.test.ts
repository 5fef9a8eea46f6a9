/**
 * Rotation policies end to end through the contract's dispatch: core over the embedded sandbox
 * (Vault, AWS and Azure through the official SDKs), real SQLite and keychain, the seed's dates as
 * the expected answer.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Environment } from '../../../../shared/connections';
import type { ProviderKind } from '../../../../shared/domain';
import { bindContract } from '../../../../shared/ipc/bind';
import { DUE_SOON_DAYS, type DueItem, type DueReport, type PolicyView, type SecretPolicy } from '../../../../shared/ipc/channels/policies';
import type { RotationView } from '../../../../shared/ipc/channels/rotation';
import { contract } from '../../../../shared/ipc/contract';
import { composeCore } from '../../compose-core';
import { BINARY_SECRET_NAME } from '../../sandbox/aws/seed-load';
import { toAzureName } from '../../sandbox/azure/names';
import type { SeedEnvironment } from '../../sandbox/seed/model';
import { generateSeed } from '../../sandbox/seed/generate';
import { filesContaining } from '../../testing/leak-scan';
import type { Core } from '../core';
import { createHandlers } from '../handlers';
import { silentLogger } from '../logger';
import { totpAt } from '../mfa/totp';
import { fieldsValue } from '../providers/value';
import { systemClock } from '../system-clock';
import { ManualClock } from '../testing/manual-clock';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';

const CANARY = 'kh-policy-canary-Qm7v';
/** The smallest seed with two shared PostgreSQL secrets, which the AWS sandbox gives rotation. */
const COUNT = 60;
const STEP = 30_000;
const DAY = 86_400_000;
/**
 * How far the test clock stands past the seed's instant. The seed's dates sit on multiples of
 * 1/60 day (24 minutes); 7 h 24 min puts every due date 12 minutes from a state boundary, so the
 * few seconds between the seed's instant and the test's estimate of it cannot flip a state.
 */
const OFFSET = 444 * 60_000;

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

describe('rotation policies over the sandbox', () => {
  const tempDir = useTempDir();
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  /**
   * `systemClock`: core on the wall clock, as the sandbox is. AWS native rotation is followed
   * through the function's log from core's instant, so it needs the two clocks to agree.
   */
  async function build(options: { systemClock?: boolean } = {}) {
    const dataDir = tempDir();
    const clock = new ManualClock(Date.now());
    const core = composeCore({
      dataDir,
      keychain: testKeychain(),
      clock: options.systemClock === true ? systemClock : clock,
      logger: silentLogger,
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { canary: CANARY, seedCount: COUNT, awsRotation: { stepMs: 20 } },
      nativeRotation: { pollMs: 40 },
    });
    cores.push(core);
    const seededAt = Date.now();
    await core.sandbox.open();
    if (options.systemClock !== true) await clock.advance(Date.now() + OFFSET - clock.now());
    const seed = generateSeed({ count: COUNT, canary: CANARY, now: seededAt });
    const { connections, environments } = await core.connections.list();
    const env = (kind: ProviderKind, name: 'staging' | 'production'): Environment => {
      const connection = connections.find((c) => c.config.kind === kind)!;
      return environments.find((e) => e.connectionId === connection.id && e.name === name)!;
    };
    const enrollment = await core.mfa.beginEnrollment({});
    await core.mfa.confirmEnrollment(
      enrollment.enrollmentId,
      await totpAt(enrollment.secret, (options.systemClock === true ? systemClock : clock).now()),
    );
    /** A code from the next time step: each is accepted once. */
    const code = async () => {
      await clock.advance(STEP);
      return totpAt(enrollment.secret, clock.now());
    };
    const dispatch = bindContract(contract, createHandlers(core));
    const call = (channel: string, payload: unknown, signal = new AbortController().signal) =>
      dispatch(channel, payload, { signal }) as Promise<Result>;
    const value = async <T>(channel: string, payload: unknown): Promise<T> => {
      const result = await call(channel, payload);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}`);
      return result.value as T;
    };
    const audit = (action: string) => core.audit.list(1000).filter((e) => e.action === action);
    return { core, clock, dataDir, seed, env, environments, code, call, value, audit };
  }

  const environmentScope = (environment: Environment) => ({ kind: 'environment' as const, environmentId: environment.id });

  it('reports every covered secret of the seed: long-unrotated ones overdue, AWS rotation as aws, Azure expiry as azure-expiry', async () => {
    const { core, clock, dataDir, seed, env, environments, value, audit } = await build();
    for (const environment of environments) await value('policy:set', { scope: environmentScope(environment), intervalDays: 90 });
    expect((await value<{ policies: PolicyView[] }>('policy:list', {})).policies).toHaveLength(6);

    const started = Date.now();
    const report = await value<DueReport>('policy:due', { environmentIds: [] });
    const elapsed = Date.now() - started;
    expect(report.failed).toEqual([]);
    expect(report.unknown).toBe(0);
    expect(report.computedAt).toBe(new Date(clock.now()).toISOString());

    const expectedState = (lastMs: number, days: number) => {
      const left = lastMs + days * DAY - clock.now();
      return left <= 0 ? 'overdue' : left <= DUE_SOON_DAYS * DAY ? 'due-soon' : 'ok';
    };
    const counted = { overdue: 0, 'due-soon': 0, ok: 0 };
    for (const kind of ['vault', 'aws', 'azure'] as const) {
      for (const name of ['staging', 'production'] as const) {
        const environment = env(kind, name);
        const seeded: SeedEnvironment = seed[name];
        const items = new Map(report.items.filter((i) => i.environmentId === environment.id).map((i) => [i.name, i]));
        const live = seeded.secrets.filter((s) => !s.softDeleted);
        const native = (common: string) => (kind === 'azure' ? toAzureName(common) : common);
        const expectedNames = [...live.map((s) => native(s.name)), ...(kind === 'aws' ? [BINARY_SECRET_NAME] : [])].sort();
        expect([...items.keys()].sort(), `${kind} ${name}`).toEqual(expectedNames);

        const aws = [...items.values()].filter((i) => i.source === 'aws');
        if (kind === 'aws') {
          // The two rotation-enabled seeded secrets: AWS's own rules and schedule, counted from LastRotatedDate.
          expect(aws).toHaveLength(2);
          expect(aws.every((i) => i.lastFrom === 'aws')).toBe(true);
          expect(aws.find((i) => i.intervalDays === 30)?.schedule).toBeUndefined();
          const scheduled = aws.find((i) => i.intervalDays === undefined)!;
          expect(scheduled.schedule).toMatch(/^cron\(/);
          const described = await (
            await core.providers.get(core.connections.connection(environment.connectionId), environment)
          ).metadata(scheduled.name);
          expect(scheduled.dueAt).toBe(described.rotation?.nextRotationAt);
        } else {
          expect(aws).toEqual([]);
        }

        for (const secret of live) {
          const item = items.get(native(secret.name))!;
          if (item.source === 'aws') continue;
          if (kind === 'azure' && secret.expiresAt !== undefined) {
            expect(item).toMatchObject({ source: 'azure-expiry', state: 'ok' });
            expect(Math.abs(Date.parse(item.dueAt) - Date.parse(secret.expiresAt))).toBeLessThan(1000);
            expect(item.intervalDays).toBeUndefined();
            counted.ok += 1;
            continue;
          }
          expect(item).toMatchObject({ source: 'keyhole-environment', intervalDays: 90, lastFrom: 'last-change' });
          const seededLast = Date.parse(secret.versions.at(-1)!.createdAt);
          const drift = Date.parse(item.lastRotatedAt!) - seededLast;
          // AWS production: one secret carries a pending version an hour newer (LastChangedDate moved).
          if (!(kind === 'aws' && name === 'production' && Math.abs(drift - 3_600_000) < 5_000)) expect(Math.abs(drift)).toBeLessThan(5_000);
          expect(item.state, `${kind} ${name} ${secret.name}`).toBe(expectedState(Date.parse(item.lastRotatedAt!), 90));
          expect(item.state).toBe(expectedState(seededLast + drift, 90));
        }
        for (const item of items.values()) counted[item.state] += item.source === 'keyhole-environment' ? 1 : 0;
      }
    }
    // The seed's long-unrotated production secret (800 days) is overdue everywhere it is not shadowed.
    const stale = seed.production.secrets.find((s) => seed.drift.longUnrotated.includes(s.name))!;
    for (const kind of ['vault', 'aws', 'azure'] as const) {
      const item = report.items.find(
        (i) => i.environmentId === env(kind, 'production').id && i.name === (kind === 'azure' ? toAzureName(stale.name) : stale.name),
      )!;
      if (kind === 'azure' && stale.expiresAt !== undefined) expect(item.source).toBe('azure-expiry');
      else expect(item).toMatchObject({ state: 'overdue', source: 'keyhole-environment', lastFrom: 'last-change' });
    }
    // AWS's binary secret was made 90 days before the seed's instant: due then, overdue now.
    expect(report.items.find((i) => i.environmentId === env('aws', 'staging').id && i.name === BINARY_SECRET_NAME)?.state).toBe('overdue');
    // Most pressing first.
    const due = report.items.map((i) => Date.parse(i.dueAt));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    const states = (list: DueItem[]) => ({
      overdue: list.filter((i) => i.state === 'overdue').length,
      dueSoon: list.filter((i) => i.state === 'due-soon').length,
      ok: list.filter((i) => i.state === 'ok').length,
    });
    expect(counted.overdue + counted['due-soon'] + counted.ok).toBeGreaterThan(200);
    expect(counted.overdue).toBeGreaterThan(0);

    // Audited: each set, and the report with its counts (no names).
    expect(audit('policy.set').filter((e) => e.outcome === 'success')).toHaveLength(6);
    const outcome = audit('policy.due').find((e) => e.phase === 'outcome')!;
    expect(outcome).toMatchObject({
      outcome: 'success',
      path: null,
      details: { items: report.items.length, ...states(report.items), unknown: 0, failed: 0 },
    });
    expect(core.jobs.list().find((j) => j.kind === 'policy-due')).toMatchObject({ state: 'done', done: 6, total: 6 });
    // Nothing but dates and names: the canary never reached Keyhole's store.
    expect(filesContaining(dataDir, [CANARY]).filter((f) => !f.startsWith(join(dataDir, 'sandbox')))).toEqual([]);
    // Reported, not asserted: how long a report takes at this size.
    expect(elapsed).toBeGreaterThan(0);
  }, 60_000);

  it('a protected change needs a fresh code: lengthening or clearing on production, not shortening', async () => {
    const { env, call, value, code, audit } = await build();
    const production = env('vault', 'production');
    const staging = env('vault', 'staging');
    const scope = environmentScope(production);
    const secret = { kind: 'secret' as const, environmentId: production.id, name: 'payments/api/stripe' };

    await value('policy:set', { scope, intervalDays: 90 });
    await value('policy:set', { scope, intervalDays: 30, reason: 'tighter' });
    expect(await call('policy:set', { scope, intervalDays: 60 })).toMatchObject({ ok: false, error: { code: 'PROTECTED_CHANGE' } });
    expect(audit('policy.set')[0]).toMatchObject({
      phase: 'event',
      outcome: 'refused',
      code: 'PROTECTED_CHANGE',
      environmentId: production.id,
      details: { scope: 'environment', oldIntervalDays: 30, newIntervalDays: 60, protected: true, weakens: true },
    });
    expect(await call('policy:set', { scope, intervalDays: 60, code: '000000' })).toMatchObject({ ok: false, error: { code: 'MFA_CODE_REJECTED' } });
    expect(audit('policy.set')[0]).toMatchObject({ outcome: 'refused', code: 'MFA_CODE_REJECTED' });
    const accepted = await value<PolicyView>('policy:set', { scope, intervalDays: 60, code: await code(), reason: 'quarterly review' });
    expect(accepted).toMatchObject({ scope, intervalDays: 60 });
    expect(audit('policy.set')[0]).toMatchObject({
      outcome: 'success',
      reason: 'quarterly review',
      details: { oldIntervalDays: 30, newIntervalDays: 60 },
    });
    expect(audit('mfa.fresh_code')[0]).toMatchObject({ outcome: 'success', details: { operation: 'policy.set' } });

    // A secret's own policy longer than its environment's lengthens what applies to it.
    expect(await call('policy:set', { scope: secret, intervalDays: 365 })).toMatchObject({ ok: false, error: { code: 'PROTECTED_CHANGE' } });
    await value('policy:set', { scope: secret, intervalDays: 30 });
    // Clearing it falls back to the environment's 60 days: longer, so protected.
    expect(await call('policy:clear', { scope: secret })).toMatchObject({ ok: false, error: { code: 'PROTECTED_CHANGE' } });
    await value('policy:clear', { scope: secret, code: await code() });
    expect(await call('policy:clear', { scope })).toMatchObject({ ok: false, error: { code: 'PROTECTED_CHANGE' } });
    await value('policy:clear', { scope, code: await code(), reason: 'moved to AWS rotation' });
    expect(audit('policy.clear')[0]).toMatchObject({
      phase: 'outcome',
      outcome: 'success',
      reason: 'moved to AWS rotation',
      details: { oldIntervalDays: 60, newIntervalDays: null, removed: true },
    });

    // Staging is not protected: any change goes through without a code.
    await value('policy:set', { scope: environmentScope(staging), intervalDays: 30 });
    await value('policy:set', { scope: environmentScope(staging), intervalDays: 365 });
    await value('policy:set', { scope: { kind: 'secret', environmentId: staging.id, name: 'payments/api/stripe' }, intervalDays: 400 });
    expect((await value<{ policies: PolicyView[] }>('policy:list', {})).policies.map((p) => p.intervalDays).sort()).toEqual([365, 400]);

    // Unknown environments are NOT_FOUND; a removed environment's policies no longer show.
    const unknown = '00000000-0000-4000-8000-00000000dead';
    expect(await call('policy:set', { scope: { kind: 'environment', environmentId: unknown }, intervalDays: 30 })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('policy:due', { environmentIds: [unknown] })).toMatchObject({ error: { code: 'NOT_FOUND' } });
    await value('environments:remove', { id: staging.id });
    expect((await value<{ policies: PolicyView[] }>('policy:list', {})).policies).toEqual([]);
  }, 60_000);

  it('reports the other environments when one fails, stops when cancelled, and shows a secret with its rotation history', async () => {
    const { core, seed, env, call, value, audit } = await build();
    const vault = env('vault', 'staging');
    const awsStaging = env('aws', 'staging');
    await value('policy:set', { scope: environmentScope(vault), intervalDays: 90 });

    // An AWS connection whose key is wrong: its environment fails, Vault's still reports.
    const awsConnection = core.connections.connection(awsStaging.connectionId);
    const broken = await value<{ id: string }>('connections:create', {
      name: 'Wrong key',
      config: awsConnection.config,
      readOnly: true,
      secrets: { secretAccessKey: 'not-the-sandbox-secret-key-000000000000' },
    });
    const brokenEnv = await value<Environment>('environments:create', { connectionId: broken.id, name: 'broken', scope: awsStaging.scope });
    const report = await value<DueReport>('policy:due', { environmentIds: [brokenEnv.id, vault.id] });
    expect(report.failed).toEqual([{ environmentId: brokenEnv.id, code: 'UNAUTHENTICATED', message: expect.any(String) }]);
    expect(report.items.length).toBeGreaterThan(20);
    expect(report.items.every((i) => i.environmentId === vault.id)).toBe(true);
    expect(audit('policy.due').find((e) => e.phase === 'outcome')).toMatchObject({ details: { failed: 1 } });

    // Cancelled through the caller's signal: the job stops and the call answers CANCELLED.
    const controller = new AbortController();
    const cancelled = call('policy:due', { environmentIds: [] }, controller.signal);
    controller.abort();
    expect(await cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      core.jobs
        .list()
        .filter((j) => j.kind === 'policy-due')
        .at(-1),
    ).toMatchObject({ state: 'cancelled' });
    expect(audit('policy.due')[0]).toMatchObject({ phase: 'outcome', outcome: 'failure', code: 'CANCELLED' });

    // A guided rotation Keyhole ran: it is the last rotation and the history's entry, with its actor.
    const provider = await core.providers.get(core.connections.connection(vault.connectionId), vault);
    await provider.create('policy/api-key', { value: fieldsValue({ token: 'tok-initial-value-42', owner: 'ops' }) });
    const plan = {
      secret: { environmentId: vault.id, name: 'policy/api-key' },
      field: 'token',
      generator: { kind: 'random', policy: { length: 24, lower: true, upper: true, digits: true, symbols: false, exclude: '' } },
      target: { kind: 'none', checklist: ['Told the team'] },
      validators: [],
    };
    const rotation = await value<RotationView>('rotation:start', { plan });
    await value('rotation:confirm', { id: rotation.id, step: 'apply' });
    const done = await value<RotationView>('rotation:confirm', { id: rotation.id, step: 'promote', checklist: [true] });
    expect(done.status).toBe('completed');
    const promotedAt = done.steps.find((s) => s.name === 'promote')!.at!;
    const rotated = await value<SecretPolicy>('policy:secret', { environmentId: vault.id, name: 'policy/api-key' });
    expect(rotated).toMatchObject({
      effective: { source: 'keyhole-environment', intervalDays: 90 },
      keyhole: { environment: 90 },
      lastRotatedAt: promotedAt,
      lastFrom: 'keyhole',
      dueAt: new Date(Date.parse(promotedAt) + 90 * DAY).toISOString(),
      state: 'ok',
    });
    expect(rotated.history).toEqual([
      {
        at: promotedAt,
        kind: 'guided',
        outcome: 'completed',
        rotationId: rotation.id,
        actor: expect.stringContaining('@'),
        summary: 'Guided rotation of token (checklist) completed',
      },
    ]);
    const inReport = (await value<DueReport>('policy:due', { environmentIds: [vault.id] })).items.find((i) => i.name === 'policy/api-key');
    expect(inReport).toMatchObject({ lastFrom: 'keyhole', lastRotatedAt: promotedAt, state: 'ok' });

    // Without a policy: no-policy, history still shown.
    await value('policy:clear', { scope: environmentScope(vault) });
    expect(await value<SecretPolicy>('policy:secret', { environmentId: vault.id, name: 'policy/api-key' })).toMatchObject({
      effective: null,
      state: 'no-policy',
      history: [{ rotationId: rotation.id }],
    });
    // A policy on one secret of a names-only listing covers that secret alone.
    const stale = seed.staging.secrets.find(
      (x) => !x.softDeleted && Date.parse(x.versions.at(-1)!.createdAt) < Date.parse(seed.generatedAt) - 30 * DAY,
    )!.name;
    await value('policy:set', { scope: { kind: 'secret', environmentId: vault.id, name: stale }, intervalDays: 7 });
    const one = await value<DueReport>('policy:due', { environmentIds: [vault.id] });
    expect(one.items).toEqual([
      expect.objectContaining({ name: stale, source: 'keyhole-secret', intervalDays: 7, lastFrom: 'last-change', state: 'overdue' }),
    ]);

    // AWS's own rotation: its rules shadow Keyhole's policies, and its LastRotatedDate is a reported entry.
    await value('policy:set', { scope: environmentScope(awsStaging), intervalDays: 90 });
    const awsProvider = await core.providers.get(core.connections.connection(awsStaging.connectionId), awsStaging);
    const rows = [];
    for await (const page of awsProvider.list()) rows.push(...page.items);
    const byRules = rows.find((r) => r.rotation?.enabled === true && r.rotation.rulesDays !== undefined)!;
    const aws = await value<SecretPolicy>('policy:secret', { environmentId: awsStaging.id, name: byRules.name });
    expect(aws).toMatchObject({
      effective: { source: 'aws', intervalDays: byRules.rotation!.rulesDays },
      keyhole: { environment: 90 },
      lastRotatedAt: byRules.rotation!.lastRotatedAt,
      lastFrom: 'aws',
    });
    expect(aws.history).toEqual([
      { at: byRules.rotation!.lastRotatedAt, kind: 'aws-reported', outcome: 'reported', summary: expect.stringContaining('LastRotatedDate') },
    ]);
    expect(await call('policy:secret', { environmentId: awsStaging.id, name: 'no/such/secret' })).toMatchObject({ error: { code: 'NOT_FOUND' } });
  }, 60_000);

  it('an AWS native rotation is the last rotation and one history entry, newest first, with no AWS-reported twin', async () => {
    const { core, env, value } = await build({ systemClock: true });
    const staging = env('aws', 'staging');
    await value('policy:set', { scope: environmentScope(staging), intervalDays: 90 });
    const provider = await core.providers.get(core.connections.connection(staging.connectionId), staging);
    const rows = [];
    for await (const page of provider.list()) rows.push(...page.items);
    const name = rows.find((r) => r.rotation?.enabled === true && r.rotation.rulesDays !== undefined)!.name;
    const secret = { environmentId: staging.id, name };

    const started = await value<RotationView>('rotation:startNative', { secret, immediately: true, reason: 'policy says so' });
    const done = await core.nativeRotation.settled(started.id);
    expect(done.status).toBe('completed');
    const test = await value<RotationView>('rotation:startNative', { secret, immediately: false });
    expect((await core.nativeRotation.settled(test.id)).status).toBe('completed');

    const policy = await value<SecretPolicy>('policy:secret', secret);
    const finishedAt = done.steps.find((s) => s.name === 'finishSecret')!.at!;
    expect(policy).toMatchObject({ effective: { source: 'aws', intervalDays: 30 }, lastRotatedAt: finishedAt, lastFrom: 'keyhole', state: 'ok' });
    expect(policy.history.map((h) => [h.kind, h.outcome, h.rotationId, h.version])).toEqual([
      ['aws-native', 'completed', test.id, undefined],
      ['aws-native', 'completed', started.id, started.id],
    ]);
    expect(policy.history[0]!.summary).toContain('configuration tested');
    expect(policy.history[1]).toMatchObject({ summary: 'AWS rotation completed', actor: expect.stringContaining('@') });
    const item = (await value<DueReport>('policy:due', { environmentIds: [staging.id] })).items.find((i) => i.name === name);
    expect(item).toMatchObject({ source: 'aws', intervalDays: 30, lastFrom: 'keyhole', lastRotatedAt: finishedAt, state: 'ok' });
  }, 60_000);
});
