import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { KeyholeError, type ErrorCode } from '../../../../shared/errors';
import { MFA_PROTECTION, type MfaStatus } from '../../../../shared/ipc/channels/mfa';
import type { AuditFields, AuditLog } from '../audit/audit-log';
import type { EmitEvent } from '../events';
import type { Logger } from '../logger';
import type { Clock, CredentialStore, SystemEvent, SystemEvents } from '../ports';
import type { Db } from '../store/database';
import type { SettingsStore } from '../store/settings-store';
import { lockoutDelayMs } from './lockout';
import { MfaStore } from './mfa-store';
import { qrDataUrl } from './qr';
import { hashRecoveryCode, matchesRecoveryCode, newRecoveryCodes } from './recovery-codes';
import type { FreshCodeContext, FreshCodeGate, StepUpGate } from './step-up';
import { newTotpSecret, otpauthUri, TOTP_ISSUER, verifyTotp } from './totp';

export interface MfaServiceDeps {
  db: Db;
  keychain: CredentialStore;
  clock: Clock;
  audit: AuditLog;
  settings: SettingsStore;
  emit: EmitEvent;
  logger: Logger;
  systemEvents?: SystemEvents;
}

/** A TOTP code or a recovery code, exactly as the operator typed it. */
export interface Proof {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

export interface Enrollment {
  enrollmentId: string;
  issuer: string;
  account: string;
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
  expiresAt: string;
}

export type LockReason = 'command' | 'idle';
type Purpose = 'step_up' | 'unlock' | 'fresh_code' | 'reenroll';
type GrantEnd = 'lock' | 'idle' | 'suspend' | 'lock-screen' | 'reenroll' | 'disable';

const ACTION: Record<Purpose, string> = {
  step_up: 'mfa.step_up',
  unlock: 'app.unlock',
  fresh_code: 'mfa.fresh_code',
  reenroll: 'mfa.enroll_authorize',
};
const REGENERATE = 'mfa.recovery_codes.regenerate';
const DISABLE = 'mfa.disable';
const PENDING_ENROLLMENT_MS = 10 * 60_000;
/** The idle loop wakes at least this often, so a changed idleLockMinutes takes effect. */
const IDLE_POLL_MS = 60_000;

const totpAccount = (enrollmentId: string) => `mfa:totp:${enrollmentId}`;

interface PendingEnrollment {
  id: string;
  secret: string;
  expiresAt: number;
  reenroll: boolean;
}

/**
 * TOTP enrollment and verification, step-up grants, lockout and the app lock (ARCHITECTURE: MFA).
 * The TOTP secret lives in the keychain; the replay floor, failures and lockout in SQLite, so a
 * restart resets none of them. Grants live in memory only, and an enrolled Keyhole always starts
 * locked (a restart must not be a way past the lock screen). Verifications run one at a time, so
 * two requests cannot both spend the same code.
 */
export class MfaService implements StepUpGate, FreshCodeGate {
  private readonly store: MfaStore;
  private locked: boolean;
  private grantUntil: number | null = null;
  private grantTimer: AbortController | undefined;
  private pending: PendingEnrollment | undefined;
  private lastActivity: number;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly closing = new AbortController();
  private readonly lockListeners: Array<() => Promise<void>> = [];
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: MfaServiceDeps) {
    this.store = new MfaStore(deps.db);
    this.locked = this.enrolled();
    this.lastActivity = deps.clock.now();
    this.unsubscribe = deps.systemEvents?.on((event) => this.onSystemEvent(event)) ?? (() => undefined);
    void this.idleLoop();
  }

  enrolled(): boolean {
    return this.store.state().enrollmentId !== null;
  }

  isLocked(): boolean {
    return this.locked;
  }

  hasGrant(): boolean {
    return !this.locked && this.grantUntil !== null && this.deps.clock.now() < this.grantUntil;
  }

  status(): MfaStatus {
    const state = this.store.state();
    const now = this.deps.clock.now();
    return {
      enrolled: state.enrollmentId !== null,
      locked: this.locked,
      grantExpiresAt: this.hasGrant() && this.grantUntil !== null ? iso(this.grantUntil) : null,
      lockedOutUntil: state.lockedUntil > now ? iso(state.lockedUntil) : null,
      recoveryCodesRemaining: state.enrollmentId !== null ? this.store.recoveryCodesRemaining() : 0,
      now: iso(now),
      protection: { ...MFA_PROTECTION },
    };
  }

  /** Runs when the app locks (the clipboard guard clears a copied value). */
  onLock(listener: () => Promise<void>): void {
    this.lockListeners.push(listener);
  }

  /**
   * A new secret, held here until confirmed (10 minutes). Re-enrollment needs a current code or a
   * recovery code first (subject to lockout); the first enrollment needs nothing.
   */
  async beginEnrollment(proof: Proof): Promise<Enrollment> {
    const reenroll = this.enrolled();
    if (reenroll) {
      if (proof.code === undefined && proof.recoveryCode === undefined) {
        await this.deps.audit.record({ action: 'mfa.enroll_begin', outcome: 'refused', code: 'MFA_CODE_REQUIRED', details: { reenroll } });
        throw new KeyholeError('MFA_CODE_REQUIRED');
      }
      await this.verify('reenroll', proof);
    }
    const now = this.deps.clock.now();
    const secret = newTotpSecret();
    const account = accountLabel();
    const uri = otpauthUri(secret, account);
    const qr = await qrDataUrl(uri);
    await this.deps.audit.record({ action: 'mfa.enroll_begin', outcome: 'success', details: { reenroll } });
    const pending = { id: randomUUID(), secret, expiresAt: now + PENDING_ENROLLMENT_MS, reenroll };
    this.pending = pending;
    return { enrollmentId: pending.id, issuer: TOTP_ISSUER, account, secret, otpauthUri: uri, qrDataUrl: qr, expiresAt: iso(pending.expiresAt) };
  }

  /**
   * A current code from the new authenticator makes the enrollment: the secret goes to the
   * keychain, the recovery codes (returned this once) are stored hashed, and the previous
   * enrollment, if any, is replaced. A wrong code here does not count towards lockout: whoever
   * holds a pending enrollment already holds its secret.
   */
  confirmEnrollment(enrollmentId: string, code: string): Promise<{ recoveryCodes: string[] }> {
    return this.serial(async () => {
      const now = this.deps.clock.now();
      const pending = this.pending;
      if (pending === undefined || pending.id !== enrollmentId || now > pending.expiresAt) throw new KeyholeError('NOT_FOUND');
      const details = { reenroll: pending.reenroll };
      const verdict = await verifyTotp(pending.secret, code, now, null);
      if (!verdict.valid) {
        await this.deps.audit.record({ action: 'mfa.enroll', outcome: 'failure', code: 'MFA_CODE_REJECTED', details });
        throw new KeyholeError('MFA_CODE_REJECTED');
      }
      const recoveryCodes = newRecoveryCodes();
      const hashed = await Promise.all(recoveryCodes.map(hashRecoveryCode));
      const previous = this.store.state().enrollmentId;
      await this.deps.audit.around({ action: 'mfa.enroll', details: { ...details, recoveryCodes: recoveryCodes.length } }, async () => {
        // Keychain first, under a new name: until SQLite points at it, the old enrollment stands.
        await this.deps.keychain.set(totpAccount(pending.id), pending.secret);
        try {
          this.store.enroll(pending.id, iso(now), verdict.step, hashed);
        } catch (error) {
          await this.deps.keychain.delete(totpAccount(pending.id)).catch(() => false);
          throw error;
        }
      });
      this.pending = undefined;
      if (previous !== null && previous !== pending.id) {
        await this.deps.keychain.delete(totpAccount(previous)).catch(() => this.deps.logger.log('warn', 'mfa.old_secret_not_deleted'));
      }
      this.endGrant('reenroll');
      this.locked = false;
      this.lastActivity = now;
      this.emitChanged();
      return { recoveryCodes };
    });
  }

  /** A current TOTP code starts a grant of settings.stepUpMinutes. */
  async stepUp(code: string): Promise<{ grantExpiresAt: string }> {
    await this.verify('step_up', { code });
    const now = this.deps.clock.now();
    const until = now + this.deps.settings.get().stepUpMinutes * 60_000;
    this.startGrant(until);
    this.lastActivity = now;
    this.emitChanged();
    return { grantExpiresAt: iso(until) };
  }

  async requireFreshCode(code: string | undefined, context: FreshCodeContext): Promise<void> {
    const { operation, ...fields } = context;
    if (code === undefined) {
      await this.deps.audit.record({ ...fields, action: ACTION.fresh_code, outcome: 'refused', code: 'MFA_CODE_REQUIRED', details: { operation } });
      throw new KeyholeError('MFA_CODE_REQUIRED');
    }
    await this.verify('fresh_code', { code }, { ...fields, details: { operation } });
  }

  /**
   * A fresh TOTP code (the fresh-code gate: replay and lockout apply; a recovery code is no TOTP
   * code and is refused) replaces every recovery code at once. The new ones are answered this once.
   */
  async regenerateRecoveryCodes(code: string | undefined): Promise<{ recoveryCodes: string[] }> {
    await this.requireFreshCode(code, { operation: REGENERATE });
    const recoveryCodes = newRecoveryCodes();
    const hashed = await Promise.all(recoveryCodes.map(hashRecoveryCode));
    await this.serial(() =>
      this.deps.audit.around({ action: REGENERATE, details: { recoveryCodes: recoveryCodes.length } }, async () => {
        const enrollmentId = this.store.state().enrollmentId;
        // Turned off or replaced since the code was checked: these codes would belong to nothing.
        if (enrollmentId === null || !this.store.replaceRecoveryCodes(enrollmentId, hashed)) throw new KeyholeError('MFA_NOT_ENROLLED');
      }),
    );
    this.emitChanged();
    return { recoveryCodes };
  }

  /**
   * Turns two-factor off with a fresh TOTP code or an unused recovery code (the lost-phone path):
   * SQLite forgets the enrollment and its recovery codes first, then the keychain secret goes, and
   * any grant ends. Protected actions are then refused as before the first enrollment.
   */
  async disable(proof: Proof): Promise<void> {
    const method = proof.code !== undefined ? 'totp' : 'recovery';
    if (proof.code === undefined && proof.recoveryCode === undefined) {
      await this.deps.audit.record({ action: DISABLE, outcome: 'refused', code: 'MFA_CODE_REQUIRED' });
      throw new KeyholeError('MFA_CODE_REQUIRED');
    }
    await this.verify('fresh_code', proof, { details: { operation: DISABLE } });
    await this.serial(async () => {
      const enrollmentId = await this.deps.audit.around({ action: DISABLE, details: { method } }, async () => {
        const current = this.store.state().enrollmentId;
        if (current === null) throw new KeyholeError('MFA_NOT_ENROLLED');
        this.store.disable();
        return current;
      });
      this.pending = undefined;
      await this.deps.keychain.delete(totpAccount(enrollmentId)).catch(() => this.deps.logger.log('warn', 'mfa.old_secret_not_deleted'));
      this.endGrant('disable');
      this.locked = false;
      this.emitChanged();
    });
  }

  /** Locks now: grants end, the renderer drops revealed values, the clipboard is cleared if ours. */
  async lock(reason: LockReason): Promise<void> {
    if (!this.enrolled()) throw new KeyholeError('MFA_NOT_ENROLLED');
    if (this.locked) return;
    this.locked = true;
    this.pending = undefined;
    this.endGrant('lock');
    this.deps.emit('app:locked', { reason });
    this.emitChanged();
    // Locking is the safe direction: it holds even when the audit or the clipboard fails.
    await this.deps.audit
      .record({ action: 'app.lock', outcome: 'success', details: { reason } })
      .catch(() => this.deps.logger.log('warn', 'mfa.lock_not_audited'));
    for (const listener of this.lockListeners) await listener().catch(() => this.deps.logger.log('warn', 'mfa.lock_listener_failed'));
  }

  /** A TOTP code or a recovery code unlocks (subject to lockout). It starts no step-up grant. */
  async unlock(proof: Proof): Promise<void> {
    if (!this.enrolled()) throw new KeyholeError('MFA_NOT_ENROLLED');
    if (!this.locked) return;
    await this.verify('unlock', proof);
    this.locked = false;
    this.lastActivity = this.deps.clock.now();
    this.emitChanged();
  }

  /** The renderer saw the operator do something: the idle timer starts again. */
  async activity(): Promise<void> {
    await this.lockIfIdle();
    if (!this.locked) this.lastActivity = this.deps.clock.now();
  }

  /** Locks (and ends the grant) if the idle time has passed: the lock guard asks before every call. */
  async lockIfIdle(): Promise<void> {
    if (this.deps.clock.now() - this.lastActivity >= this.idleMs()) await this.idle();
  }

  close(): void {
    this.closing.abort();
    this.grantTimer?.abort();
    this.unsubscribe();
  }

  private async verify(purpose: Purpose, proof: Proof, context: Omit<AuditFields, 'action'> = {}): Promise<void> {
    return this.serial(async () => {
      const method = proof.code !== undefined ? 'totp' : 'recovery';
      const fields: AuditFields = { ...context, action: ACTION[purpose], details: { ...(context.details ?? {}), method } };
      const state = this.store.state();
      const now = this.deps.clock.now();
      if (state.enrollmentId === null) {
        await this.deps.audit.record({ ...fields, outcome: 'refused', code: 'MFA_NOT_ENROLLED' });
        throw new KeyholeError('MFA_NOT_ENROLLED');
      }
      if (state.lockedUntil > now) {
        await this.deps.audit.record({ ...fields, outcome: 'refused', code: 'MFA_LOCKED_OUT' });
        throw new KeyholeError('MFA_LOCKED_OUT', { retryAfterMs: state.lockedUntil - now });
      }
      let failure: ErrorCode | null = null;
      if (proof.code !== undefined) {
        const secret = await this.deps.keychain.get(totpAccount(state.enrollmentId));
        if (secret === null) {
          await this.deps.audit.record({ ...fields, outcome: 'failure', code: 'CREDENTIAL_STORE_UNAVAILABLE' });
          throw new KeyholeError('CREDENTIAL_STORE_UNAVAILABLE');
        }
        const verdict = await verifyTotp(secret, proof.code, now, state.lastStep);
        if (verdict.valid) this.store.accepted(verdict.step);
        else failure = verdict.reused ? 'MFA_CODE_REUSED' : 'MFA_CODE_REJECTED';
      } else if (!(await this.spendRecoveryCode(proof.recoveryCode ?? '', now))) {
        failure = 'MFA_CODE_REJECTED';
      }
      if (failure === null) {
        await this.deps.audit.record({ ...fields, outcome: 'success' });
        return;
      }
      const failures = state.failures + 1;
      const delay = lockoutDelayMs(failures);
      this.store.failed(failures, delay > 0 ? now + delay : 0);
      this.emitChanged();
      await this.deps.audit.record({ ...fields, outcome: 'failure', code: failure, details: { ...fields.details, failures } });
      if (delay > 0) {
        await this.deps.audit.record({
          action: 'mfa.lockout',
          outcome: 'failure',
          code: 'MFA_LOCKED_OUT',
          details: { failures, seconds: delay / 1000 },
        });
      }
      throw new KeyholeError(failure);
    });
  }

  private async spendRecoveryCode(code: string, now: number): Promise<boolean> {
    for (const stored of this.store.unusedRecoveryCodes()) {
      if (await matchesRecoveryCode(code, stored)) return this.store.recoveryUsed(stored.id, iso(now));
    }
    return false;
  }

  private startGrant(until: number): void {
    this.grantTimer?.abort();
    this.grantUntil = until;
    const timer = new AbortController();
    this.grantTimer = timer;
    // Tell the renderer when the grant runs out (it may not share core's clock).
    this.deps.clock.sleep(until - this.deps.clock.now(), timer.signal).then(
      () => {
        if (this.grantUntil !== until) return;
        this.grantUntil = null;
        this.emitChanged();
      },
      () => undefined,
    );
  }

  private endGrant(reason: GrantEnd): void {
    const had = this.hasGrant();
    this.grantTimer?.abort();
    this.grantTimer = undefined;
    this.grantUntil = null;
    if (!had) return;
    if (reason === 'suspend' || reason === 'lock-screen' || reason === 'idle') {
      void this.deps.audit.record({ action: 'mfa.grant_end', outcome: 'success', details: { reason } }).catch(() => undefined);
      this.emitChanged();
    }
  }

  private onSystemEvent(event: SystemEvent): void {
    if (event === 'suspend' || event === 'lock-screen') this.endGrant(event);
  }

  private idleMs(): number {
    return this.deps.settings.get().idleLockMinutes * 60_000;
  }

  private async idle(): Promise<void> {
    this.lastActivity = this.deps.clock.now();
    this.endGrant('idle');
    if (this.enrolled() && !this.locked) await this.lock('idle');
  }

  private async idleLoop(): Promise<void> {
    const signal = this.closing.signal;
    while (!signal.aborted) {
      const wait = this.lastActivity + this.idleMs() - this.deps.clock.now();
      if (wait <= 0) {
        await this.idle().catch(() => undefined);
        continue;
      }
      try {
        await this.deps.clock.sleep(Math.min(wait, IDLE_POLL_MS), signal);
      } catch {
        return;
      }
    }
  }

  private emitChanged(): void {
    if (!this.closing.signal.aborted) this.deps.emit('mfa:changed', this.status());
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function accountLabel(): string {
  let user = 'operator';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the label is only a hint in the authenticator.
  }
  return `${user}@${hostname()}`.replace(/[^\w.@-]/g, '_').slice(0, 64);
}
