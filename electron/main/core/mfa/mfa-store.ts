import type { Db } from '../store/database';
import type { HashedCode } from './recovery-codes';

export interface MfaState {
  /** Names the keychain entry of the TOTP secret; null when not enrolled. */
  enrollmentId: string | null;
  enrolledAt: string | null;
  /** The last TOTP step accepted: a code for it or an earlier one is refused as reused. */
  lastStep: number | null;
  failures: number;
  /** Clock ms until which codes are refused (0: not locked out). */
  lockedUntil: number;
}

export interface StoredRecoveryCode extends HashedCode {
  id: number;
}

interface StateRow {
  enrollment_id: string | null;
  enrolled_at: string | null;
  last_step: number | null;
  failures: number;
  locked_until: number;
}

/** MFA state in SQLite (migration 3): replay step, failures and lockout persist across restarts. */
export class MfaStore {
  constructor(private readonly db: Db) {}

  state(): MfaState {
    const row = this.db.prepare('SELECT enrollment_id, enrolled_at, last_step, failures, locked_until FROM mfa_state WHERE id = 1').get() as StateRow;
    return {
      enrollmentId: row.enrollment_id,
      enrolledAt: row.enrolled_at,
      lastStep: row.last_step,
      failures: row.failures,
      lockedUntil: row.locked_until,
    };
  }

  /** Replaces any previous enrollment and its recovery codes, in one transaction. */
  enroll(enrollmentId: string, enrolledAt: string, lastStep: number, codes: HashedCode[]): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE mfa_state SET enrollment_id = ?, enrolled_at = ?, last_step = ?, failures = 0, locked_until = 0 WHERE id = 1')
        .run(enrollmentId, enrolledAt, lastStep);
      this.db.prepare('DELETE FROM mfa_recovery_codes').run();
      const insert = this.db.prepare('INSERT INTO mfa_recovery_codes (enrollment_id, salt, hash) VALUES (?, ?, ?)');
      for (const code of codes) insert.run(enrollmentId, code.salt, code.hash);
    })();
  }

  /** Replaces every recovery code of the current enrollment at once; false when it is no longer current. */
  replaceRecoveryCodes(enrollmentId: string, codes: HashedCode[]): boolean {
    return this.db.transaction(() => {
      const current = this.db.prepare('SELECT enrollment_id FROM mfa_state WHERE id = 1').pluck().get() as string | null;
      if (current !== enrollmentId) return false;
      this.db.prepare('DELETE FROM mfa_recovery_codes').run();
      const insert = this.db.prepare('INSERT INTO mfa_recovery_codes (enrollment_id, salt, hash) VALUES (?, ?, ?)');
      for (const code of codes) insert.run(enrollmentId, code.salt, code.hash);
      return true;
    })();
  }

  /** Not enrolled any more: no enrollment, no recovery codes, no replay floor or failures left over. */
  disable(): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE mfa_state SET enrollment_id = NULL, enrolled_at = NULL, last_step = NULL, failures = 0, locked_until = 0 WHERE id = 1')
        .run();
      this.db.prepare('DELETE FROM mfa_recovery_codes').run();
    })();
  }

  /** A code was accepted: its step becomes the replay floor and failures reset. */
  accepted(step: number): void {
    this.db.prepare('UPDATE mfa_state SET last_step = MAX(COALESCE(last_step, -1), ?), failures = 0, locked_until = 0 WHERE id = 1').run(step);
  }

  /** A recovery code was used: it is spent and failures reset. False when it was already spent. */
  recoveryUsed(id: number, at: string): boolean {
    return this.db.transaction(() => {
      const spent = this.db.prepare('UPDATE mfa_recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL').run(at, id).changes === 1;
      if (spent) this.db.prepare('UPDATE mfa_state SET failures = 0, locked_until = 0 WHERE id = 1').run();
      return spent;
    })();
  }

  failed(failures: number, lockedUntil: number): void {
    this.db.prepare('UPDATE mfa_state SET failures = ?, locked_until = ? WHERE id = 1').run(failures, lockedUntil);
  }

  unusedRecoveryCodes(): StoredRecoveryCode[] {
    return this.db.prepare('SELECT id, salt, hash FROM mfa_recovery_codes WHERE used_at IS NULL ORDER BY id').all() as StoredRecoveryCode[];
  }

  recoveryCodesRemaining(): number {
    return this.db.prepare('SELECT COUNT(*) FROM mfa_recovery_codes WHERE used_at IS NULL').pluck().get() as number;
  }
}
