import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VaultConnectionConfig } from '../../../../../shared/connections';
import { KeyholeError } from '../../../../../shared/errors';
import { fieldsValue } from '../value';
import { discoverVaultMounts, readVaultTokenFile } from './index';
import { listAll, ManualClock, startVaultFixture, testDeps, until, type VaultFixture } from './sandbox-fixture';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof KeyholeError ? error.code : 'not a KeyholeError'),
  );

describe('Vault authentication through node-vault', () => {
  let fixture: VaultFixture;
  let serverTime = Date.now();
  const config = (auth: VaultConnectionConfig['auth'], namespace?: string): VaultConnectionConfig => ({
    kind: 'vault',
    address: fixture.server.info.url,
    auth,
    ...(namespace !== undefined ? { namespace } : {}),
  });

  beforeAll(async () => {
    fixture = await startVaultFixture({ vault: { now: () => serverTime, tokenTtlSeconds: 600, tokenMaxTtlSeconds: 3600 } });
  });
  afterAll(() => fixture.close());

  it('uses a token', async () => {
    const provider = fixture.provider();
    expect((await provider.identity()).principal).toBe('root');
    expect((await listAll(provider)).names.length).toBeGreaterThan(0);
  });

  it('logs in with userpass, LDAP and AppRole and reports the principal and expiry', async () => {
    const { userpass, ldap, approle } = fixture.server.info;
    const cases: Array<{ auth: VaultConnectionConfig['auth']; secrets: Record<string, string>; principal: RegExp }> = [
      {
        auth: { method: 'userpass', username: userpass.username },
        secrets: { password: userpass.password },
        principal: /^userpass-operator \(entity [0-9a-f-]{36}\)$/,
      },
      { auth: { method: 'ldap', username: ldap.username }, secrets: { password: ldap.password }, principal: /^ldap-alice \(entity / },
      { auth: { method: 'approle', roleId: approle.roleId }, secrets: { secretId: approle.secretId }, principal: /^approle \(entity / },
    ];
    for (const { auth, secrets, principal } of cases) {
      const provider = fixture.provider({ config: config(auth), secrets });
      const identity = await provider.identity();
      expect(identity.principal).toMatch(principal);
      expect(Date.parse(identity.expiresAt ?? '') - serverTime).toBeGreaterThan(590_000);
      await provider.create(`auth-test/${auth.method}`, { value: fieldsValue({ by: auth.method }) });
    }
  });

  it('answers refused credentials with UNAUTHENTICATED', async () => {
    const { userpass, ldap, approle } = fixture.server.info;
    expect(
      await codeOf(
        fixture.provider({ config: config({ method: 'userpass', username: userpass.username }), secrets: { password: 'wrong' } }).identity(),
      ),
    ).toBe('UNAUTHENTICATED');
    expect(await codeOf(fixture.provider({ config: config({ method: 'userpass', username: userpass.username }), secrets: {} }).identity())).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      await codeOf(fixture.provider({ config: config({ method: 'ldap', username: ldap.username }), secrets: { password: 'wrong' } }).identity()),
    ).toBe('UNAUTHENTICATED');
    expect(
      await codeOf(fixture.provider({ config: config({ method: 'approle', roleId: approle.roleId }), secrets: { secretId: 'wrong' } }).identity()),
    ).toBe('UNAUTHENTICATED');
    expect(await codeOf(fixture.provider({ secrets: { token: 'hvs.not-a-token' } }).read('a/b'))).toBe('UNAUTHENTICATED');
    expect(await codeOf(fixture.provider({ secrets: {} }).read('a/b'))).toBe('UNAUTHENTICATED');
  });

  it('answers a policy refusal with FORBIDDEN, not UNAUTHENTICATED', async () => {
    const { ldapReader } = fixture.server.info;
    const reader = fixture.provider({
      config: config({ method: 'ldap', username: ldapReader.username }),
      secrets: { password: ldapReader.password },
    });
    const name = fixture.seed.staging.secrets.find((s) => !s.softDeleted)?.name ?? '';
    expect((await reader.read(name)).version).toBeTruthy();
    expect(await codeOf(reader.write(name, { value: fieldsValue({ a: 'b' }), expectedVersion: '1' }))).toBe('FORBIDDEN');
  });

  it('answers an expired token with UNAUTHENTICATED, and logs in again where it can', async () => {
    const { userpass } = fixture.server.info;
    const login = await fetch(`${fixture.server.info.url}/v1/auth/userpass/login/${userpass.username}`, {
      method: 'POST',
      body: JSON.stringify({ password: userpass.password }),
    });
    const token = ((await login.json()) as { auth: { client_token: string } }).auth.client_token;
    const byToken = fixture.provider({ secrets: { token } });
    const byPassword = fixture.provider({
      config: config({ method: 'userpass', username: userpass.username }),
      secrets: { password: userpass.password },
    });
    const name = fixture.seed.staging.secrets.find((s) => !s.softDeleted)?.name ?? '';
    await byToken.read(name);
    await byPassword.read(name);
    serverTime += 2 * 3600_000;
    try {
      expect(await codeOf(byToken.read(name))).toBe('UNAUTHENTICATED');
      expect((await byPassword.read(name)).version).toBeTruthy();
    } finally {
      serverTime -= 2 * 3600_000;
    }
  });

  it('logs in inside a namespace and sees only its data', async () => {
    const { userpass, namespace } = fixture.server.info;
    const provider = fixture.provider({
      config: config({ method: 'userpass', username: userpass.username }, namespace),
      secrets: { password: userpass.password },
    });
    const { names } = await listAll(provider);
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(fixture.seed.staging.secrets.length);
  });

  it('discovers the KV v2 mounts with any token', async () => {
    const { userpass } = fixture.server.info;
    expect(await discoverVaultMounts(fixture.tokenConfig(), { token: fixture.server.info.token }, testDeps())).toEqual(['kv']);
    expect(
      await discoverVaultMounts(config({ method: 'userpass', username: userpass.username }), { password: userpass.password }, testDeps()),
    ).toEqual(['kv']);
    expect(await codeOf(discoverVaultMounts(fixture.tokenConfig(), { token: 'hvs.nope' }, testDeps()))).toBe('UNAUTHENTICATED');
  });
});

describe('token renewal against the sandbox', () => {
  const clock = new ManualClock();
  let fixture: VaultFixture;
  beforeAll(async () => {
    fixture = await startVaultFixture({ vault: { now: () => clock.now(), tokenTtlSeconds: 60, tokenMaxTtlSeconds: 100 } });
  });
  afterAll(() => fixture.close());

  it('renews at two thirds of the TTL and warns before a token at its max TTL runs out', async () => {
    const { url, userpass } = fixture.server.info;
    const login = await fetch(`${url}/v1/auth/userpass/login/${userpass.username}`, {
      method: 'POST',
      body: JSON.stringify({ password: userpass.password }),
    });
    const token = ((await login.json()) as { auth: { client_token: string } }).auth.client_token;
    const issuedAt = clock.now();
    const ttl = async () =>
      ((await (await fetch(`${url}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': token } })).json()) as { data: { ttl: number } }).data
        .ttl;
    const warnings: string[] = [];
    const provider = fixture.provider({ secrets: { token }, deps: { clock, warnBeforeMs: 10_000, onTokenExpiring: (at) => warnings.push(at) } });
    await provider.identity();
    await until(() => clock.pending === 1);

    clock.advance(40_000);
    await until(async () => (await ttl()) === 60);
    await until(() => clock.pending === 1);
    clock.advance(40_000);
    // Capped at the max TTL: renewal no longer extends the token, so the keeper waits to warn.
    await until(async () => (await ttl()) === 20 && clock.pending === 1);
    expect(warnings).toEqual([]);
    clock.advance(10_000);
    await until(() => warnings.length === 1);
    expect(warnings[0]).toBe(new Date(issuedAt + 100_000).toISOString());
    await provider.close();
    expect(clock.pending).toBe(0);
  });
});

describe('readVaultTokenFile', () => {
  it('reads ~/.vault-token, trims it, and answers null when there is none', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'keyhole-home-'));
    try {
      expect(await readVaultTokenFile(home)).toBeNull();
      await writeFile(path.join(home, '.vault-token'), 'hvs.fromcli\n');
      expect(await readVaultTokenFile(home)).toBe('hvs.fromcli');
      await writeFile(path.join(home, '.vault-token'), 'two words');
      expect(await codeOf(readVaultTokenFile(home))).toBe('INVALID_INPUT');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
