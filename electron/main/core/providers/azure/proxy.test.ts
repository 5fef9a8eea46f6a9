import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTlsMaterial } from '../../../sandbox/azure/tls';
import { generateSeed } from '../../../sandbox/seed/generate';
import { deadProxyUrl, failureOf, startConnectProxy, type ConnectProxy } from '../../../testing/connect-proxy';
import { createAzureProvider } from './provider';
import { collect, startAzureFixture, type AzureFixture } from './testing';

const CANARY = 'proxy-canary-Az52m';

describe('Azure Key Vault through an HTTP proxy', () => {
  let fx: AzureFixture;
  let open: ConnectProxy;
  let guarded: ConnectProxy;

  const provider = (proxyUrl: string) =>
    createAzureProvider(
      fx.config,
      { clientSecret: fx.sandbox.info.clientSecret },
      { kind: 'azure', vaultUrl: fx.sandbox.info.vaultUrls.staging, prefix: '' },
      { ...fx.deps, proxyUrl },
    );
  const vaultHost = () => new URL(fx.sandbox.info.vaultUrls.staging).host;
  const authorityHost = () => new URL(fx.sandbox.info.authorityHost).host;

  beforeAll(async () => {
    fx = await startAzureFixture({ seed: generateSeed({ count: 5, seed: 3 }) });
    open = await startConnectProxy();
    guarded = await startConnectProxy({ auth: { username: 'ops', password: CANARY } });
  });
  afterAll(async () => {
    await open.close();
    await guarded.close();
    await fx.sandbox.close();
  });

  it('gets its token and lists and reads through CONNECT tunnels, trusting the connection CA at the far end', async () => {
    const via = provider(open.url);
    const items = await collect(via.list());
    expect(items.length).toBeGreaterThan(0);
    await via.read(items[0]?.name ?? '');
    expect(open.tunnels).toContain(vaultHost());
    expect(open.tunnels).toContain(authorityHost());
    expect(open.forwarded).toEqual([]);
  });

  it('sends the proxy credentials from the URL, and without them answers UNAUTHENTICATED (proxy)', async () => {
    await collect(provider(guarded.urlWith('ops', CANARY)).list());
    expect(guarded.tunnels).toContain(vaultHost());
    expect(await failureOf(collect(provider(guarded.url).list()))).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'proxy' });
  });

  it('answers UNAVAILABLE (proxy) when the proxy cannot be reached', async () => {
    expect(await failureOf(collect(provider(await deadProxyUrl()).list()))).toMatchObject({ code: 'UNAVAILABLE', detail: 'proxy' });
  });

  it('never puts the proxy password in an error', async () => {
    const wrong = await failureOf(collect(provider(guarded.urlWith('ops', `${CANARY}-wrong`)).list()));
    expect(wrong.code).toBe('UNAUTHENTICATED');
    const dead = await failureOf(collect(provider((await deadProxyUrl()).replace('//', `//ops:${CANARY}@`)).list()));
    expect(dead.code).toBe('UNAVAILABLE');
    for (const error of [wrong, dead]) expect(error.text).not.toContain(CANARY);
  });
});

describe('Azure Key Vault through an https:// proxy', () => {
  let fx: AzureFixture;
  let proxy: ConnectProxy;
  let proxyCa: string;

  beforeAll(async () => {
    fx = await startAzureFixture({ seed: generateSeed({ count: 3, seed: 4 }) });
    const material = generateTlsMaterial();
    proxyCa = material.caCertPem;
    proxy = await startConnectProxy({ tls: { cert: material.serverCertPem, key: material.serverKeyPem } });
  });
  afterAll(async () => {
    await proxy.close();
    await fx.sandbox.close();
  });

  const provider = (caPem: string) =>
    createAzureProvider(
      fx.config,
      { clientSecret: fx.sandbox.info.clientSecret },
      { kind: 'azure', vaultUrl: fx.sandbox.info.vaultUrls.staging, prefix: '' },
      { ...fx.deps, caPem, proxyUrl: proxy.url },
    );

  it('checks the proxy’s certificate and the vault’s, each against the connection’s CA bundle', async () => {
    expect((await collect(provider(`${fx.ca}\n${proxyCa}`).list())).length).toBeGreaterThan(0);
    expect(proxy.tunnels).toContain(new URL(fx.sandbox.info.vaultUrls.staging).host);
  });

  it('answers UNAVAILABLE (proxy) when the proxy’s certificate is not trusted', async () => {
    expect(await failureOf(collect(provider(fx.ca).list()))).toMatchObject({ code: 'UNAVAILABLE', detail: 'proxy' });
  });

  it('answers UNAVAILABLE when the vault’s certificate is not trusted through a trusted proxy', async () => {
    const refused = await failureOf(collect(provider(proxyCa).list()));
    expect(refused.code).toBe('UNAVAILABLE');
    expect(refused.detail).not.toBe('proxy');
    expect(proxy.tunnels.length).toBeGreaterThan(1);
  });
});
