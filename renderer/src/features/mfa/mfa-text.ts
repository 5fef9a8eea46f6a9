import type { MfaStatus } from '../../../../shared/ipc/contract';
import { explain, type ShownError } from '../../errors';

/** "4:12", "0:07", "1:02:03": a remaining duration, never negative. */
export function remaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Core's time of day, "14:03:12" (it may run ahead of this computer's clock in tests). */
function timeOfDay(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** How long codes are still refused after repeated wrong ones, or null when they are not. */
export function lockoutText(status: MfaStatus | null, now: number): string | null {
  const until = status?.lockedOutUntil ? Date.parse(status.lockedOutUntil) : NaN;
  if (Number.isNaN(until) || until <= now) return null;
  return `Too many wrong codes: codes are refused for ${remaining(until - now)} more (until ${timeOfDay(until)}).`;
}

/** A TOTP code as typed ("123 456" too): the problem to show before sending it, or null. */
export function codeProblem(code: string): string | null {
  return /^\d{6}$/.test(code.replace(/[\s-]/g, '')) ? null : 'Enter the 6-digit code your authenticator shows.';
}

/** An MFA refusal in plain words (`recovery`: a recovery code was offered); anything else as the app explains it elsewhere. */
export function mfaErrorText(error: ShownError, status: MfaStatus | null, now: number, recovery = false): string {
  switch (error.code) {
    case 'MFA_CODE_REJECTED':
      return recovery
        ? 'That recovery code was not accepted: it may be mistyped, already used, or from an older set.'
        : 'That code was not accepted. Enter the code your authenticator shows now.';
    case 'MFA_CODE_REUSED':
      return 'That code was already used — wait for the next one.';
    case 'MFA_LOCKED_OUT':
      return lockoutText(status, now) ?? 'Too many wrong codes: wait a moment, then try again.';
    case 'MFA_CODE_REQUIRED':
      return 'Enter a current code from your authenticator.';
    case 'MFA_NOT_ENROLLED':
      return 'Two-factor authentication is not set up yet.';
    default:
      return explain(error);
  }
}
