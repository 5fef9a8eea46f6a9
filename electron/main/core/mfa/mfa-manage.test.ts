/**
 * Managing two-factor after enrollment, through the contract's dispatch: new recovery codes and
 * turning it off. Real SQLite, the real keychain, the embedded sandbox for protected reveals.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bindContract, type Dispatch } from '../../../../shared/ipc/bind';
import { contract } from '../../../../shared/ipc/contract';
import { composeCore } from '../../compose-core';
import { filesContaining } from '../../testing/leak-scan';
import { createHandlers } from '../handlers';
import { createLogger, type LogRecord } from '../logger';
import { ManualClock } from '../testing/manual-clock';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';
import { totpAt } from './totp';

const STEP = 30_000;
const CANARY = 'kh-mfa-manage-canary-Lp40';
const CANARY_NAME = 'platform/canary/leak-check';

interface Answer {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

describe('managing two-factor through core', () => {
  const tempDir = useTempDir();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function build() {
    const dataDir = tempDir();
    const keychain = testKeychain();
    const clock = new ManualClock(Math.floor(Date.now() / STEP) * STEP + 10_000);
    const logs: LogRecord[] = [];
    const errors: unknown[] = [];
    const core = composeCore({
      dataDir,
      keychain,
      clock,
      logger: createLogger((record) => void logs.push(record), 'debug'),
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { canary: CANARY, seedCount: 20 },
    });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await core.close();
    };
    cleanups.push(close);
    const dispatch: Dispatch = bindContract(contract, createHandlers(core), { onError: (_channel, error) => void errors.push(error) });
    const call = (channel: string, payload: unknown = {}) => dispatch(channel, payload, { signal: new AbortController().signal }) as Promise<Answer>;
    /** The code of a refusal, or 'ok'. */
    const codeOf = async (channel: string, payload: unknown = {}) => {
      const answer = await call(channel, payload);
      return answer.ok ? 'ok' : answer.error?.code;
    };
    const next = async (secret: string) => {
      await clock.advance(STEP);
      return totpAt(secret, clock.now());
    };
    const enroll = async () => {
      const begun = (await call('mfa:beginEnrollment', {})) as { value: { enrollmentId: string; secret: string } };
      const { secret, enrollmentId } = begun.value;
      const confirmed = (await call('mfa:confirmEnrollment', { enrollmentId, code: await totpAt(secret, clock.now()) })) as {
        value: { recoveryCodes: string[] };
      };
      return { secret, recoveryCodes: confirmed.value.recoveryCodes, enrollmentId };
    };
    const status = () => core.mfa.status();
    const lockAndUnlockWith = async (proof: { code?: string; recoveryCode?: string }) => {
      await call('app:lock');
      return codeOf('app:unlock', proof);
    };
    return { core, clock, dataDir, keychain, logs, errors, call, codeOf, next, enroll, status, lockAndUnlockWith, close };
  }

  /** Every planted secret is absent from the data folder (SQLite and WAL), the audit log, logs and errors. */
  async function expectNoLeak(app: ReturnType<typeof build>, values: string[]) {
    const audit = JSON.stringify(app.core.audit.list(500));
    const logs = JSON.stringify(app.logs);
    const errors = app.errors.map((e) => `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack ?? ''}`).join('\n');
    for (const value of values) {
      expect(audit).not.toContain(value);
      expect(logs).not.toContain(value);
      expect(errors).not.toContain(value);
    }
    await app.close();
    expect(filesContaining(app.dataDir, values).filter((file) => !file.startsWith(join(app.dataDir, 'sandbox')))).toEqual([]);
  }

  it('regenerates recovery codes with a fresh TOTP code: the old ones stop working, each new one works once', async () => {
    const app = build();
    const { secret, recoveryCodes: old } = await app.enroll();
    await app.call('app:lock');
    expect(await app.codeOf('app:unlock', { recoveryCode: old[0] })).toBe('ok');
    expect(app.status().recoveryCodesRemaining).toBe(9);

    const answer = await app.call('mfa:regenerateRecoveryCodes', { code: await app.next(secret) });
    expect(answer.ok).toBe(true);
    const fresh = (answer.value as { recoveryCodes: string[] }).recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.some((code) => old.includes(code))).toBe(false);
    expect(app.status().recoveryCodesRemaining).toBe(10);

    expect(await app.lockAndUnlockWith({ recoveryCode: old[1] })).toBe('MFA_CODE_REJECTED');
    expect(await app.codeOf('app:unlock', { recoveryCode: fresh[0] })).toBe('ok');
    expect(await app.lockAndUnlockWith({ recoveryCode: fresh[0] })).toBe('MFA_CODE_REJECTED');
    expect(await app.codeOf('app:unlock', { recoveryCode: fresh[1] })).toBe('ok');
    expect(app.status().recoveryCodesRemaining).toBe(8);

    const events = app.core.audit.list(50);
    expect(events.find((e) => e.action === 'mfa.recovery_codes.regenerate' && e.phase === 'outcome')).toMatchObject({
      outcome: 'success',
      details: { recoveryCodes: 10 },
    });
    expect(events.find((e) => e.action === 'mfa.fresh_code' && e.outcome === 'success')).toMatchObject({
      details: { operation: 'mfa.recovery_codes.regenerate', method: 'totp' },
    });
    const hashes = JSON.stringify(app.core.db.prepare('SELECT hex(salt) s, hex(hash) h, used_at FROM mfa_recovery_codes').all());
    expect(hashes).toMatch(/"h":"[0-9A-F]{64}"/);
    await expectNoLeak(app, [secret, ...old, ...fresh]);
  });

  it('refuses a wrong, replayed or recovery code for new recovery codes and changes nothing; lockout applies', async () => {
    const app = build();
    const { secret, recoveryCodes } = await app.enroll();
    const before = JSON.stringify(app.core.db.prepare('SELECT id, hex(hash) FROM mfa_recovery_codes').all());
    const spent = await app.next(secret);
    await app.call('mfa:stepUp', { code: spent });
    expect(await app.codeOf('mfa:regenerateRecoveryCodes', { code: spent })).toBe('MFA_CODE_REUSED');
    expect(await app.codeOf('mfa:regenerateRecoveryCodes', { code: recoveryCodes[0] })).toBe('MFA_CODE_REJECTED');
    const wrong = spent === '000000' ? '000001' : '000000';
    expect(await app.codeOf('mfa:regenerateRecoveryCodes', { code: wrong })).toBe('MFA_CODE_REJECTED');
    expect(await app.codeOf('mfa:regenerateRecoveryCodes', {})).toBe('INVALID_INPUT');
    expect(JSON.stringify(app.core.db.prepare('SELECT id, hex(hash) FROM mfa_recovery_codes').all())).toBe(before);
    // The recovery code offered as a TOTP code was not spent.
    expect(app.status().recoveryCodesRemaining).toBe(10);

    for (let i = 0; i < 2; i += 1) expect(await app.codeOf('mfa:regenerateRecoveryCodes', { code: wrong })).toBe('MFA_CODE_REJECTED');
    expect(app.status().lockedOutUntil).not.toBeNull();
    expect(await app.codeOf('mfa:regenerateRecoveryCodes', { code: await totpAt(secret, app.clock.now() + STEP) })).toBe('MFA_LOCKED_OUT');
    expect(JSON.stringify(app.core.db.prepare('SELECT id, hex(hash) FROM mfa_recovery_codes').all())).toBe(before);
    expect(app.core.audit.list(50).some((e) => e.action === 'mfa.recovery_codes.regenerate')).toBe(false);
    await expectNoLeak(app, [secret, ...recoveryCodes]);
  });

  it('is refused while locked, like everything the lock screen does not need', async () => {
    const app = build();
    const { secret } = await app.enroll();
    await app.call('app:lock');
    expect(await app.codeOf('mfa:regenerateRecoveryCodes', { code: await app.next(secret) })).toBe('LOCKED');
    expect(await app.codeOf('mfa:disable', { code: await app.next(secret) })).toBe('LOCKED');
    expect(app.status()).toMatchObject({ enrolled: true, locked: true, recoveryCodesRemaining: 10 });
  });

  it('turns two-factor off with a TOTP code: the grant ends, protected reveals are refused as before enrollment, re-enrollment works', async () => {
    const app = build();
    await app.core.sandbox.open();
    const { connections, environments } = await app.core.connections.list();
    const vault = connections.find((c) => c.config.kind === 'vault');
    const production = environments.find((e) => e.connectionId === vault?.id && e.protected);
    const reveal = { environmentId: production?.id, name: CANARY_NAME, field: 'password' };

    const { secret, recoveryCodes, enrollmentId } = await app.enroll();
    expect(await app.codeOf('mfa:stepUp', { code: await app.next(secret) })).toBe('ok');
    expect(await app.codeOf('secrets:reveal', reveal)).toBe('ok');

    const wrong = (await totpAt(secret, app.clock.now())) === '000000' ? '000001' : '000000';
    expect(await app.codeOf('mfa:disable', { code: wrong })).toBe('MFA_CODE_REJECTED');
    expect(await app.codeOf('mfa:disable', { code: await totpAt(secret, app.clock.now()) })).toBe('MFA_CODE_REUSED');
    expect(await app.codeOf('mfa:disable', {})).toBe('INVALID_INPUT');
    expect(app.status()).toMatchObject({ enrolled: true, recoveryCodesRemaining: 10 });
    expect(app.core.mfa.hasGrant()).toBe(true);
    expect(await app.keychain.get(`mfa:totp:${enrollmentId}`)).toBe(secret);

    expect(await app.codeOf('mfa:disable', { code: await app.next(secret) })).toBe('ok');
    expect(app.status()).toMatchObject({ enrolled: false, locked: false, grantExpiresAt: null, recoveryCodesRemaining: 0 });
    expect(await app.keychain.get(`mfa:totp:${enrollmentId}`)).toBeNull();
    expect(app.core.db.prepare('SELECT COUNT(*) FROM mfa_recovery_codes').pluck().get()).toBe(0);
    expect(await app.codeOf('secrets:reveal', reveal)).toBe('STEP_UP_REQUIRED');
    expect(await app.codeOf('mfa:stepUp', { code: await app.next(secret) })).toBe('MFA_NOT_ENROLLED');
    expect(await app.codeOf('app:lock')).toBe('MFA_NOT_ENROLLED');
    expect(await app.codeOf('app:unlock', { recoveryCode: recoveryCodes[0] })).toBe('MFA_NOT_ENROLLED');
    expect(await app.codeOf('mfa:disable', { code: await app.next(secret) })).toBe('MFA_NOT_ENROLLED');
    expect(await app.codeOf('mfa:regenerateRecoveryCodes', { code: await app.next(secret) })).toBe('MFA_NOT_ENROLLED');

    const events = app.core.audit.list(100);
    expect(events.find((e) => e.action === 'mfa.disable' && e.phase === 'outcome')).toMatchObject({
      outcome: 'success',
      details: { method: 'totp' },
    });
    expect(events.filter((e) => e.action === 'mfa.fresh_code' && e.details.operation === 'mfa.disable').map((e) => e.code)).toEqual([
      'MFA_NOT_ENROLLED',
      null,
      'MFA_CODE_REUSED',
      'MFA_CODE_REJECTED',
    ]);

    // The first enrollment again needs no code: a fresh secret, fresh recovery codes.
    await app.clock.advance(STEP);
    const again = await app.enroll();
    expect(again.secret).not.toBe(secret);
    expect(app.status()).toMatchObject({ enrolled: true, recoveryCodesRemaining: 10 });
    expect(await app.codeOf('mfa:stepUp', { code: await app.next(again.secret) })).toBe('ok');
    expect(await app.codeOf('secrets:reveal', reveal)).toBe('ok');
    await expectNoLeak(app, [secret, again.secret, ...recoveryCodes, ...again.recoveryCodes, CANARY]);
  });

  it('turns two-factor off with an unused recovery code (the lost phone), not with a spent one', async () => {
    const app = build();
    const { secret, recoveryCodes, enrollmentId } = await app.enroll();
    await app.call('app:lock');
    expect(await app.codeOf('app:unlock', { recoveryCode: recoveryCodes[0] })).toBe('ok');
    expect(await app.codeOf('mfa:disable', { recoveryCode: recoveryCodes[0] })).toBe('MFA_CODE_REJECTED');
    expect(await app.codeOf('mfa:disable', { code: await app.next(secret), recoveryCode: recoveryCodes[1] })).toBe('INVALID_INPUT');
    expect(app.status().enrolled).toBe(true);

    expect(await app.codeOf('mfa:disable', { recoveryCode: (recoveryCodes[1] ?? '').toUpperCase() })).toBe('ok');
    expect(app.status()).toMatchObject({ enrolled: false, recoveryCodesRemaining: 0 });
    expect(await app.keychain.get(`mfa:totp:${enrollmentId}`)).toBeNull();
    expect(app.core.audit.list(5).find((e) => e.action === 'mfa.disable' && e.phase === 'outcome')).toMatchObject({
      outcome: 'success',
      details: { method: 'recovery' },
    });
    await expectNoLeak(app, [secret, ...recoveryCodes]);
  });
});
