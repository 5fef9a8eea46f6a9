import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isKeyholeError } from '../../../../shared/errors';
import type { MfaStatus } from '../../../../shared/ipc/channels/mfa';
import { MFA_PROTECTION } from '../../../../shared/ipc/channels/mfa';
import { AuditLog } from '../audit/audit-log';
import { silentLogger } from '../logger';
import type { CredentialStore, SystemEvent, SystemEvents } from '../ports';
import { openDatabase } from '../store/database';
import { SettingsStore } from '../store/settings-store';
import { ManualClock } from '../testing/manual-clock';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';
import { MfaService } from './mfa-service';
import { totpAt } from './totp';

const STEP = 30_000;

class FiredSystemEvents implements SystemEvents {
  private readonly listeners = new Set<(event: SystemEvent) => void>();
  on(listener: (event: SystemEvent) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  fire(event: SystemEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

/** A six-digit code that is none of the three a verification at `now` would accept. */
async function wrongCode(secret: string, now: number): Promise<string> {
  const accepted = await Promise.all([-1, 0, 1].map((offset) => totpAt(secret, now + offset * STEP)));
  return ['000000', '111111', '222222', '333333'].find((code) => !accepted.includes(code)) as string;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isKeyholeError(error)) return error.code;
    throw error;
  }
  return 'resolved';
}

describe('MfaService', () => {
  const tempDir = useTempDir();
  const open: Array<() => void> = [];
  afterEach(() => {
    for (const close of open.splice(0)) close();
  });

  /** One app run over a data folder and keychain; a second call on the same pair is a restart. */
  function run(dataDir: string, keychain: CredentialStore, clock: ManualClock) {
    const db = openDatabase(join(dataDir, 'keyhole.sqlite'));
    const audit = new AuditLog(db, keychain, clock);
    const settings = new SettingsStore(db);
    const events: Array<{ event: string; payload: unknown }> = [];
    const system = new FiredSystemEvents();
    const mfa = new MfaService({
      db,
      keychain,
      clock,
      audit,
      settings,
      emit: (event, payload) => void events.push({ event, payload }),
      logger: silentLogger,
      systemEvents: system,
    });
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      mfa.close();
      db.close();
    };
    open.push(close);
    return { db, audit, settings, mfa, events, system, close };
  }

  function fresh() {
    const dataDir = tempDir();
    const keychain = testKeychain();
    // Mid-step, so one step of drift either way stays unambiguous.
    const clock = new ManualClock(Math.floor(Date.now() / STEP) * STEP + 10_000);
    return { dataDir, keychain, clock, app: run(dataDir, keychain, clock) };
  }

  async function enroll(app: ReturnType<typeof run>, clock: ManualClock) {
    const enrollment = await app.mfa.beginEnrollment({});
    const { recoveryCodes } = await app.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(enrollment.secret, clock.now()));
    // The confirming code's step is spent: the next code comes with the next step.
    await clock.advance(STEP);
    return { secret: enrollment.secret, recoveryCodes, enrollment };
  }

  it('before enrollment: never locked, nothing to step up or unlock with', async () => {
    const { app } = fresh();
    expect(app.mfa.status()).toMatchObject({
      enrolled: false,
      locked: false,
      grantExpiresAt: null,
      lockedOutUntil: null,
      recoveryCodesRemaining: 0,
      protection: MFA_PROTECTION,
    });
    expect(await codeOf(app.mfa.lock('command'))).toBe('MFA_NOT_ENROLLED');
    expect(await codeOf(app.mfa.stepUp('123456'))).toBe('MFA_NOT_ENROLLED');
    expect(await codeOf(app.mfa.unlock({ code: '123456' }))).toBe('MFA_NOT_ENROLLED');
    expect(app.mfa.hasGrant()).toBe(false);
  });

  it('enrolls: otpauth URI and QR for a new secret, confirmed with a current code; the secret only in the keychain, recovery codes hashed', async () => {
    const { app, clock, keychain } = fresh();
    const enrollment = await app.mfa.beginEnrollment({});
    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrollment.otpauthUri).toContain(`secret=${enrollment.secret}`);
    expect(enrollment.otpauthUri.startsWith('otpauth://totp/Keyhole:')).toBe(true);
    expect(enrollment.qrDataUrl.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
    expect(app.mfa.status().enrolled).toBe(false);

    expect(await codeOf(app.mfa.confirmEnrollment(enrollment.enrollmentId, await wrongCode(enrollment.secret, clock.now())))).toBe(
      'MFA_CODE_REJECTED',
    );
    expect(await codeOf(app.mfa.confirmEnrollment(crypto.randomUUID(), await totpAt(enrollment.secret, clock.now())))).toBe('NOT_FOUND');
    const { recoveryCodes } = await app.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(enrollment.secret, clock.now()));
    expect(recoveryCodes).toHaveLength(10);
    expect(app.mfa.status()).toMatchObject({ enrolled: true, locked: false, recoveryCodesRemaining: 10 });
    // A wrong confirmation code is not a lockout failure.
    expect(app.mfa.status().lockedOutUntil).toBeNull();

    const state = app.db.prepare('SELECT enrollment_id FROM mfa_state').pluck().get() as string;
    expect(await keychain.get(`mfa:totp:${state}`)).toBe(enrollment.secret);
    const dump =
      JSON.stringify(app.db.prepare('SELECT * FROM mfa_state').all()) +
      JSON.stringify(app.db.prepare('SELECT hex(salt), hex(hash) FROM mfa_recovery_codes').all());
    expect(dump).not.toContain(enrollment.secret);
    for (const code of recoveryCodes) expect(dump.toLowerCase()).not.toContain(Buffer.from(code).toString('hex'));
    const actions = app.audit.list(50).map((e) => `${e.action}:${e.phase}:${e.outcome ?? ''}`);
    expect(actions).toEqual(expect.arrayContaining(['mfa.enroll_begin:event:success', 'mfa.enroll:attempt:', 'mfa.enroll:outcome:success']));
    expect(JSON.stringify(app.audit.list(50))).not.toContain(enrollment.secret);
    expect(app.events.some((e) => e.event === 'mfa:changed' && (e.payload as MfaStatus).enrolled)).toBe(true);
  });

  it('grants a step-up for settings.stepUpMinutes, then lets it run out and says so', async () => {
    const { app, clock } = fresh();
    const { secret } = await enroll(app, clock);
    app.settings.update({ stepUpMinutes: 3 }, true);
    expect(await codeOf(app.mfa.stepUp(await wrongCode(secret, clock.now())))).toBe('MFA_CODE_REJECTED');
    const { grantExpiresAt } = await app.mfa.stepUp(await totpAt(secret, clock.now()));
    expect(Date.parse(grantExpiresAt)).toBe(clock.now() + 3 * 60_000);
    expect(app.mfa.hasGrant()).toBe(true);
    expect(app.mfa.status().grantExpiresAt).toBe(grantExpiresAt);
    await clock.advance(3 * 60_000 - 1);
    expect(app.mfa.hasGrant()).toBe(true);
    app.events.length = 0;
    await clock.advance(1);
    expect(app.mfa.hasGrant()).toBe(false);
    await vi.waitFor(() => expect(app.events.some((e) => e.event === 'mfa:changed' && (e.payload as MfaStatus).grantExpiresAt === null)).toBe(true));
    expect(app.audit.list(5).find((e) => e.action === 'mfa.step_up')).toMatchObject({ outcome: 'success', details: { method: 'totp' } });
  });

  it.each(['suspend', 'lock-screen'] as const)('ends the grant on %s', async (event) => {
    const { app, clock } = fresh();
    const { secret } = await enroll(app, clock);
    await app.mfa.stepUp(await totpAt(secret, clock.now()));
    app.system.fire('resume');
    expect(app.mfa.hasGrant()).toBe(true);
    app.system.fire(event);
    expect(app.mfa.hasGrant()).toBe(false);
    expect(app.mfa.isLocked()).toBe(false);
    await vi.waitFor(() => expect(app.audit.list(1)[0]).toMatchObject({ action: 'mfa.grant_end', details: { reason: event } }));
  });

  it('locks on command: the grant ends, the renderer is told, unlocking needs a code', async () => {
    const { app, clock } = fresh();
    const { secret } = await enroll(app, clock);
    await app.mfa.stepUp(await totpAt(secret, clock.now()));
    const onLock = vi.fn(async () => undefined);
    app.mfa.onLock(onLock);
    await app.mfa.lock('command');
    expect(app.mfa.isLocked()).toBe(true);
    expect(app.mfa.hasGrant()).toBe(false);
    expect(onLock).toHaveBeenCalledOnce();
    expect(app.events).toContainEqual({ event: 'app:locked', payload: { reason: 'command' } });
    // The step-up code's step is spent; the next step's code unlocks.
    expect(await codeOf(app.mfa.unlock({ code: await totpAt(secret, clock.now()) }))).toBe('MFA_CODE_REUSED');
    await clock.advance(STEP);
    await app.mfa.unlock({ code: await totpAt(secret, clock.now()) });
    expect(app.mfa.isLocked()).toBe(false);
    // Unlocking starts no grant.
    expect(app.mfa.hasGrant()).toBe(false);
  });

  it('locks after idleLockMinutes without activity; activity keeps it open', async () => {
    const { app, clock } = fresh();
    const { secret } = await enroll(app, clock);
    app.settings.update({ idleLockMinutes: 2 }, true);
    await app.mfa.stepUp(await totpAt(secret, clock.now()));
    await clock.advance(90_000);
    await app.mfa.activity();
    await clock.advance(90_000);
    expect(app.mfa.isLocked()).toBe(false);
    await clock.advance(30_000);
    await vi.waitFor(() => expect(app.mfa.isLocked()).toBe(true));
    expect(app.mfa.hasGrant()).toBe(false);
    expect(app.events).toContainEqual({ event: 'app:locked', payload: { reason: 'idle' } });
    expect(app.audit.list(10).some((e) => e.action === 'app.lock' && e.details.reason === 'idle')).toBe(true);
  });

  it('refuses a replayed code, also after a restart, and starts an enrolled app locked', async () => {
    const { app, clock, dataDir, keychain } = fresh();
    const { secret } = await enroll(app, clock);
    const code = await totpAt(secret, clock.now());
    await app.mfa.stepUp(code);
    expect(await codeOf(app.mfa.stepUp(code))).toBe('MFA_CODE_REUSED');
    app.close();

    const again = run(dataDir, keychain, clock);
    expect(again.mfa.status()).toMatchObject({ enrolled: true, locked: true, grantExpiresAt: null });
    expect(await codeOf(again.mfa.unlock({ code }))).toBe('MFA_CODE_REUSED');
    // The previous step's code is within drift but before the replay floor.
    expect(await codeOf(again.mfa.unlock({ code: await totpAt(secret, clock.now() - STEP) }))).toBe('MFA_CODE_REUSED');
    await clock.advance(STEP);
    await again.mfa.unlock({ code: await totpAt(secret, clock.now()) });
    expect(again.mfa.isLocked()).toBe(false);
    expect(again.audit.list(20).filter((e) => e.code === 'MFA_CODE_REUSED')).toHaveLength(3);
  });

  it('locks out with growing delays that survive a restart and apply to unlocking', async () => {
    const { app, clock, dataDir, keychain } = fresh();
    const { secret } = await enroll(app, clock);
    const wrong = () => wrongCode(secret, clock.now());
    for (let i = 0; i < 4; i += 1) expect(await codeOf(app.mfa.stepUp(await wrong()))).toBe('MFA_CODE_REJECTED');
    expect(app.mfa.status().lockedOutUntil).toBeNull();
    expect(await codeOf(app.mfa.stepUp(await wrong()))).toBe('MFA_CODE_REJECTED');
    const until = app.mfa.status().lockedOutUntil;
    expect(Date.parse(until ?? '')).toBe(clock.now() + 30_000);
    // Even the right code is refused while locked out, and does not count.
    expect(await codeOf(app.mfa.stepUp(await totpAt(secret, clock.now())))).toBe('MFA_LOCKED_OUT');
    expect(app.audit.list(30).some((e) => e.action === 'mfa.lockout' && e.details.seconds === 30)).toBe(true);
    app.close();

    const again = run(dataDir, keychain, clock);
    expect(again.mfa.status()).toMatchObject({ locked: true, lockedOutUntil: until });
    expect(await codeOf(again.mfa.unlock({ code: await totpAt(secret, clock.now()) }))).toBe('MFA_LOCKED_OUT');
    await clock.advance(30_000);
    expect(await codeOf(again.mfa.unlock({ code: await wrong() }))).toBe('MFA_CODE_REJECTED');
    expect(Date.parse(again.mfa.status().lockedOutUntil ?? '')).toBe(clock.now() + 60_000);
    await clock.advance(60_000);
    await again.mfa.unlock({ code: await totpAt(secret, clock.now()) });
    expect(again.mfa.status()).toMatchObject({ locked: false, lockedOutUntil: null });
    // A success resets the count: the next failure is free again.
    await clock.advance(STEP);
    expect(await codeOf(again.mfa.stepUp(await wrong()))).toBe('MFA_CODE_REJECTED');
    expect(again.mfa.status().lockedOutUntil).toBeNull();
    expect(JSON.stringify(again.audit.list(100))).not.toContain(await totpAt(secret, clock.now()));
  });

  it('unlocks with a recovery code once; re-enrollment needs a code or a recovery code and replaces the secret', async () => {
    const { app, clock, keychain } = fresh();
    const { recoveryCodes, secret } = await enroll(app, clock);
    const [first, second] = recoveryCodes as [string, string];
    await app.mfa.lock('command');
    await app.mfa.unlock({ recoveryCode: first.toUpperCase() });
    expect(app.mfa.status()).toMatchObject({ locked: false, recoveryCodesRemaining: 9 });
    await app.mfa.lock('command');
    expect(await codeOf(app.mfa.unlock({ recoveryCode: first }))).toBe('MFA_CODE_REJECTED');
    await app.mfa.unlock({ recoveryCode: second });

    expect(await codeOf(app.mfa.beginEnrollment({}))).toBe('MFA_CODE_REQUIRED');
    expect(await codeOf(app.mfa.beginEnrollment({ recoveryCode: first }))).toBe('MFA_CODE_REJECTED');
    const oldId = app.db.prepare('SELECT enrollment_id FROM mfa_state').pluck().get() as string;
    const next = await app.mfa.beginEnrollment({ code: await totpAt(secret, clock.now()) });
    const { recoveryCodes: renewed } = await app.mfa.confirmEnrollment(next.enrollmentId, await totpAt(next.secret, clock.now()));
    expect(renewed.some((code) => recoveryCodes.includes(code))).toBe(false);
    expect(app.mfa.status().recoveryCodesRemaining).toBe(10);
    expect(await keychain.get(`mfa:totp:${oldId}`)).toBeNull();
    await clock.advance(STEP);
    expect(await codeOf(app.mfa.stepUp(await totpAt(secret, clock.now())))).toBe('MFA_CODE_REJECTED');
    await app.mfa.stepUp(await totpAt(next.secret, clock.now()));
    expect(app.mfa.hasGrant()).toBe(true);
    const audit = JSON.stringify(app.audit.list(100));
    for (const code of [...recoveryCodes, ...renewed, secret, next.secret]) expect(audit).not.toContain(code);
  });

  it('asks for a fresh code inside a grant for the operations that need one', async () => {
    const { app, clock } = fresh();
    const { secret } = await enroll(app, clock);
    const context = { operation: 'destroy', connectionId: null, environmentId: null, path: 'db/password' };
    await app.mfa.stepUp(await totpAt(secret, clock.now()));
    expect(app.mfa.hasGrant()).toBe(true);
    expect(await codeOf(app.mfa.requireFreshCode(undefined, context))).toBe('MFA_CODE_REQUIRED');
    expect(await codeOf(app.mfa.requireFreshCode(await totpAt(secret, clock.now()), context))).toBe('MFA_CODE_REUSED');
    await clock.advance(STEP);
    await app.mfa.requireFreshCode(await totpAt(secret, clock.now()), context);
    const events = app.audit.list(3);
    expect(events[0]).toMatchObject({
      action: 'mfa.fresh_code',
      outcome: 'success',
      path: 'db/password',
      details: { operation: 'destroy', method: 'totp' },
    });
    expect(events.map((e) => e.code)).toEqual([null, 'MFA_CODE_REUSED', 'MFA_CODE_REQUIRED']);
  });

  it('spends a code once when two requests race with it', async () => {
    const { app, clock } = fresh();
    const { secret } = await enroll(app, clock);
    const code = await totpAt(secret, clock.now());
    const results = await Promise.all([codeOf(app.mfa.stepUp(code)), codeOf(app.mfa.stepUp(code)), codeOf(app.mfa.stepUp(code))]);
    expect(results.sort()).toEqual(['MFA_CODE_REUSED', 'MFA_CODE_REUSED', 'resolved']);
  });
});
