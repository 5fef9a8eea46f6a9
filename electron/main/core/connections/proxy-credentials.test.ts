import { afterEach, describe, expect, it } from 'vitest';
import { composeCore } from '../../compose-core';
import { deadProxyUrl, startConnectProxy, type ConnectProxy } from '../../testing/connect-proxy';
import { filesContaining } from '../../testing/leak-scan';
import type { Core } from '../core';
import { silentLogger } from '../logger';
import { systemClock } from '../system-clock';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';

const CANARY = 'kh-proxy-pass-canary-5Rw';

describe('a connection’s proxy credentials', () => {
  const tempDir = useTempDir();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp() {
    const dataDir = tempDir();
    const core: Core = composeCore({
      dataDir,
      keychain: testKeychain(),
      clock: systemClock,
      logger: silentLogger,
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { seedCount: 5 },
    });
    cleanups.push(() => core.close());
    const guarded: ConnectProxy = await startConnectProxy({ auth: { username: 'ops', password: CANARY } });
    cleanups.push(() => guarded.close());
    await core.sandbox.open();
    const vault = (await core.connections.list()).connections.find((c) => c.config.kind === 'vault');
    if (!vault) throw new Error('no sandbox vault');
    const created = await core.connections.create({
      name: 'Vault via proxy',
      config: vault.config,
      readOnly: true,
      proxyUrl: guarded.urlWith('ops', CANARY),
      secrets: await core.credentials.get(vault.id),
    });
    return { core, dataDir, guarded, id: created.id, created };
  }

  it('keeps user:pass in the keychain, out of SQLite and views, and joins them when the provider is opened', async () => {
    const { core, dataDir, guarded, id, created } = await setUp();
    expect(created.proxyUrl).toBe(`${guarded.url}/`);
    expect((await core.connections.check(id)).authenticated).toBe(true);
    expect(guarded.tunnels.length).toBeGreaterThan(0);
    expect(JSON.stringify(await core.connections.list())).not.toContain(CANARY);
    expect(await core.credentials.proxyAuth(id)).toBe(`ops:${CANARY}`);

    // Saving the form again (the URL as shown, without credentials) keeps them.
    await core.connections.update({ id, name: 'Renamed', proxyUrl: created.proxyUrl ?? null });
    expect((await core.connections.check(id)).authenticated).toBe(true);

    await core.close();
    cleanups.shift();
    expect(filesContaining(dataDir, [CANARY])).toEqual([]);
  });

  it('never hands one proxy’s credentials to another, and forgets them with the proxy or the connection', async () => {
    const { core, guarded, id } = await setUp();
    await core.connections.update({ id, proxyUrl: await deadProxyUrl() });
    expect(await core.credentials.proxyAuth(id)).toBeNull();
    await core.connections.update({ id, proxyUrl: guarded.url });
    const refused = await core.connections.check(id);
    expect(refused.error?.code).toBe('UNAUTHENTICATED');
    // The proxy said no, not the provider: the check says so, and that the provider was not reached.
    expect(refused.error?.message).toContain('The proxy refused the login');
    expect(refused.reachable).toBe(false);
    expect(JSON.stringify(refused)).not.toContain(CANARY);

    await core.connections.update({ id, proxyUrl: guarded.urlWith('ops', CANARY) });
    await core.connections.update({ id, proxyUrl: null });
    expect(await core.credentials.proxyAuth(id)).toBeNull();
    await core.connections.update({ id, proxyUrl: guarded.urlWith('ops', CANARY) });
    await core.connections.remove(id);
    expect(await core.credentials.proxyAuth(id)).toBeNull();
  });

  it('moves credentials a proxy URL was stored with (before they had their own keychain account) at start', async () => {
    const { core, dataDir, guarded, id } = await setUp();
    await core.credentials.setProxyAuth(id, null);
    core.db.prepare('UPDATE connections SET proxy_url = ? WHERE id = ?').run(guarded.urlWith('ops', CANARY), id);
    await core.connections.moveStoredProxyCredentials();
    expect(await core.credentials.proxyAuth(id)).toBe(`ops:${CANARY}`);
    expect(JSON.stringify(await core.connections.list())).not.toContain(CANARY);
    expect((await core.connections.check(id)).authenticated).toBe(true);
    expect(core.audit.list(50).some((e) => e.action === 'connection.proxy_credentials_moved' && e.outcome === 'success')).toBe(true);
    await core.close();
    cleanups.shift();
    expect(filesContaining(dataDir, [CANARY])).toEqual([]);
  });
});
