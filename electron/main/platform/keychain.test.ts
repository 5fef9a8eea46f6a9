/**
 * KeytarCredentialStore against the real OS keychain. On Linux that is gnome-keyring over D-Bus:
 *
 *   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; \
 *     HOME=$(mktemp -d) node node_modules/vitest/vitest.mjs run electron/main/platform/keychain.test.ts'
 *
 * Without a session bus the round-trip suite is skipped; the refusal and error-mapping tests always run.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ERROR_MESSAGES, KeyholeError } from '../../../shared/errors';
import { KEYCHAIN_SERVICE, KeytarCredentialStore, MAX_CREDENTIAL_BYTES } from './keychain';

const run = promisify(execFile);
const keytar = createRequire(import.meta.url)('keytar') as {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

const CANARY = 'kh-canary-7f3a9c2e-keychain';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KeyholeError);
    return (error as KeyholeError).code;
  }
  return 'resolved';
}

describe('KeytarCredentialStore refuses bad input before touching the keychain', () => {
  const store = new KeytarCredentialStore({ service: 'Keyhole-test-never-written' });

  it('refuses an empty, over-long or NUL-bearing account', async () => {
    expect(await codeOf(store.get(''))).toBe('INVALID_INPUT');
    expect(await codeOf(store.set('a'.repeat(257), 'x'))).toBe('INVALID_INPUT');
    expect(await codeOf(store.delete('a\0b'))).toBe('INVALID_INPUT');
  });

  it('refuses an empty secret and one over the portable size limit', async () => {
    expect(MAX_CREDENTIAL_BYTES).toBe(2560);
    expect(await codeOf(store.set('acct', ''))).toBe('INVALID_INPUT');
    expect(await codeOf(store.set('acct', 'a'.repeat(MAX_CREDENTIAL_BYTES + 1)))).toBe('VALUE_TOO_LARGE');
    // Counted in UTF-8 bytes: 1281 two-byte characters are 2562 bytes.
    expect(await codeOf(store.set('acct', 'é'.repeat(1281)))).toBe('VALUE_TOO_LARGE');
  });
});

describe('KeytarCredentialStore without a reachable Secret Service', () => {
  it('maps every keytar failure to CREDENTIAL_STORE_UNAVAILABLE and leaks nothing', async () => {
    // A child with a bus address that does not exist, so this runs the same everywhere.
    const script = `
      const { KeytarCredentialStore } = await import(${JSON.stringify(fileURLToPath(new URL('./keychain.ts', import.meta.url)))});
      const store = new KeytarCredentialStore({ service: 'Keyhole-test-unavailable' });
      const out = [];
      for (const op of [() => store.get('a'), () => store.set('a', ${JSON.stringify(CANARY)}), () => store.delete('a')]) {
        try { await op(); out.push({ resolved: true }); }
        catch (e) { out.push({ name: e.name, code: e.code, message: e.message, detail: e.detail, text: String(e) + JSON.stringify(e) + e.stack }); }
      }
      process.stdout.write(JSON.stringify(out));
    `;
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/keyhole-test-bus' };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env,
      timeout: 20_000,
    });
    const results = JSON.parse(stdout) as { name: string; code: string; message: string; detail: string; text: string }[];
    expect(results).toHaveLength(3);
    for (const result of results) {
      expect(result.code).toBe('CREDENTIAL_STORE_UNAVAILABLE');
      expect(result.message).toBe(ERROR_MESSAGES.CREDENTIAL_STORE_UNAVAILABLE);
      expect(result.detail).toMatch(/^keytar(?::[A-Za-z]+)?$/);
      expect(result.text).not.toContain(CANARY);
      expect(result.text).not.toMatch(/D-Bus|dbus|autolaunch|secret service/i);
    }
  });
});

const bus = process.env.DBUS_SESSION_BUS_ADDRESS;

/**
 * `gnome-keyring-daemon --unlock` returns before it owns org.freedesktop.secrets; a request in that
 * gap makes D-Bus activate a second, locked daemon. Wait (up to 5 s) for the unlocked one.
 */
async function waitForSecretService(): Promise<void> {
  const args = [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.DBus',
    '/',
    'org.freedesktop.DBus.NameHasOwner',
    'string:org.freedesktop.secrets',
  ];
  for (let attempt = 0; attempt < 25; attempt++) {
    try {
      const { stdout } = await run('dbus-send', args, { timeout: 2_000 });
      if (stdout.includes('boolean true')) return;
    } catch {
      return; // no dbus-send: go ahead and let the first call activate the service
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!bus)(
  bus
    ? 'KeytarCredentialStore on the real Secret Service'
    : 'KeytarCredentialStore on the real Secret Service (SKIPPED: DBUS_SESSION_BUS_ADDRESS is unset; run under dbus-run-session with gnome-keyring-daemon, see the top of this file)',
  () => {
    const service = `Keyhole-test-${randomUUID()}`;
    const store = new KeytarCredentialStore({ service });
    const written = new Set<string>();
    const account = (name: string) => {
      written.add(name);
      return name;
    };

    beforeAll(waitForSecretService, 10_000);

    afterAll(async () => {
      for (const name of written) await keytar.deletePassword(service, name);
    });

    it('round-trips set, get, overwrite and delete', async () => {
      const name = account('connection:one');
      expect(await store.get(name)).toBeNull();
      await store.set(name, 's3cr3t-token');
      expect(await store.get(name)).toBe('s3cr3t-token');
      await store.set(name, 'rotated-token');
      expect(await store.get(name)).toBe('rotated-token');
      expect(await store.delete(name)).toBe(true);
      expect(await store.get(name)).toBeNull();
      expect(await store.delete(name)).toBe(false);
    });

    it('keeps unicode values exact', async () => {
      const name = account('connection:unicode');
      const value = 'pässwörd 🔑 秘密 \u200b "quoted" \\ back\nline\ttab';
      await store.set(name, value);
      expect(await store.get(name)).toBe(value);
    });

    it('stores a value of exactly the portable limit, counted in UTF-8 bytes', async () => {
      const name = account('connection:large');
      const value = '€'.repeat(Math.floor(MAX_CREDENTIAL_BYTES / 3)) + 'x'.repeat(MAX_CREDENTIAL_BYTES % 3);
      expect(Buffer.byteLength(value)).toBe(MAX_CREDENTIAL_BYTES);
      await store.set(name, value);
      expect(await store.get(name)).toBe(value);
    });

    it('libsecret itself takes far more than the cap (1 MiB here; it gives out near 64 MiB)', async () => {
      const name = account('raw:one-mebibyte');
      const value = 'k'.repeat(1 << 20);
      await keytar.setPassword(service, name, value);
      expect(await keytar.getPassword(service, name)).toBe(value);
    });

    it('isolates accounts and services', async () => {
      const a = account('connection:a');
      const b = account('connection:b');
      await store.set(a, 'value-a');
      await store.set(b, 'value-b');
      expect(await store.get(a)).toBe('value-a');
      expect(await store.get(b)).toBe('value-b');
      await store.delete(a);
      expect(await store.get(b)).toBe('value-b');
      const other = new KeytarCredentialStore({ service: `${service}-other` });
      expect(await other.get(b)).toBeNull();
    });

    it("uses the service name 'Keyhole' by default", async () => {
      expect(KEYCHAIN_SERVICE).toBe('Keyhole');
      const name = `keyhole-test-${randomUUID()}`;
      const app = new KeytarCredentialStore();
      try {
        await app.set(name, 'default-service');
        expect(await keytar.getPassword('Keyhole', name)).toBe('default-service');
      } finally {
        await app.delete(name);
      }
    });
  },
);
