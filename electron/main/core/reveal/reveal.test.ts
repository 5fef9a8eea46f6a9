/**
 * Reveal, copy, step-up and lock end to end through core: the real sandbox (composeCore), the real
 * keychain, the contract's dispatch, and the X11 clipboard when there is a display.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bindContract, type Dispatch } from '../../../../shared/ipc/bind';
import { contract } from '../../../../shared/ipc/contract';
import { composeCore } from '../../compose-core';
import { XclipClipboard } from '../../platform/x11-clipboard';
import { filesContaining } from '../../testing/leak-scan';
import { privateXDisplay, xDisplayAvailable, xDisplaySkipReason, type XDisplay } from '../../testing/x-display';
import type { Core } from '../core';
import { createHandlers } from '../handlers';
import { createLogger, type LogRecord } from '../logger';
import { totpAt } from '../mfa/totp';
import { ManualClock } from '../testing/manual-clock';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';

const CANARY = 'kh-reveal-canary-Zq81';
const CANARY_NAME = 'platform/canary/leak-check';
const STEP = 30_000;

describe('reveal, copy and lock through core', () => {
  const tempDir = useTempDir();
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function build(options: { clipboard?: XclipClipboard } = {}) {
    const dataDir = tempDir();
    const clock = new ManualClock(Math.floor(Date.now() / STEP) * STEP + 10_000);
    const logs: LogRecord[] = [];
    const events: Array<{ event: string; payload: unknown }> = [];
    const errors: unknown[] = [];
    const core = composeCore({
      dataDir,
      keychain: testKeychain(),
      clock,
      logger: createLogger((record) => void logs.push(record), 'debug'),
      emit: (event, payload) => void events.push({ event, payload }),
      shell: 'e2e-host',
      version: 'test',
      sandbox: { canary: CANARY, seedCount: 30 },
      ...(options.clipboard !== undefined ? { clipboard: options.clipboard } : {}),
    });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await core.close();
    };
    cleanups.push(close);
    const dispatch: Dispatch = bindContract(contract, createHandlers(core), { onError: (_channel, error) => void errors.push(error) });
    const call = (channel: string, payload: unknown = {}) => dispatch(channel, payload, { signal: new AbortController().signal });
    await core.sandbox.open();
    const { connections, environments } = await core.connections.list();
    const vault = connections.find((c) => c.config.kind === 'vault')!;
    const staging = environments.find((e) => e.connectionId === vault.id && !e.protected)!;
    const production = environments.find((e) => e.connectionId === vault.id && e.protected)!;
    return { core, clock, dataDir, logs, events, errors, call, staging, production, close };
  }

  async function enrollAndStepUp(core: Core, clock: ManualClock): Promise<string> {
    const enrollment = await core.mfa.beginEnrollment({});
    await core.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(enrollment.secret, clock.now()));
    await clock.advance(STEP);
    await core.mfa.stepUp(await totpAt(enrollment.secret, clock.now()));
    return enrollment.secret;
  }

  it('reveals a staging value without MFA: one field, all fields, each audited before it is returned', async () => {
    const { call, staging, core } = await build();
    const one = await call('secrets:reveal', { environmentId: staging.id, name: CANARY_NAME, field: 'password' });
    expect(one).toEqual({
      ok: true,
      value: expect.objectContaining({ kind: 'fields', encoding: 'text', field: 'password', value: CANARY, revealSeconds: 20 }),
    });
    const all = await call('secrets:reveal', { environmentId: staging.id, name: CANARY_NAME });
    expect(all).toMatchObject({ ok: true, value: { kind: 'fields', fields: { username: 'canary', password: CANARY } } });
    expect(await call('secrets:reveal', { environmentId: staging.id, name: CANARY_NAME, field: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    const events = core.audit.list(20).reverse();
    const attempts = events.filter((e) => e.action === 'secret.reveal' && e.phase === 'attempt');
    const outcomes = events.filter((e) => e.action === 'secret.reveal' && e.phase === 'outcome');
    expect(attempts).toHaveLength(3);
    expect(outcomes.map((e) => [e.outcome, e.code])).toEqual([
      ['success', null],
      ['success', null],
      ['failure', 'NOT_FOUND'],
    ]);
    for (const [i, outcome] of outcomes.entries()) expect(outcome.attemptSeq).toBe(attempts[i]!.seq);
    expect(outcomes[0]).toMatchObject({
      path: CANARY_NAME,
      environmentId: staging.id,
      details: { protected: false, stepUp: false, field: 'password', kind: 'fields' },
    });
    expect(outcomes[0]!.version).toBeTruthy();
  });

  it('refuses production without a step-up (audited as refused), reveals it with a grant and records the reason', async () => {
    const { call, production, core, clock } = await build();
    const refused = await call('secrets:reveal', { environmentId: production.id, name: CANARY_NAME, field: 'password', reason: 'checking rotation' });
    expect(refused).toEqual({ ok: false, error: { code: 'STEP_UP_REQUIRED', message: expect.stringContaining(CANARY_NAME) } });
    expect(core.audit.list(1)[0]).toMatchObject({
      action: 'secret.reveal',
      phase: 'event',
      outcome: 'refused',
      code: 'STEP_UP_REQUIRED',
      reason: 'checking rotation',
    });
    expect(await call('secrets:copy', { environmentId: production.id, name: CANARY_NAME })).toMatchObject({
      ok: false,
      error: { code: 'STEP_UP_REQUIRED' },
    });

    await enrollAndStepUp(core, clock);
    const revealed = await call('secrets:reveal', {
      environmentId: production.id,
      name: CANARY_NAME,
      field: 'password',
      reason: 'checking rotation',
    });
    expect(revealed).toMatchObject({ ok: true, value: { value: CANARY } });
    const [outcome, attempt] = core.audit.list(2);
    expect(attempt).toMatchObject({
      action: 'secret.reveal',
      phase: 'attempt',
      reason: 'checking rotation',
      details: { protected: true, stepUp: true },
    });
    expect(outcome).toMatchObject({
      action: 'secret.reveal',
      phase: 'outcome',
      outcome: 'success',
      attemptSeq: attempt!.seq,
      reason: 'checking rotation',
    });

    // The grant runs out: refused again.
    await clock.advance(5 * 60_000);
    expect(await call('secrets:reveal', { environmentId: production.id, name: CANARY_NAME })).toMatchObject({
      ok: false,
      error: { code: 'STEP_UP_REQUIRED' },
    });
  });

  it('returns no value when the audit event cannot be written (fail closed)', async () => {
    const { call, staging, core, errors } = await build();
    core.db.exec("CREATE TRIGGER audit_broken BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const result = await call('secrets:reveal', { environmentId: staging.id, name: CANARY_NAME, field: 'password' });
    expect(result).toEqual({ ok: false, error: { code: 'AUDIT_UNAVAILABLE', message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(errors.map((e) => String(e) + JSON.stringify(e))).not.toEqual(expect.arrayContaining([expect.stringContaining(CANARY)]));
  });

  it('asks for the step-up everywhere when settings.stepUpEverywhere is on', async () => {
    const { call, staging, core } = await build();
    await core.updateSettings({ stepUpEverywhere: true });
    expect(await call('secrets:reveal', { environmentId: staging.id, name: CANARY_NAME })).toMatchObject({
      ok: false,
      error: { code: 'STEP_UP_REQUIRED' },
    });
    expect(core.audit.list(1)[0]).toMatchObject({ outcome: 'refused', details: { protected: false, stepUp: true } });
  });

  it('lets protected changes through with a step-up grant', async () => {
    const { core, clock, production } = await build();
    await expect(core.connections.updateEnvironment({ id: production.id, protected: false })).rejects.toMatchObject({ code: 'PROTECTED_CHANGE' });
    await enrollAndStepUp(core, clock);
    expect((await core.connections.updateEnvironment({ id: production.id, protected: false })).protected).toBe(false);
    expect((await core.updateSettings({ revealSeconds: 60 })).revealSeconds).toBe(60);
  });

  it('while locked refuses every channel but the lock screen ones (LOCKED, audited), and unlocks with a code', async () => {
    const { call, core, clock, staging, events } = await build();
    const secret = await enrollAndStepUp(core, clock);
    expect(await call('app:lock')).toEqual({ ok: true, value: { ok: true } });
    expect(events).toContainEqual({ event: 'app:locked', payload: { reason: 'command' } });
    for (const [channel, payload] of [
      ['secrets:reveal', { environmentId: staging.id, name: CANARY_NAME }],
      ['connections:list', {}],
      ['secrets:load', { environmentId: staging.id }],
      ['settings:update', { patch: { theme: 'dark' } }],
      ['audit:list', { limit: 10 }],
      ['mfa:stepUp', { code: '123456' }],
      ['mfa:beginEnrollment', {}],
    ] as const) {
      expect(await call(channel, payload), channel).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    }
    expect(core.audit.list(7).every((e) => e.action === 'app.locked_refusal' && e.outcome === 'refused' && e.code === 'LOCKED')).toBe(true);
    for (const channel of ['app:info', 'settings:get', 'mfa:status', 'app:activity', 'app:lock'])
      expect(await call(channel), channel).toMatchObject({ ok: true });
    expect(await call('mfa:status')).toMatchObject({ ok: true, value: { enrolled: true, locked: true, grantExpiresAt: null } });

    await clock.advance(STEP);
    expect(await call('app:unlock', { code: await totpAt(secret, clock.now()) })).toEqual({ ok: true, value: { ok: true } });
    expect(await call('connections:list')).toMatchObject({ ok: true });
    // Both a code and a recovery code at once is not valid input.
    expect(await call('app:unlock', { code: '123456', recoveryCode: 'abcd-efgh-jkmn' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('locks after the idle timeout; activity pings put it off', async () => {
    const { call, core, clock } = await build();
    await enrollAndStepUp(core, clock);
    await core.updateSettings({ idleLockMinutes: 1 });
    await clock.advance(59_000);
    expect(await call('app:activity')).toMatchObject({ ok: true });
    await clock.advance(59_000);
    expect(await call('connections:list')).toMatchObject({ ok: true });
    await clock.advance(2_000);
    expect(await call('connections:list')).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(core.mfa.status()).toMatchObject({ locked: true, grantExpiresAt: null });
  });

  describe.skipIf(!xDisplayAvailable)(
    xDisplayAvailable ? 'copy to the X11 clipboard' : `copy to the X11 clipboard (SKIPPED: ${xDisplaySkipReason})`,
    () => {
      let x: XDisplay;
      beforeAll(async () => {
        x = await privateXDisplay();
      }, 15_000);
      afterAll(() => x.close());

      it('copies through main, clears after clipboardClearSeconds if unchanged, and on lock and quit', async () => {
        const clipboard = new XclipClipboard({ display: x.display });
        cleanups.push(() => clipboard.dispose());
        const { call, core, clock, staging, production, close } = await build({ clipboard });
        const copied = await call('secrets:copy', { environmentId: staging.id, name: CANARY_NAME, field: 'password' });
        expect(copied).toEqual({
          ok: true,
          value: { version: expect.any(String), clearsAt: new Date(clock.now() + 30_000).toISOString(), clearsAfterSeconds: 30 },
        });
        expect(JSON.stringify(copied)).not.toContain(CANARY);
        expect(await clipboard.readText()).toBe(CANARY);
        expect(core.audit.list(1)[0]).toMatchObject({ action: 'secret.copy', outcome: 'success', details: { clearsAfterSeconds: 30 } });
        await clock.advance(30_000);
        await vi.waitFor(async () => expect(await clipboard.readText()).toBe(''));

        // Lock clears it.
        await enrollAndStepUp(core, clock);
        await call('secrets:copy', { environmentId: production.id, name: CANARY_NAME, reason: 'paste into the runbook' });
        expect(JSON.parse(await clipboard.readText())).toEqual({ username: 'canary', password: CANARY });
        await call('app:lock');
        expect(await clipboard.readText()).toBe('');

        // Quit clears it too.
        await close();
        const second = await build({ clipboard });
        await second.call('secrets:copy', { environmentId: second.staging.id, name: CANARY_NAME, field: 'username' });
        expect(await clipboard.readText()).toBe('canary');
        await second.close();
        expect(await clipboard.readText()).toBe('');
      });
    },
  );

  it('keeps the canary out of audit rows, logs, errors, SQLite and every file outside <data>/sandbox', async () => {
    const { call, core, clock, staging, production, dataDir, logs, errors, events, close } = await build();
    await call('secrets:reveal', { environmentId: staging.id, name: CANARY_NAME });
    await call('secrets:reveal', { environmentId: production.id, name: CANARY_NAME, reason: 'leak check' });
    await enrollAndStepUp(core, clock);
    await call('secrets:reveal', { environmentId: production.id, name: CANARY_NAME, field: 'password', reason: 'leak check' });
    await call('secrets:reveal', { environmentId: production.id, name: CANARY_NAME, field: 'missing' });
    await call('secrets:copy', { environmentId: production.id, name: CANARY_NAME });
    expect(JSON.stringify(core.audit.list(500))).not.toContain(CANARY);
    expect(JSON.stringify(logs)).not.toContain(CANARY);
    expect(JSON.stringify(events)).not.toContain(CANARY);
    expect(errors.map((e) => `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack ?? ''}`).join('\n')).not.toContain(CANARY);
    await close();
    const leaks = filesContaining(dataDir, [CANARY]).filter((file) => !file.startsWith(join(dataDir, 'sandbox')));
    expect(leaks).toEqual([]);
  });
});
