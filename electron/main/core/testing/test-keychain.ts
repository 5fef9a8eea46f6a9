import { randomUUID } from 'node:crypto';
import { KeytarCredentialStore } from '../../platform/keychain';
import { KeyholeError } from '../../../../shared/errors';
import type { CredentialStore } from '../ports';

/**
 * The real OS keychain (gnome-keyring in `npm test`'s dbus session) under a service name of the
 * test's own, so tests never touch the app's entries or each other's.
 */
export function testKeychain(): KeytarCredentialStore {
  return new KeytarCredentialStore({ service: `Keyhole-test-${randomUUID()}` });
}

/**
 * A keychain that refuses every call: the real daemon cannot be made to fail on demand in the
 * middle of an operation, so fail-closed paths are tested against this stand-in (named for what
 * it is).
 */
export const refusingKeychainFake: CredentialStore = {
  get: async () => {
    throw new KeyholeError('CREDENTIAL_STORE_UNAVAILABLE');
  },
  set: async () => {
    throw new KeyholeError('CREDENTIAL_STORE_UNAVAILABLE');
  },
  delete: async () => {
    throw new KeyholeError('CREDENTIAL_STORE_UNAVAILABLE');
  },
};
