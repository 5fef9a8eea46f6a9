import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyholeError } from '../../../../shared/errors';
import type { CredentialStore } from '../ports';
import type { SecretValue } from '../providers/value';

/** What a rotation holds back while it runs: the old value, the new one, and the other role's old password. */
export interface Escrowed {
  old: SecretValue;
  next: SecretValue;
  /** Alternating users: the other role's password before this rotation, when the previous version had it. */
  otherOld?: string;
}

/**
 * Values a rotation holds between steps, as AES-256-GCM ciphertext in SQLite with a per-rotation
 * key in the OS keychain (ARCHITECTURE: values too large for a keychain entry). The key is stored
 * before the ciphertext is, so a value is never kept where it cannot be read back; dropping the
 * key makes the ciphertext unreadable even before its row is cleared.
 */
export class Escrow {
  constructor(private readonly keychain: CredentialStore) {}

  async seal(rotationId: string, values: Escrowed): Promise<Buffer> {
    const key = randomBytes(32);
    await this.keychain.set(this.account(rotationId), key.toString('base64'));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(rotationId));
    const body = Buffer.concat([cipher.update(JSON.stringify(values, encodeBytes), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  async open(rotationId: string, sealed: Buffer): Promise<Escrowed> {
    const stored = await this.keychain.get(this.account(rotationId));
    if (stored === null) throw new KeyholeError('CREDENTIAL_STORE_UNAVAILABLE');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(stored, 'base64'), sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(rotationId));
    decipher.setAuthTag(sealed.subarray(12, 28));
    const text = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text, decodeBytes) as Escrowed;
  }

  async drop(rotationId: string): Promise<void> {
    await this.keychain.delete(this.account(rotationId));
  }

  private account(rotationId: string): string {
    return `rotation:${rotationId}`;
  }
}

function encodeBytes(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { $bytes: Buffer.from(value).toString('base64') } : value;
}

function decodeBytes(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '$bytes' in value && typeof value.$bytes === 'string')
    return new Uint8Array(Buffer.from(value.$bytes, 'base64'));
  return value;
}
