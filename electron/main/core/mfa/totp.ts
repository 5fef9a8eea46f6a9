import { generate, generateSecret, generateURI, verify } from 'otplib';

/**
 * TOTP as Keyhole uses it (RFC 6238 through otplib): HMAC-SHA-1, 6 digits, 30-second steps, a
 * 160-bit secret in base32, and one step of clock drift accepted either way.
 */
export const TOTP_ISSUER = 'Keyhole';
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const SECRET_BYTES = 20;

export type TotpVerdict = { valid: true; step: number } | { valid: false; reused: boolean };

export function newTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

export function otpauthUri(secret: string, account: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: account, secret, algorithm: 'sha1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/** Digits only: authenticators show "123 456", people paste with spaces. */
export function normalizeTotpCode(code: string): string | null {
  const digits = code.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(digits) ? digits : null;
}

const epochOf = (nowMs: number) => Math.floor(nowMs / 1000);

/**
 * Checks a code at `nowMs` with one step of drift either way. A code whose step is at or before
 * `lastStep` (the last one accepted) is refused as reused, however right it is.
 */
export async function verifyTotp(secret: string, code: string, nowMs: number, lastStep: number | null): Promise<TotpVerdict> {
  const token = normalizeTotpCode(code);
  if (token === null) return { valid: false, reused: false };
  const result = await verify({
    secret,
    token,
    epoch: epochOf(nowMs),
    epochTolerance: TOTP_PERIOD_SECONDS,
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
  });
  // otplib's functional verify types TOTP and HOTP results together; only TOTP has timeStep.
  if (!result.valid || !('timeStep' in result)) return { valid: false, reused: false };
  if (lastStep !== null && result.timeStep <= lastStep) return { valid: false, reused: true };
  return { valid: true, step: result.timeStep };
}

/** The code an authenticator shows at `nowMs` (tests, and the e2e specs' authenticator). */
export function totpAt(secret: string, nowMs: number): Promise<string> {
  return generate({ secret, epoch: epochOf(nowMs), period: TOTP_PERIOD_SECONDS, digits: TOTP_DIGITS });
}
