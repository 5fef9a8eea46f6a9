import { describe, expect, it } from 'vitest';
import { identityFromToken } from './claims';
import { decodeCursor, encodeCursor } from './cursor';
import { isLoopbackHost, keyVaultScope, needsInstanceDiscoveryDisabled } from './endpoints';

describe('Azure endpoint decisions', () => {
  it('treats only loopback hosts as loopback', () => {
    for (const host of ['127.0.0.1', '127.3.2.1', 'localhost', 'vault.localhost', '[::1]', '::1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['myvault.vault.azure.net', '10.0.0.1', 'localhost.example.com', '128.0.0.1']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('keeps instance discovery for Microsoft authorities and disables it for any other', () => {
    expect(needsInstanceDiscoveryDisabled(undefined)).toBe(false);
    expect(needsInstanceDiscoveryDisabled('https://login.microsoftonline.com')).toBe(false);
    expect(needsInstanceDiscoveryDisabled('https://login.microsoftonline.us/')).toBe(false);
    expect(needsInstanceDiscoveryDisabled('https://127.0.0.1:8443')).toBe(true);
    expect(needsInstanceDiscoveryDisabled('https://adfs.contoso.com/adfs')).toBe(true);
  });

  it('asks for the Key Vault resource of the vault cloud', () => {
    expect(keyVaultScope('https://a.vault.azure.net')).toBe('https://vault.azure.net/.default');
    expect(keyVaultScope('https://a.vault.azure.cn')).toBe('https://vault.azure.cn/.default');
    expect(keyVaultScope('https://127.0.0.1:9000')).toBe('https://vault.azure.net/.default');
  });
});

describe('versions cursor', () => {
  const origin = 'https://127.0.0.1:9000';
  it('round-trips a link on this vault for this secret', () => {
    const cursor = encodeCursor({ link: `${origin}/secrets/Db/versions?api-version=7.5&$skiptoken=x`, current: 'abc' });
    expect(decodeCursor(cursor, origin, 'db')).toEqual({ link: `${origin}/secrets/Db/versions?api-version=7.5&$skiptoken=x`, current: 'abc' });
  });

  it('refuses links to another origin or another secret, and garbage', () => {
    const foreign = encodeCursor({ link: 'https://evil.example/secrets/db/versions' });
    expect(() => decodeCursor(foreign, origin, 'db')).toThrow();
    const other = encodeCursor({ link: `${origin}/secrets/other/versions` });
    expect(() => decodeCursor(other, origin, 'db')).toThrow();
    expect(() => decodeCursor('%%%', origin, 'db')).toThrow();
  });
});

describe('identity from token claims', () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  it('names a user by upn and an app by appid, with the object id and expiry', () => {
    expect(identityFromToken(jwt({ upn: 'ops@contoso.com', oid: 'o-1', exp: 2_000_000_000 }), 0)).toEqual({
      principal: 'ops@contoso.com, oid o-1',
      expiresAt: new Date(2_000_000_000_000).toISOString(),
    });
    expect(identityFromToken(jwt({ appid: 'app-1', oid: 'o-2' }), 5000).principal).toBe('app app-1, oid o-2');
    expect(identityFromToken('opaque', 5000)).toEqual({ principal: 'unknown principal', expiresAt: new Date(5000).toISOString() });
  });
});
