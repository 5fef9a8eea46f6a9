import { generate, stringToBytes } from 'otplib';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, normalizeTotpCode, otpauthUri, totpAt, verifyTotp } from './totp';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SEED = '12345678901234567890';
const RFC_SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_SHA1_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

const STEP = 30_000;

describe('TOTP (RFC 6238, SHA-1, 30 s)', () => {
  it('matches the RFC 6238 Appendix B SHA-1 vectors (8 digits, through the library as configured)', async () => {
    for (const [seconds, expected] of RFC_SHA1_VECTORS) {
      expect(await generate({ secret: stringToBytes(RFC_SEED), epoch: seconds, digits: 8, algorithm: 'sha1', period: 30 }), String(seconds)).toBe(
        expected,
      );
    }
  });

  it('gives the 6-digit truncation of the same vectors from the base32 form of the seed', async () => {
    for (const [seconds, expected] of RFC_SHA1_VECTORS) {
      expect(await totpAt(RFC_SEED_BASE32, seconds * 1000), String(seconds)).toBe(expected.slice(-6));
      expect(await verifyTotp(RFC_SEED_BASE32, expected.slice(-6), seconds * 1000, null)).toEqual({ valid: true, step: Math.floor(seconds / 30) });
    }
  });

  it('accepts one step of drift either way and nothing further', async () => {
    const secret = newTotpSecret();
    const now = 1_700_000_015_000;
    const step = Math.floor(now / STEP);
    for (const offset of [-1, 0, 1]) {
      const code = await totpAt(secret, now + offset * STEP);
      expect(await verifyTotp(secret, code, now, null), `offset ${offset}`).toEqual({ valid: true, step: step + offset });
    }
    for (const offset of [-3, -2, 2, 3]) {
      const code = await totpAt(secret, now + offset * STEP);
      // A code two steps away can collide with one inside the window by chance (1 in 10^6 per step).
      if (code === (await totpAt(secret, now - STEP)) || code === (await totpAt(secret, now)) || code === (await totpAt(secret, now + STEP)))
        continue;
      expect(await verifyTotp(secret, code, now, null), `offset ${offset}`).toEqual({ valid: false, reused: false });
    }
  });

  it('refuses a code at or before the last accepted step as reused', async () => {
    const secret = newTotpSecret();
    const now = 1_700_000_000_000;
    const step = Math.floor(now / STEP);
    const code = await totpAt(secret, now);
    expect(await verifyTotp(secret, code, now, step)).toEqual({ valid: false, reused: true });
    expect(await verifyTotp(secret, code, now, step + 1)).toEqual({ valid: false, reused: true });
    expect(await verifyTotp(secret, code, now, step - 1)).toEqual({ valid: true, step });
    // The next step's code (drift +1) is still good after this step was spent.
    expect(await verifyTotp(secret, await totpAt(secret, now + STEP), now, step)).toEqual({ valid: true, step: step + 1 });
  });

  it('reads codes with spaces or a dash and refuses anything that is not six digits', async () => {
    expect(normalizeTotpCode('123 456')).toBe('123456');
    expect(normalizeTotpCode(' 123-456 ')).toBe('123456');
    for (const bad of ['', '12345', '1234567', 'abcdef', '12345a', '１２３４５６']) expect(normalizeTotpCode(bad), bad).toBeNull();
    const secret = newTotpSecret();
    expect(await verifyTotp(secret, 'nope', Date.now(), null)).toEqual({ valid: false, reused: false });
  });

  it('makes 160-bit base32 secrets and an otpauth URI authenticators read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(otpauthUri(secret, 'ops@host-1'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Keyhole:ops@host-1');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Keyhole');
    for (const [key, value] of [
      ['algorithm', 'SHA1'],
      ['digits', '6'],
      ['period', '30'],
    ]) {
      const given = uri.searchParams.get(key as string);
      if (given !== null) expect(given).toBe(value);
    }
  });
});
