/**
 * Diff and promote end to end through core over the embedded sandbox: the real adapters and SDKs
 * against the wire-faithful servers, the seed's planted drift as the expected answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Environment } from '../../../../shared/connections';
import { bindContract } from '../../../../shared/ipc/bind';
import type { DiffResult } from '../../../../shared/ipc/channels/diff';
import { contract } from '../../../../shared/ipc/contract';
import type { ProviderKind } from '../../../../shared/domain';
import { composeCore } from '../../compose-core';
import { BINARY_SECRET_NAME as BINARY_NAME } from '../../sandbox/aws/seed-load';
import { generateSeed } from '../../sandbox/seed/generate';
import { filesContaining } from '../../testing/leak-scan';
import type { Core } from '../core';
import { createHandlers } from '../handlers';
import { silentLogger } from '../logger';
import { totpAt } from '../mfa/totp';
import { ManualClock } from '../testing/manual-clock';
import type { Clock } from '../ports';
import { systemClock } from '../system-clock';
import type { SandboxKnobs } from '../../sandbox/knobs';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';
import { fieldsValue } from '../providers/value';

const CANARY = 'kh-diff-canary-Wp4z';
const COUNT = 40;
const STEP = 30_000;
const drift = generateSeed({ count: COUNT, canary: CANARY }).drift;
const DISABLED_NAME = generateSeed({ count: COUNT, canary: CANARY }).production.secrets.find((s) => s.enabled === false)!.name;

describe('diff over the sandbox', () => {
  const tempDir = useTempDir();
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  async function build(options: { knobs?: Partial<SandboxKnobs>; clock?: Clock } = {}) {
    const dataDir = tempDir();
    const clock = options.clock ?? new ManualClock(Math.floor(Date.now() / STEP) * STEP + 10_000);
    const events: Array<{ event: string; payload: unknown }> = [];
    const core = composeCore({
      dataDir,
      keychain: testKeychain(),
      clock,
      logger: silentLogger,
      emit: (event, payload) => void events.push({ event, payload }),
      shell: 'e2e-host',
      version: 'test',
      sandbox: { canary: CANARY, seedCount: COUNT, ...(options.knobs ? { knobs: options.knobs } : {}) },
    });
    cores.push(core);
    await core.sandbox.open();
    const { connections, environments } = await core.connections.list();
    const env = (kind: ProviderKind, name: 'staging' | 'production'): Environment => {
      const connection = connections.find((c) => c.config.kind === kind)!;
      return environments.find((e) => e.connectionId === connection.id && e.name === name)!;
    };
    // Diffs that read the protected production need a step-up grant.
    const enrollment = await core.mfa.beginEnrollment({});
    await core.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(enrollment.secret, clock.now()));
    if (clock instanceof ManualClock) await clock.advance(STEP);
    await core.mfa.stepUp(await totpAt(enrollment.secret, clock instanceof ManualClock ? clock.now() : clock.now() + STEP));
    /** A code from the next time step: each is accepted once (the replay floor). */
    const code = async () => {
      if (!(clock instanceof ManualClock)) throw new Error('fresh codes need the manual clock');
      await clock.advance(STEP);
      return totpAt(enrollment.secret, clock.now());
    };
    const dispatch = bindContract(contract, createHandlers(core));
    const call = async (channel: string, payload: unknown = {}) => dispatch(channel, payload, { signal: new AbortController().signal });
    return { core, clock: clock as ManualClock, dataDir, events, env, call, code };
  }

  async function diff(core: Core, a: Environment, b: Environment, renames: Array<{ a: string; b: string }> = []): Promise<DiffResult> {
    const { diffId } = await core.diff.start(a.id, b.id, renames);
    for (let i = 0; i < 1000; i += 1) {
      const result = core.diff.result(diffId);
      if (result.state !== 'running') return result;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('diff did not finish');
  }

  const names = (result: DiffResult, status: string) =>
    result.rows
      .filter((r) => r.status === status)
      .map((r) => r.name)
      .sort();
  const sorted = (list: string[]) => [...list].sort();

  /**
   * What each sandbox adds to the seed: AWS a binary secret in both environments; Azure
   * answers a disabled secret (the seed disables one in production) with 403, Forbidden.
   */
  function expected(ka: ProviderKind, kb: ProviderKind) {
    const extraA = ka === 'aws' && kb !== 'aws' ? [BINARY_NAME] : [];
    const extraB = kb === 'aws' && ka !== 'aws' ? [BINARY_NAME] : [];
    const forbidden = kb === 'azure' ? [DISABLED_NAME] : [];
    const unreadable = [...drift.softDeleted, ...forbidden];
    return {
      onlyA: sorted([...drift.onlyInStaging, ...extraA]),
      onlyB: sorted([...drift.onlyInProduction, ...extraB]),
      unreadable: sorted(unreadable),
      different: sorted(drift.valueChanged.filter((n) => !unreadable.includes(n))),
      tags: sorted(drift.metadataChanged),
      attributes: ka === 'azure' && kb === 'azure' ? [DISABLED_NAME] : [],
    };
  }

  it.each([
    ['vault', 'vault'],
    ['aws', 'aws'],
    ['azure', 'azure'],
    ['vault', 'aws'],
    ['vault', 'azure'],
    ['aws', 'azure'],
    ['azure', 'vault'],
  ] as const)('finds the seeded drift exactly between %s staging and %s production', async (ka, kb) => {
    const { core, env, events } = await build();
    const result = await diff(core, env(ka, 'staging'), env(kb, 'production'));
    expect(result.state).toBe('done');
    const want = expected(ka, kb);
    expect(names(result, 'only-a')).toEqual(want.onlyA);
    expect(names(result, 'only-b')).toEqual(want.onlyB);
    expect(names(result, 'unreadable')).toEqual(want.unreadable);
    expect(names(result, 'different')).toEqual(want.different);
    expect(result.summary.same).toBe(result.rows.length - want.onlyA.length - want.onlyB.length - want.unreadable.length - want.different.length);
    // A secret that cannot be read is unreadable with its reason, never same or different.
    for (const name of drift.softDeleted) expect(result.rows.find((r) => r.name === name)?.unreadable).toEqual([{ side: 'a', code: 'DELETED' }]);
    if (kb === 'azure') expect(result.rows.find((r) => r.name === DISABLED_NAME)?.unreadable).toEqual([{ side: 'b', code: 'FORBIDDEN' }]);
    const tagged = result.rows.filter((r) => r.metadata.some((m) => m.key.startsWith('tag:')));
    expect(tagged.map((r) => r.name).sort()).toEqual(want.tags);
    for (const row of tagged)
      expect(row.metadata.filter((m) => m.key.startsWith('tag:'))).toEqual([
        { key: 'tag:owner', a: 'unassigned@example.com', b: expect.stringMatching(/-oncall@example\.com$/) },
      ]);
    expect(result.rows.filter((r) => r.metadata.some((m) => !m.key.startsWith('tag:'))).map((r) => r.name)).toEqual(want.attributes);
    // Field-level statuses: a changed postgres secret differs in its password only.
    const postgres = result.rows.find((r) => r.status === 'different' && r.name.endsWith('/postgres'));
    expect(postgres?.fields.filter((f) => f.status !== 'same')).toEqual([{ field: 'password', status: 'different' }]);
    // Progress with counts; the renderer sees statuses only.
    const last = events.filter((e) => e.event === 'job:progress' && (e.payload as { id: string }).id === result.jobId).at(-1)?.payload as {
      state: string;
      done: number;
      total: number;
    };
    expect(last).toMatchObject({ state: 'done' });
    expect(last.done).toBe(last.total);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it('refuses a diff that reads a protected environment without a step-up, audited as refused', async () => {
    const { core, clock, env } = await build();
    await clock.advance(6 * 60_000); // the 5-minute grant ends
    await expect(core.diff.start(env('vault', 'staging').id, env('vault', 'production').id)).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    expect(core.audit.list(1)[0]).toMatchObject({ action: 'diff.run', outcome: 'refused', code: 'STEP_UP_REQUIRED' });
    // Two unprotected environments need none.
    const result = await diff(core, env('vault', 'staging'), env('aws', 'staging'));
    expect(result.state).toBe('done');
    const run = core.audit.list(5).filter((e) => e.action === 'diff.run');
    expect(run[0]).toMatchObject({ phase: 'outcome', outcome: 'success', details: { diffId: result.diffId, different: result.summary.different } });
  });

  it('refuses without a grant when an unprotected scope contains protected secrets, before reading values', async () => {
    const { core, clock, env } = await build();
    const staging = env('vault', 'staging');
    const wide = await core.connections.createEnvironment({
      connectionId: staging.connectionId,
      name: 'whole mount',
      scope: { ...(staging.scope as { kind: 'vault'; mount: string }), prefix: '' },
      nameMapping: { separator: '/' },
      protected: false,
    });
    await clock.advance(6 * 60_000);
    const { diffId, jobId } = await core.diff.start(wide.id, env('aws', 'staging').id);
    for (let i = 0; i < 500 && core.jobs.list().find((j) => j.id === jobId)?.state === 'running'; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(core.jobs.list().find((j) => j.id === jobId)).toMatchObject({ state: 'failed', error: { code: 'STEP_UP_REQUIRED' } });
    expect(core.diff.result(diffId)).toMatchObject({ state: 'failed', rows: [] });
    expect(core.audit.list(1)[0]).toMatchObject({ action: 'diff.run', outcome: 'failure', code: 'STEP_UP_REQUIRED' });
  });

  it('backs off through throttling and still finds exactly the drift (AWS batches of 20)', async () => {
    const { core, env } = await build({ knobs: { throttleRate: 0.3 }, clock: systemClock });
    const result = await diff(core, env('aws', 'staging'), env('aws', 'production'));
    const want = expected('aws', 'aws');
    expect(result.state).toBe('done');
    expect(names(result, 'different')).toEqual(want.different);
    expect(names(result, 'unreadable')).toEqual(want.unreadable);
    expect(names(result, 'only-a')).toEqual(want.onlyA);
  });

  it('cancels a running diff', async () => {
    const { core, env } = await build({ knobs: { latencyMs: 30 }, clock: systemClock });
    const { diffId, jobId } = await core.diff.start(env('vault', 'staging').id, env('vault', 'production').id);
    core.jobs.cancel(jobId);
    const jobState = () => core.jobs.list().find((j) => j.id === jobId)?.state;
    for (let i = 0; i < 500 && jobState() === 'running'; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(core.diff.result(diffId)).toMatchObject({ state: 'cancelled', rows: [] });
    expect(core.jobs.list().find((j) => j.id === jobId)?.state).toBe('cancelled');
  });

  describe('compare, promote and undo (Vault staging into the protected production)', () => {
    async function setup() {
      const built = await build();
      return { ...built, staging: built.env('vault', 'staging'), production: built.env('vault', 'production') };
    }

    it('compares values only after a fresh code, writing the audit attempt first', async () => {
      const { core, code, staging, production } = await setup();
      const result = await diff(core, staging, production);
      const row = result.rows.find((r) => r.status === 'different' && r.name.endsWith('/postgres'))!;
      await expect(core.diff.compare({ diffId: result.diffId, name: row.name })).rejects.toMatchObject({ code: 'MFA_CODE_REQUIRED' });
      const before = core.audit.list(1)[0]!.seq;
      const shown = await core.diff.compare({ diffId: result.diffId, name: row.name, reason: 'release check', code: await code() });
      expect(shown.a?.fields?.password).not.toEqual(shown.b?.fields?.password);
      expect(shown.a?.fields?.host).toEqual(shown.b?.fields?.host);
      expect(shown.a?.version).toBe(row.aVersion);
      const events = core.audit.list(10).filter((e) => e.seq > before && e.action === 'diff.compare');
      expect(events.map((e) => [e.phase, e.outcome])).toEqual([
        ['outcome', 'success'],
        ['attempt', null],
      ]);
      expect(events[1]).toMatchObject({ reason: 'release check', path: row.aName });
      expect(JSON.stringify(core.audit.list(20))).not.toContain(shown.a?.fields?.password);
    });

    it('dry-runs, promotes with a fresh code, converges on re-diff, and undoes', async () => {
      const { core, code, staging, production } = await setup();
      const first = await diff(core, staging, production);
      const changed = first.rows
        .filter((r) => r.status === 'different')
        .slice(0, 2)
        .map((r) => r.name);
      const missing = first.rows.find((r) => r.status === 'only-a')!.name;
      const picked = [...changed, missing];
      const preview = core.promote.preview(first.diffId, picked).items;
      expect(preview.map((i) => [i.name, i.action])).toEqual([...changed.map((n) => [n, 'update']), [missing, 'create']]);
      expect(preview[0]?.fields.length).toBeGreaterThan(0);

      const request = { diffId: first.diffId, names: picked, conflict: 'skip' as const, confirmTarget: 'production' };
      const dry = await core.promote.promote({ ...request, dryRun: true });
      expect(dry).toMatchObject({ promotionId: null, dryRun: true });
      expect(dry.items.map((i) => i.outcome)).toEqual(['would-write', 'would-write', 'would-write']);
      expect((await diff(core, staging, production)).summary).toEqual(first.summary);

      await expect(core.promote.promote({ ...request, dryRun: false })).rejects.toMatchObject({ code: 'MFA_CODE_REQUIRED' });
      await expect(core.promote.promote({ ...request, dryRun: false, confirmTarget: 'staging', code: await code() })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
      const done = await core.promote.promote({ ...request, dryRun: false, reason: 'sync', code: await code() });
      expect(done.items.map((i) => [i.name, i.outcome])).toEqual(picked.map((n) => [n, 'written']));
      const writes = core.audit.list(50).filter((e) => e.action === 'diff.promote' && e.phase === 'outcome');
      expect(writes).toHaveLength(3);
      expect(writes.every((e) => e.outcome === 'success' && e.environmentId === production.id && e.requestId !== null)).toBe(true);

      const second = await diff(core, staging, production);
      for (const name of picked) expect(second.rows.find((r) => r.name === name)?.status, name).toBe('same');

      const undone = await core.promote.undo({ promotionId: done.promotionId!, code: await code() });
      expect(undone.items.map((i) => [i.name, i.action, i.outcome])).toEqual([
        ...changed.map((n) => [n, 'rolled-back', 'done']),
        [missing, 'destroyed', 'done'],
      ]);
      const third = await diff(core, staging, production);
      for (const name of changed) expect(third.rows.find((r) => r.name === name)?.status, name).toBe('different');
      expect(third.rows.find((r) => r.name === missing)?.status).toBe('only-a');
      await expect(core.promote.undo({ promotionId: done.promotionId!, code: await code() })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });

    it('refuses, not overwrites, a write that raced the promote; overwrite needs a second confirmation', async () => {
      const { core, code, staging, production } = await setup();
      const result = await diff(core, staging, production);
      const row = result.rows.find((r) => r.status === 'different' && r.name.endsWith('/postgres'))!;
      const provider = await core.diff.provider(core.diff.side(production.id));
      const racer = fieldsValue({ host: 'raced', port: '1', username: 'r', password: 'written-by-someone-else' });
      await provider.write(row.bName!, { value: racer, expectedVersion: row.bVersion! });
      const request = { diffId: result.diffId, names: [row.name], confirmTarget: 'production', dryRun: false };
      const dry = await core.promote.promote({ ...request, dryRun: true, conflict: 'skip' });
      expect(dry.items[0]).toMatchObject({ outcome: 'conflict', code: 'CONFLICT' });
      const promoted = await core.promote.promote({ ...request, conflict: 'skip', code: await code() });
      expect(promoted.items[0]).toMatchObject({ outcome: 'conflict', code: 'CONFLICT' });
      expect((await provider.read(row.bName!)).value).toEqual(racer);
      await expect(core.promote.promote({ ...request, conflict: 'overwrite', code: await code() })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      const overwritten = await core.promote.promote({ ...request, conflict: 'overwrite', confirmOverwrite: true, code: await code() });
      expect(overwritten.items[0]).toMatchObject({ outcome: 'written' });
      expect((await provider.read(row.bName!)).value).not.toEqual(racer);
    });

    it('refuses writes through a read-only connection, audited as refused', async () => {
      const { core, code, staging, production } = await setup();
      const result = await diff(core, staging, production);
      await core.connections.update({ id: production.connectionId, readOnly: true });
      const name = result.rows.find((r) => r.status === 'different')!.name;
      await expect(
        core.promote.promote({
          diffId: result.diffId,
          names: [name],
          dryRun: false,
          conflict: 'skip',
          confirmTarget: 'production',
          code: await code(),
        }),
      ).rejects.toMatchObject({ code: 'READ_ONLY' });
      expect(core.audit.list(5).find((e) => e.action === 'diff.promote')).toMatchObject({ outcome: 'refused', code: 'READ_ONLY' });
    });
  });

  it('keeps the canary out of statuses, events, reports and the data folder; saves definitions', async () => {
    const { core, dataDir, events, env, call } = await build();
    const staging = env('vault', 'staging');
    const production = env('aws', 'production');
    const started = await call('diff:start', { a: staging.id, b: production.id });
    expect(started.ok).toBe(true);
    const { diffId } = (started as { value: { diffId: string } }).value;
    for (let i = 0; i < 1000 && core.diff.result(diffId).state === 'running'; i += 1) await new Promise((r) => setTimeout(r, 10));
    const result = await call('diff:result', { diffId });
    expect(result).toMatchObject({ ok: true, value: { state: 'done' } });
    const exported = await call('diff:export', { diffId, formats: ['csv', 'json'] });
    expect(exported).toMatchObject({ ok: true, value: { files: [{ format: 'csv' }, { format: 'json' }] } });
    const files = (exported as { value: { files: Array<{ path: string }> } }).value.files;
    expect(files.every((f) => f.path.startsWith(join(dataDir, 'exports')))).toBe(true);
    expect(readFileSync(files[0]!.path, 'utf8')).toContain('platform/canary/leak-check,same');
    expect(JSON.parse(readFileSync(files[1]!.path, 'utf8')).summary).toEqual((result as { value: DiffResult }).value.summary);
    expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(JSON.stringify(events)).not.toContain(CANARY);
    const saved = await call('diff:saveDefinition', {
      name: 'Vault staging vs AWS production',
      a: staging.id,
      b: production.id,
      renames: [{ a: 'x/y', b: 'x/z' }],
    });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Vault staging vs AWS production', renames: [{ a: 'x/y', b: 'x/z' }] } });
    expect(await call('diff:definitions')).toMatchObject({
      ok: true,
      value: { definitions: [{ aEnvironmentId: staging.id, bEnvironmentId: production.id }] },
    });
    await core.close();
    cores.length = 0;
    expect(filesContaining(dataDir, [CANARY]).filter((file) => !file.startsWith(join(dataDir, 'sandbox')))).toEqual([]);
  });

  it('matches renamed secrets through a saved mapping', async () => {
    const { core, env } = await build();
    const onlyA = drift.onlyInStaging[0]!;
    const onlyB = drift.onlyInProduction[0]!;
    const result = await diff(core, env('vault', 'staging'), env('vault', 'production'), [{ a: onlyA, b: onlyB }]);
    const row = result.rows.find((r) => r.name === onlyA)!;
    expect(row).toMatchObject({ aName: onlyA, bName: onlyB });
    expect(['same', 'different']).toContain(row.status);
    expect(result.rows.find((r) => r.name === onlyB)).toBeUndefined();
  });
});
