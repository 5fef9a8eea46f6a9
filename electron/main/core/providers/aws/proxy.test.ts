import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../logger';
import { systemClock } from '../../system-clock';
import { deadProxyUrl, failureOf, startConnectProxy, type ConnectProxy } from '../../../testing/connect-proxy';
import type { Provider } from '../provider';
import { createAwsProvider } from './index';
import { keysConfig, listAll, startSeededSandbox, type AwsSandbox } from './testing';

const CANARY = 'proxy-canary-Aw71k';

describe('AWS through an HTTP proxy', () => {
  let sandbox: AwsSandbox;
  let open: ConnectProxy;
  let guarded: ConnectProxy;
  let target: string;
  const providers: Provider[] = [];

  const provider = (proxyUrl: string) => {
    const created = createAwsProvider(
      keysConfig(sandbox.info),
      { secretAccessKey: sandbox.info.secretAccessKey },
      { kind: 'aws', region: sandbox.info.region, prefix: sandbox.info.prefixes.production },
      { clock: systemClock, logger: silentLogger, proxyUrl },
    );
    providers.push(created);
    return created;
  };

  beforeAll(async () => {
    sandbox = await startSeededSandbox({ count: 5 });
    open = await startConnectProxy();
    guarded = await startConnectProxy({ auth: { username: 'ops', password: CANARY } });
    target = new URL(sandbox.info.endpoint).host;
  });
  afterAll(async () => {
    await Promise.all(providers.map((p) => p.close()));
    await sandbox.close();
    await open.close();
    await guarded.close();
  });

  it('lists and reads Secrets Manager and calls STS through a CONNECT tunnel to the sandbox', async () => {
    const via = provider(open.url);
    const names = (await listAll(via)).map((item) => item.name);
    expect(names.length).toBeGreaterThan(0);
    await via.read(names[0] ?? '');
    await via.identity();
    expect(open.tunnels).toContain(target);
    expect(open.forwarded).toEqual([]);
  });

  it('sends the proxy credentials from the URL, and without them answers UNAUTHENTICATED (proxy)', async () => {
    await listAll(provider(guarded.urlWith('ops', CANARY)));
    expect(guarded.tunnels).toContain(target);
    expect(await failureOf(listAll(provider(guarded.url)))).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'proxy' });
    expect(await failureOf(provider(guarded.url).identity())).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'proxy' });
  });

  it('reads the rotation function’s CloudWatch Logs through the proxy too', async () => {
    const logsProxy = await startConnectProxy({ auth: { username: 'ops', password: CANARY } });
    try {
      const fn = `arn:aws:lambda:${sandbox.info.region}:${sandbox.info.accountId}:function:no-such-function`;
      expect(await provider(logsProxy.urlWith('ops', CANARY)).native?.log(fn, 0)).toBeNull();
      expect(logsProxy.tunnels).toEqual([target]);
      expect(await failureOf(provider(logsProxy.url).native?.log(fn, 0) ?? Promise.resolve())).toMatchObject({
        code: 'UNAUTHENTICATED',
        detail: 'proxy',
      });
    } finally {
      await logsProxy.close();
    }
  });

  it('answers UNAVAILABLE (proxy) when the proxy cannot be reached', async () => {
    expect(await failureOf(listAll(provider(await deadProxyUrl())))).toMatchObject({ code: 'UNAVAILABLE', detail: 'proxy' });
  });

  it('never puts the proxy password in an error', async () => {
    const wrong = await failureOf(listAll(provider(guarded.urlWith('ops', `${CANARY}-wrong`))));
    expect(wrong.code).toBe('UNAUTHENTICATED');
    const dead = await failureOf(provider((await deadProxyUrl()).replace('//', `//ops:${CANARY}@`)).identity());
    expect(dead.code).toBe('UNAVAILABLE');
    for (const error of [wrong, dead]) expect(error.text).not.toContain(CANARY);
  });
});
