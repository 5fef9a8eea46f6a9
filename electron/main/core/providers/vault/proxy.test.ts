import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadProxyUrl, failureOf, startConnectProxy, type ConnectProxy } from '../../../testing/connect-proxy';
import { listAll, startVaultFixture, type VaultFixture } from './sandbox-fixture';

const CANARY = 'proxy-canary-Vq93x';

describe('Vault through an HTTP proxy', () => {
  let fixture: VaultFixture;
  let open: ConnectProxy;
  let guarded: ConnectProxy;
  let target: string;

  beforeAll(async () => {
    fixture = await startVaultFixture();
    open = await startConnectProxy();
    guarded = await startConnectProxy({ auth: { username: 'ops', password: CANARY } });
    target = new URL(fixture.server.info.url).host;
  });
  afterAll(async () => {
    await fixture.close();
    await open.close();
    await guarded.close();
  });

  it('lists and reads through a CONNECT tunnel to the sandbox', async () => {
    const provider = fixture.provider({ deps: { proxyUrl: open.url } });
    const { names } = await listAll(provider);
    const first = names[0];
    expect(first).toBeDefined();
    await provider.read(first ?? '');
    expect(open.tunnels).toContain(target);
    expect(open.forwarded).toEqual([]);
  });

  it('sends the proxy credentials from the URL, and without them answers UNAUTHENTICATED (proxy)', async () => {
    await fixture.provider({ deps: { proxyUrl: guarded.urlWith('ops', CANARY) } }).identity();
    expect(guarded.tunnels).toContain(target);
    const refused = await failureOf(fixture.provider({ deps: { proxyUrl: guarded.url } }).identity());
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'proxy' });
  });

  it('answers UNAVAILABLE (proxy) when the proxy cannot be reached', async () => {
    const dead = await failureOf(fixture.provider({ deps: { proxyUrl: await deadProxyUrl() } }).identity());
    expect(dead).toMatchObject({ code: 'UNAVAILABLE', detail: 'proxy' });
  });

  it('never puts the proxy password in an error', async () => {
    const wrong = await failureOf(fixture.provider({ deps: { proxyUrl: guarded.urlWith('ops', `${CANARY}-wrong`) } }).identity());
    expect(wrong.code).toBe('UNAUTHENTICATED');
    const dead = await failureOf(fixture.provider({ deps: { proxyUrl: (await deadProxyUrl()).replace('//', `//ops:${CANARY}@`) } }).identity());
    for (const error of [wrong, dead]) expect(error.text).not.toContain(CANARY);
  });
});
