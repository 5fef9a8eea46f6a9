import { describe, expect, it } from 'vitest';
import { MFA_PROTECTION, type MfaStatus } from '../../../../shared/ipc/contract';
import { codeProblem, lockoutText, mfaErrorText, remaining } from './mfa-text';

const NOW = Date.parse('2026-03-04T14:00:00.000Z');

function status(lockedOutUntil: string | null): MfaStatus {
  return {
    enrolled: true,
    locked: true,
    grantExpiresAt: null,
    lockedOutUntil,
    recoveryCodesRemaining: 10,
    now: new Date(NOW).toISOString(),
    protection: { ...MFA_PROTECTION },
  };
}

describe('mfa text', () => {
  it('counts down in minutes and seconds, hours when long, never below zero', () => {
    expect(remaining(252_000)).toBe('4:12');
    expect(remaining(6_200)).toBe('0:07');
    expect(remaining(3_723_000)).toBe('1:02:03');
    expect(remaining(-5_000)).toBe('0:00');
  });

  it('says how long codes are refused, only while they are', () => {
    expect(lockoutText(status(new Date(NOW + 27_000).toISOString()), NOW)).toMatch(
      /^Too many wrong codes: codes are refused for 0:27 more \(until \d\d:\d\d:\d\d\)\.$/,
    );
    expect(lockoutText(status(new Date(NOW - 1).toISOString()), NOW)).toBeNull();
    expect(lockoutText(status(null), NOW)).toBeNull();
    expect(lockoutText(null, NOW)).toBeNull();
  });

  it('checks a typed code before sending it: six digits, spaces allowed', () => {
    expect(codeProblem('123456')).toBeNull();
    expect(codeProblem('123 456')).toBeNull();
    expect(codeProblem('12345')).not.toBeNull();
    expect(codeProblem('12345a')).not.toBeNull();
  });

  it('puts each MFA refusal in plain words', () => {
    const text = (code: Parameters<typeof mfaErrorText>[0]['code'], s: MfaStatus | null = null) => mfaErrorText({ code, message: 'x' }, s, NOW);
    expect(text('MFA_CODE_REUSED')).toBe('That code was already used — wait for the next one.');
    expect(text('MFA_CODE_REJECTED')).toContain('not accepted');
    expect(mfaErrorText({ code: 'MFA_CODE_REJECTED', message: 'x' }, null, NOW, true)).toContain('recovery code was not accepted');
    expect(text('MFA_LOCKED_OUT', status(new Date(NOW + 90_000).toISOString()))).toContain('1:30 more');
    expect(text('MFA_LOCKED_OUT')).toContain('wait a moment');
    expect(text('THROTTLED')).toBe('x');
  });
});
