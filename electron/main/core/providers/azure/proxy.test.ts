import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKeyholeError } from '../../../../../shared/errors';
import { generateSeed } from '../../../sandbox/seed/generate';
import { deadProxyUrl, startConnectProxy, type ConnectProxy } from '../../../testing/connect-proxy';
import { createAzureProvider } from './provider';
import { collect, startAzureFixture, type AzureFixture } from './testing';

const CANARY = 'proxy-canary-Az52m';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!isKeyholeError(error)) throw error;
    return { code: error.code, detail: error.detail, text: `${error.message} ${error.detail ?? ''} ${String(error.stack)}` };
  }
  throw new Error('expected a failure');
}

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
    expect(await failure(collect(provider(guarded.url).list()))).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'proxy' });
  });

  it('answers UNAVAILABLE (proxy) when the proxy cannot be reached', async () => {
    expect(await failure(collect(provider(await deadProxyUrl()).list()))).toMatchObject({ code: 'UNAVAILABLE', detail: 'proxy' });
  });

  it('never puts the proxy password in an error', async () => {
    const wrong = await failure(collect(provider(guarded.urlWith('ops', `${CANARY}-wrong`)).list()));
    expect(wrong.code).toBe('UNAUTHENTICATED');
    const dead = await failure(collect(provider((await deadProxyUrl()).replace('//', `//ops:${CANARY}@`)).list()));
    expect(dead.code).toBe('UNAVAILABLE');
    for (const error of [wrong, dead]) expect(error.text).not.toContain(CANARY);
  });
});
