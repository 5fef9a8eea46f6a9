import { describe, expect, it } from 'vitest';
import { lockoutDelayMs } from './lockout';
import { hashRecoveryCode, matchesRecoveryCode, newRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes';

describe('recovery codes', () => {
  it('are distinct, grouped by four, from an alphabet without look-alikes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
  });

  it('are stored as salted hashes that match the code however it is typed, and nothing else', async () => {
    const [code, other] = newRecoveryCodes(2) as [string, string];
    const stored = await hashRecoveryCode(code);
    const again = await hashRecoveryCode(code);
    expect(stored.hash.equals(again.hash)).toBe(false);
    expect(stored.hash.toString('hex')).not.toContain(Buffer.from(code).toString('hex'));
    expect(await matchesRecoveryCode(code, stored)).toBe(true);
    expect(await matchesRecoveryCode(` ${code.toUpperCase().replace(/-/g, ' ')} `, stored)).toBe(true);
    expect(await matchesRecoveryCode(other, stored)).toBe(false);
    expect(await matchesRecoveryCode('', stored)).toBe(false);
    expect(normalizeRecoveryCode('abcd-efgh-jkm1')).toBeNull();
  });
});

describe('lockout delays', () => {
  it('leave the first four failures free, then double from 30 s up to an hour', () => {
    expect([1, 2, 3, 4].map(lockoutDelayMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map(lockoutDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(lockoutDelayMs(12)).toBe(3_600_000);
    expect(lockoutDelayMs(1_000)).toBe(3_600_000);
  });
});
