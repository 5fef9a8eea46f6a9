import { z } from 'zod';
import { channel } from '../channel';
import { sensitive } from '../sensitive';
import { empty, ok, uuid } from './common';

/**
 * What the second factor is for, in the app's own words (ARCHITECTURE: MFA). The renderer shows
 * this beside enrollment, the step-up dialog and the lock screen; mfa:status carries it too.
 */
export const MFA_PROTECTION = {
  protectsAgainst:
    'A second factor protects against an unattended or borrowed session: someone at this computer while you are away cannot reveal, copy or change protected secrets, or unlock Keyhole, without a current code from your authenticator. It also records that you meant to do it.',
  doesNotProtectAgainst:
    'It does not protect against malware running as your own user account, which can read the OS keychain and this app’s memory. Keep this computer and your account clean.',
} as const;

/** A six-digit TOTP code (spaces allowed) or a recovery code, as typed: sensitive on the way in. */
const code = sensitive(z.string().min(1).max(64));
const recoveryCode = sensitive(z.string().min(1).max(64));
const time = z.string().max(64);

/** A TOTP code or a recovery code: never both. */
const codeOrRecovery = z
  .object({ code: code.optional(), recoveryCode: recoveryCode.optional() })
  .strict()
  .refine((input) => (input.code === undefined) !== (input.recoveryCode === undefined));

export const mfaStatusSchema = z.object({
  enrolled: z.boolean(),
  /** Locked: every channel but app:info, settings:get, mfa:status, app:unlock, app:lock and app:activity answers LOCKED. */
  locked: z.boolean(),
  /** When the current step-up grant ends (core's clock), or null without one. */
  grantExpiresAt: time.nullable(),
  /** Until when codes are refused after repeated failures (MFA_LOCKED_OUT), or null. */
  lockedOutUntil: time.nullable(),
  recoveryCodesRemaining: z.number().int().nonnegative(),
  /** Core's clock now: count down grant and lockout against this, not the renderer's clock. */
  now: time,
  protection: z.object({ protectsAgainst: z.string(), doesNotProtectAgainst: z.string() }),
});
export type MfaStatus = z.infer<typeof mfaStatusSchema>;

export const LOCK_REASONS = ['command', 'idle'] as const;

export const mfaChannels = {
  'mfa:status': channel(empty, mfaStatusSchema),
  /**
   * Starts (re-)enrollment: a new secret held in main until confirmed. When already enrolled it
   * needs a current code or a recovery code (subject to lockout); the first enrollment needs none.
   */
  'mfa:beginEnrollment': channel(
    z
      .object({ code: code.optional(), recoveryCode: recoveryCode.optional() })
      .strict()
      .refine((input) => input.code === undefined || input.recoveryCode === undefined),
    z.object({
      enrollmentId: uuid,
      issuer: z.string(),
      account: z.string(),
      /** Base32, for typing into an authenticator by hand. */
      secret: sensitive(z.string()),
      otpauthUri: sensitive(z.string()),
      /** `data:image/png;base64,...` of the otpauth URI as a QR code. */
      qrDataUrl: sensitive(z.string()),
      expiresAt: time,
    }),
  ),
  /** Confirms with a current code; answers the recovery codes, shown this once and stored hashed. */
  'mfa:confirmEnrollment': channel(z.object({ enrollmentId: uuid, code }).strict(), z.object({ recoveryCodes: sensitive(z.array(z.string())) })),
  /** A current TOTP code starts a step-up grant of settings.stepUpMinutes. */
  'mfa:stepUp': channel(z.object({ code }).strict(), z.object({ grantExpiresAt: time })),
  /**
   * A fresh TOTP code (not a recovery code; replay and lockout apply) replaces every recovery code
   * at once: the old ones stop working, the new ones are answered this once and stored hashed.
   */
  'mfa:regenerateRecoveryCodes': channel(z.object({ code }).strict(), z.object({ recoveryCodes: sensitive(z.array(z.string())) })),
  /**
   * Turns two-factor off with a fresh TOTP code or an unused recovery code (the lost-phone path):
   * the keychain secret and the recovery codes go, any grant ends. Protected actions are then
   * refused as before enrollment (STEP_UP_REQUIRED; mfa:stepUp answers MFA_NOT_ENROLLED).
   */
  'mfa:disable': channel(codeOrRecovery, ok),
  /** Locks now (MFA_NOT_ENROLLED before enrollment: there would be nothing to unlock with). */
  'app:lock': channel(empty, ok),
  /** Unlocks with a TOTP code or a recovery code (subject to lockout). Starts no step-up grant. */
  'app:unlock': channel(codeOrRecovery, ok),
  /** The renderer's "the operator did something" ping (throttle it): resets the idle timer. */
  'app:activity': channel(empty, ok),
};

export const mfaEvents = {
  /** Drop every revealed value and show the lock screen. */
  'app:locked': z.object({ reason: z.enum(LOCK_REASONS) }),
  /** Enrollment, grant, lock or lockout changed: the new status. */
  'mfa:changed': mfaStatusSchema,
};
