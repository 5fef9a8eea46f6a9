import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * One-time recovery codes: shown once at enrollment, stored only as scrypt hashes with a salt of
 * their own. 12 characters from an alphabet without look-alikes (31 symbols: about 59 bits),
 * shown in groups of four.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 12;
const KEY_LENGTH = 32;
const SCRYPT = { N: 1 << 14, r: 8, p: 1 } as const;

export interface HashedCode {
  salt: Buffer;
  hash: Buffer;
}

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET.charAt(randomInt(ALPHABET.length))).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** Case, spaces and dashes do not matter; anything outside the alphabet makes it no code at all. */
export function normalizeRecoveryCode(code: string): string | null {
  const plain = code.toLowerCase().replace(/[\s-]/g, '');
  return plain.length === LENGTH && [...plain].every((c) => ALPHABET.includes(c)) ? plain : null;
}

function derive(normalized: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(normalized, salt, KEY_LENGTH, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashRecoveryCode(code: string): Promise<HashedCode> {
  const normalized = normalizeRecoveryCode(code);
  if (normalized === null) throw new Error('not a recovery code');
  const salt = randomBytes(16);
  return { salt, hash: await derive(normalized, salt) };
}

export async function matchesRecoveryCode(code: string, stored: HashedCode): Promise<boolean> {
  const normalized = normalizeRecoveryCode(code);
  if (normalized === null) return false;
  const hash = await derive(normalized, stored.salt);
  return hash.length === stored.hash.length && timingSafeEqual(hash, stored.hash);
}
