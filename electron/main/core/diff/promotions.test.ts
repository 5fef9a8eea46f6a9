/**
 * A promote's undo across a restart, through the contract's dispatch over the embedded sandbox:
 * promote, build a new core over the same data folder and keychain, list the promotion, undo it.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Environment } from '../../../../shared/connections';
import { bindContract } from '../../../../shared/ipc/bind';
import type { DiffResult, PromotionSummary } from '../../../../shared/ipc/channels/diff';
import { contract } from '../../../../shared/ipc/contract';
import { composeCore } from '../../compose-core';
import { filesContaining } from '../../testing/leak-scan';
import type { Core } from '../core';
import { createHandlers } from '../handlers';
import { silentLogger } from '../logger';
import { totpAt } from '../mfa/totp';
import type { CredentialStore } from '../ports';
import { fieldsValue } from '../providers/value';
import { openDatabase } from '../store/database';
import { ManualClock } from '../testing/manual-clock';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';
import { KEEP_PROMOTIONS, PromotionStore } from './promotion-store';

const CANARY = 'kh-promotion-canary-Rt8q';
const COUNT = 40;
const STEP = 30_000;
const PLANTED = 'apps/promotion/canary';

describe('promotions across a restart', () => {
  const tempDir = useTempDir();
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  /** One app run over a data folder and keychain; a second run on the same pair is a restart. */
  async function run(dataDir: string, keychain: CredentialStore, clock: ManualClock) {
    const core = composeCore({
      dataDir,
      keychain,
      clock,
      logger: silentLogger,
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { canary: CANARY, seedCount: COUNT },
    });
    cores.push(core);
    await core.sandbox.open();
    const dispatch = bindContract(contract, createHandlers(core));
    const call = async <T>(channel: string, payload: unknown = {}): Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }> =>
      (await dispatch(channel, payload, { signal: new AbortController().signal })) as { ok: true; value: T } | { ok: false; error: { code: string } };
    const value = async <T>(channel: string, payload: unknown = {}): Promise<T> => {
      const answer = await call<T>(channel, payload);
      if (!answer.ok) throw new Error(`${channel}: ${answer.error.code}`);
      return answer.value;
    };
    const { connections, environments } = await core.connections.list();
    const vault = connections.find((c) => c.config.kind === 'vault')!;
    const env = (name: string): Environment => environments.find((e) => e.connectionId === vault.id && e.name === name)!;
    return { core, call, value, staging: env('staging'), production: env('production') };
  }

  async function diffOf(core: Core, a: Environment, b: Environment): Promise<DiffResult> {
    const { diffId } = await core.diff.start(a.id, b.id);
    for (let i = 0; i < 1000 && core.diff.result(diffId).state === 'running'; i += 1) await new Promise((r) => setTimeout(r, 10));
    return core.diff.result(diffId);
  }

  it('lists a promote after a restart and undoes it once, as before it; no value in the table', async () => {
    const dataDir = tempDir();
    const keychain = testKeychain();
    const clock = new ManualClock(Math.floor(Date.now() / STEP) * STEP + 10_000);
    const code = async () => {
      await clock.advance(STEP);
      return totpAt(secret, clock.now());
    };

    const first = await run(dataDir, keychain, clock);
    const enrollment = await first.core.mfa.beginEnrollment({});
    const secret = enrollment.secret;
    await first.core.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(secret, clock.now()));
    await first.core.mfa.stepUp(await code());
    const staging = await first.core.diff.provider(first.core.diff.side(first.staging.id));
    await staging.create(PLANTED, { value: fieldsValue({ password: `${CANARY}-planted` }) });

    const result = await diffOf(first.core, first.staging, first.production);
    const changed = result.rows
      .filter((r) => r.status === 'different')
      .slice(0, 2)
      .map((r) => r.name);
    const picked = [...changed, PLANTED];
    const production = await first.core.diff.provider(first.core.diff.side(first.production.id));
    const target = (name: string) => result.rows.find((r) => r.name === name)!.bName ?? name;
    const before = await Promise.all(changed.map(async (name) => production.read(target(name))));
    const promoted = await first.value<{ promotionId: string; items: Array<{ outcome: string }> }>('diff:promote', {
      diffId: result.diffId,
      names: picked,
      dryRun: false,
      conflict: 'skip',
      confirmTarget: 'production',
      code: await code(),
    });
    expect(promoted.items.map((i) => i.outcome)).toEqual(['written', 'written', 'written']);
    // A dry run is not a promotion.
    await first.value('diff:promote', { diffId: result.diffId, names: picked, dryRun: true, conflict: 'skip', confirmTarget: 'production' });
    const listedBefore = (await first.value<{ promotions: PromotionSummary[] }>('diff:promotions')).promotions;
    expect(listedBefore.map((p) => p.id)).toEqual([promoted.promotionId]);
    await first.core.close();
    cores.length = 0;

    // The restart: a new core over the same data folder and keychain starts locked.
    const second = await run(dataDir, keychain, clock);
    expect(await second.call('diff:promotions')).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await second.core.mfa.unlock({ code: await code() });
    const auditedBefore = second.core.audit.list(1)[0]!.seq;
    const [listed] = (await second.value<{ promotions: PromotionSummary[] }>('diff:promotions')).promotions;
    expect(second.core.audit.list(1)[0]!.seq).toBe(auditedBefore);
    expect(listed).toMatchObject({
      id: promoted.promotionId,
      from: { environmentId: first.staging.id, environmentName: 'staging' },
      target: { environmentId: first.production.id, environmentName: 'production', connectionName: 'Sandbox Vault', readOnly: false },
      counts: { items: 3, written: 3, conflicts: 0, failed: 0 },
      undone: false,
      undoneAt: null,
      codeRequired: true,
      itemsOmitted: 0,
      undoItems: null,
    });
    expect(listed!.items.map((i) => [i.name, i.action, i.outcome])).toEqual([
      ...changed.map((n) => [n, 'update', 'written']),
      [PLANTED, 'create', 'written'],
    ]);

    // The rules of undo, as before a restart: read-only refused, then a fresh code.
    await second.core.connections.update({ id: second.production.connectionId, readOnly: true });
    expect(await second.call('diff:undo', { promotionId: promoted.promotionId, code: await code() })).toMatchObject({
      ok: false,
      error: { code: 'READ_ONLY' },
    });
    expect(second.core.audit.list(1)[0]).toMatchObject({ action: 'diff.undo', outcome: 'refused', code: 'READ_ONLY' });
    await second.core.connections.update({ id: second.production.connectionId, readOnly: false });
    expect(await second.call('diff:undo', { promotionId: promoted.promotionId })).toMatchObject({ ok: false, error: { code: 'MFA_CODE_REQUIRED' } });

    const undone = await second.value<{ items: Array<{ name: string; action: string; outcome: string }> }>('diff:undo', {
      promotionId: promoted.promotionId,
      reason: 'after a restart',
      code: await code(),
    });
    expect(undone.items.map((i) => [i.name, i.action, i.outcome])).toEqual([
      ...changed.map((n) => [n, 'rolled-back', 'done']),
      [PLANTED, 'destroyed', 'done'],
    ]);
    const undoEvents = second.core.audit.list(20).filter((e) => e.action === 'diff.undo' && e.phase === 'outcome');
    expect(undoEvents.map((e) => [e.path, e.outcome]).sort()).toEqual([...changed.map((n) => [target(n), 'success']), [PLANTED, 'success']].sort());
    expect(undoEvents.every((e) => e.reason === 'after a restart')).toBe(true);

    // Each target is back at its previous value; what promote created is gone.
    const provider = await second.core.diff.provider(second.core.diff.side(second.production.id));
    for (const [i, name] of changed.entries()) expect((await provider.read(target(name))).value).toEqual(before[i]!.value);
    await expect(provider.read(PLANTED)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Undone once: a second undo is refused, and the list says so with the undo's outcomes.
    expect(await second.call('diff:undo', { promotionId: promoted.promotionId, code: await code() })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const [after] = (await second.value<{ promotions: PromotionSummary[] }>('diff:promotions')).promotions;
    expect(after).toMatchObject({ undone: true, undoneAt: new Date(clock.now() - STEP).toISOString() });
    expect(after!.undoItems?.map((i) => i.outcome)).toEqual(['done', 'done', 'done']);
    expect(await second.call('diff:undo', { promotionId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    // Names and versions in the table, never a value; nothing outside the sandbox's data holds the canary.
    await second.core.close();
    cores.length = 0;
    const db = new Database(join(dataDir, 'keyhole.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT * FROM diff_promotions').all();
    db.close();
    expect(JSON.stringify(rows)).toContain(PLANTED);
    expect(JSON.stringify(rows)).not.toContain(CANARY);
    expect(filesContaining(dataDir, [CANARY]).filter((file) => !file.startsWith(join(dataDir, 'sandbox')))).toEqual([]);
  }, 60_000);

  it('after a restart, an unprotected target needs no code but settings.stepUpEverywhere still asks for a grant', async () => {
    const dataDir = tempDir();
    const keychain = testKeychain();
    const clock = new ManualClock(Math.floor(Date.now() / STEP) * STEP + 10_000);
    const code = async () => {
      await clock.advance(STEP);
      return totpAt(secret, clock.now());
    };
    const first = await run(dataDir, keychain, clock);
    const enrollment = await first.core.mfa.beginEnrollment({});
    const secret = enrollment.secret;
    await first.core.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(secret, clock.now()));
    await first.core.mfa.stepUp(await code());
    // Production into staging: B is not protected.
    const result = await diffOf(first.core, first.production, first.staging);
    const name = result.rows.find((r) => r.status === 'different')!.name;
    const bName = result.rows.find((r) => r.name === name)!.bName!;
    const staging = await first.core.diff.provider(first.core.diff.side(first.staging.id));
    const before = await staging.read(bName);
    const promoted = await first.value<{ promotionId: string }>('diff:promote', {
      diffId: result.diffId,
      names: [name],
      dryRun: false,
      conflict: 'skip',
      confirmTarget: 'staging',
    });
    await first.core.close();
    cores.length = 0;

    const second = await run(dataDir, keychain, clock);
    await second.core.mfa.unlock({ code: await code() });
    const [listed] = (await second.value<{ promotions: PromotionSummary[] }>('diff:promotions')).promotions;
    expect(listed).toMatchObject({ id: promoted.promotionId, codeRequired: false, target: { environmentName: 'staging' } });
    await second.core.updateSettings({ stepUpEverywhere: true });
    expect(await second.call('diff:undo', { promotionId: promoted.promotionId })).toMatchObject({ ok: false, error: { code: 'STEP_UP_REQUIRED' } });
    expect(second.core.audit.list(1)[0]).toMatchObject({ action: 'diff.undo', outcome: 'refused', code: 'STEP_UP_REQUIRED' });
    // Refused before it was claimed: still undoable.
    expect((await second.value<{ promotions: PromotionSummary[] }>('diff:promotions')).promotions[0]).toMatchObject({ undone: false });
    await second.core.mfa.stepUp(await code());
    const undone = await second.value<{ items: Array<{ action: string; outcome: string }> }>('diff:undo', { promotionId: promoted.promotionId });
    expect(undone.items).toMatchObject([{ action: 'rolled-back', outcome: 'done' }]);
    const after = await (await second.core.diff.provider(second.core.diff.side(second.staging.id))).read(bName);
    expect(after.value).toEqual(before.value);
  }, 60_000);

  it('keeps the newest promotions only', () => {
    const db = openDatabase(join(tempDir(), 'keyhole.sqlite'));
    const store = new PromotionStore(db);
    const ids = Array.from({ length: KEEP_PROMOTIONS + 5 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const id of ids) store.insert({ id, environmentId: 'b', fromEnvironmentId: 'a', createdAt: new Date(0).toISOString(), items: [] });
    expect(store.list().map((p) => p.id)).toEqual(ids.slice(5).reverse());
    expect(store.get(ids[0]!)).toBeUndefined();
    expect(store.claimUndo(ids[5]!, 'now')).toBe(true);
    expect(store.claimUndo(ids[5]!, 'later')).toBe(false);
    expect(store.get(ids[5]!)).toMatchObject({ undone: true, undoneAt: 'now', undoItems: null });
    db.close();
  });
});
