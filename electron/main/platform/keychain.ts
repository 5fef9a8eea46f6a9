/**
 * CredentialStore over keytar (macOS Keychain, Windows Credential Manager, libsecret / Secret
 * Service on Linux). No electron import: the e2e host and tests use it on plain Node.
 *
 * Every keytar failure (no D-Bus session, no Secret Service, a locked or refused keyring, the
 * native module missing) becomes CREDENTIAL_STORE_UNAVAILABLE; keytar's message never travels.
 */
import { KeyholeError } from '../../../shared/errors';
import type { CredentialStore } from '../core/ports';

export const KEYCHAIN_SERVICE = 'Keyhole';

/**
 * The largest secret Keyhole stores in one entry, in UTF-8 bytes: Windows Credential Manager's
 * CRED_MAX_CREDENTIAL_BLOB_SIZE (5 * 512), the smallest of the three keychains. Enforced on every
 * platform so a value that works on Linux (where libsecret takes ~60 MiB) cannot fail on Windows;
 * larger values belong in SQLite as ciphertext, with only the key here.
 */
export const MAX_CREDENTIAL_BYTES = 2560;

const MAX_ACCOUNT_LENGTH = 256;

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

let keytar: Promise<Keytar> | undefined;

/** Loaded on first use, so a missing native module is a keychain error, not an import crash. */
function loadKeytar(): Promise<Keytar> {
  keytar ??= import('keytar').then((module) => (module as { default?: Keytar }).default ?? module);
  return keytar;
}

export interface KeytarCredentialStoreOptions {
  /** Defaults to KEYCHAIN_SERVICE; tests use their own so they never touch the app's entries. */
  service?: string;
}

export class KeytarCredentialStore implements CredentialStore {
  private readonly service: string;

  constructor(options: KeytarCredentialStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
  }

  async get(account: string): Promise<string | null> {
    checkAccount(account);
    return this.call((k) => k.getPassword(this.service, account));
  }

  async set(account: string, secret: string): Promise<void> {
    checkAccount(account);
    // keytar refuses an empty password; a caller that means "nothing" should delete.
    if (secret.length === 0) throw new KeyholeError('INVALID_INPUT');
    if (Buffer.byteLength(secret, 'utf8') > MAX_CREDENTIAL_BYTES) throw new KeyholeError('VALUE_TOO_LARGE');
    await this.call((k) => k.setPassword(this.service, account, secret));
  }

  async delete(account: string): Promise<boolean> {
    checkAccount(account);
    return this.call((k) => k.deletePassword(this.service, account));
  }

  private async call<T>(operation: (k: Keytar) => Promise<T>): Promise<T> {
    try {
      return await operation(await loadKeytar());
    } catch (error) {
      throw new KeyholeError('CREDENTIAL_STORE_UNAVAILABLE', { detail: errorName(error) });
    }
  }
}

function checkAccount(account: string): void {
  if (account.length === 0 || account.length > MAX_ACCOUNT_LENGTH || account.includes('\0')) {
    throw new KeyholeError('INVALID_INPUT');
  }
}

/** An allow-listed name for logs: keytar throws plain Errors whose messages come from the OS. */
function errorName(error: unknown): string {
  return error instanceof Error && /^[A-Za-z]{1,40}$/.test(error.name) ? `keytar:${error.name}` : 'keytar';
}
