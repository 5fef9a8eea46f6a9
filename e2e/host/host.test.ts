import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudWatchLogs } from '@aws-sdk/client-cloudwatch-logs';
import { WebSocket } from 'ws';
import { silentLogger } from '../../electron/main/core/logger';
import { testKeychain } from '../../electron/main/core/testing/test-keychain';
import { useTempDir } from '../../electron/main/core/testing/temp-dir';
import { rawClient } from '../../electron/main/core/providers/aws/testing';
import type { SandboxInfo } from '../../electron/main/sandbox/start';
import { startHost, type RunningHost } from './host';

/** The host's own guards: Host, Origin, token → cookie, and test controls for Node callers only. */
describe('the e2e host', () => {
  const tempDir = useTempDir();
  const hosts: RunningHost[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
  });

  async function start(sandbox?: Parameters<typeof startHost>[0]['sandbox']) {
    const rendererDir = join(tempDir(), 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<html><head></head><body>app</body></html>');
    const host = await startHost({
      dataDir: tempDir(),
      rendererDir,
      keychain: testKeychain(),
      logger: silentLogger,
      ...(sandbox !== undefined ? { sandbox } : {}),
    });
    hosts.push(host);
    const base = `http://127.0.0.1:${host.port}`;
    return { host, base, origin: base };
  }

  async function session(base: string, origin: string, token: string) {
    const response = await fetch(`${base}/__host/session`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? null };
  }

  function socket(port: number, headers: Record<string, string>): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/__host/ipc`, { headers });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_request, response) => reject(new Error(`refused ${response.statusCode}`)));
    });
  }

  it('serves the renderer with the bridge injected and a CSP that allows only its own socket', async () => {
    const { host, base } = await start();
    const response = await fetch(`${base}/`);
    expect(await response.text()).toContain('<script src="/__host/bridge.js"></script>');
    expect(response.headers.get('content-security-policy')).toContain(
      `connect-src http://127.0.0.1:${host.port} http://localhost:${host.port} ws://127.0.0.1:${host.port}`,
    );
    expect((await fetch(`${base}/__host/bridge.js`)).status).toBe(200);
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('exchanges the token for an HttpOnly cookie only from its own origin', async () => {
    const { host, base, origin } = await start();
    expect((await session(base, 'http://evil.example', host.token)).status).toBe(403);
    expect((await session(base, origin, 'wrong-token')).status).toBe(403);
    const good = await session(base, origin, host.token);
    expect(good.status).toBe(204);
    expect(good.cookie).toMatch(/^kh_session=/);
    expect(good.cookie).not.toContain(host.token);
  });

  it('refuses a socket without the cookie, from a foreign origin or for a foreign Host', async () => {
    const { host, base, origin } = await start();
    const { cookie } = await session(base, origin, host.token);
    await expect(socket(host.port, { origin })).rejects.toThrow(/refused|403|Unexpected/);
    await expect(socket(host.port, { origin: 'http://evil.example', cookie: cookie! })).rejects.toThrow();
    await expect(socket(host.port, { origin, cookie: cookie!, host: `evil.example:${host.port}` })).rejects.toThrow();
    const ws = await socket(host.port, { origin, cookie: cookie! });
    const reply = await new Promise<string>((resolve) => {
      ws.once('message', (data) => resolve(String(data)));
      ws.send(JSON.stringify({ id: 1, channel: 'app:info', payload: {} }));
    });
    expect(JSON.parse(reply)).toMatchObject({ id: 1, result: { ok: true, value: { shell: 'e2e-host' } } });
    const malformed = await new Promise<string>((resolve) => {
      ws.once('message', (data) => resolve(String(data)));
      ws.send(JSON.stringify({ id: 2, channel: 'connections:remove', payload: { id: 42 } }));
    });
    expect(JSON.parse(malformed)).toMatchObject({ id: 2, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    ws.close();
  });

  it('answers a wrong Host header with 421 (DNS rebinding)', async () => {
    const { host } = await start();
    const response = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: 'rebound.example' } }, (res) =>
          resolve(res.statusCode ?? 0),
        );
        req.once('error', reject);
        req.end();
      }, reject);
    });
    expect(response).toBe(421);
  });

  it('keeps the test clock behind the token, for callers without an Origin', async () => {
    const { host, base, origin } = await start();
    const control = (headers: Record<string, string>) =>
      fetch(`${base}/__host/test/clock`, { method: 'POST', headers, body: JSON.stringify({ ms: 60_000 }) });
    expect((await control({})).status).toBe(403);
    expect((await control({ 'x-keyhole-token': host.token, origin })).status).toBe(403);
    const before = host.clock.now();
    expect((await control({ 'x-keyhole-token': host.token })).status).toBe(200);
    expect(host.clock.now() - before).toBeGreaterThanOrEqual(60_000);
  });

  it('sets the AWS rotation fault behind the token, and the sandbox rotation function obeys it', async () => {
    const { host, base, origin } = await start({ providers: ['aws'], seedCount: 5, awsRotation: { stepMs: 20 } });
    const control = (body: unknown, headers: Record<string, string> = { 'x-keyhole-token': host.token }) =>
      fetch(`${base}/__host/test/aws-rotation-fault`, { method: 'POST', headers, body: JSON.stringify(body) });
    const fault = { step: 'createSecret', mode: 'fail', secret: 'staging/rotated-by-host-test' };
    expect((await control(fault, {})).status).toBe(403);
    expect((await control(fault, { 'x-keyhole-token': host.token, origin })).status).toBe(403);
    expect((await control(fault)).status).toBe(409);
    await host.core.sandbox.open();
    expect((await control({ step: 'nope' })).status).toBe(400);
    expect((await control({ ...fault, mode: 'sometimes' })).status).toBe(400);
    const set = await control(fault);
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ fault });

    const aws = (host.core.sandbox.info() as SandboxInfo).aws!;
    const sm = rawClient(aws);
    const logs = new CloudWatchLogs({
      endpoint: aws.endpoint,
      region: aws.region,
      credentials: { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey },
      maxAttempts: 1,
    });
    try {
      await sm.createSecret({ Name: fault.secret, SecretString: '{"password":"p"}' });
      const { ARN } = await sm.rotateSecret({
        SecretId: fault.secret,
        RotationLambdaARN: `arn:aws:lambda:${aws.region}:${aws.accountId}:function:keyhole-rotate-postgres`,
      });
      let failed = false;
      for (let i = 0; i < 200 && !failed; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const page = await logs.filterLogEvents({
          logGroupName: '/aws/lambda/keyhole-rotate-postgres',
          filterPattern: `"createSecret: Unable" "${ARN}"`,
        });
        failed = (page.events ?? []).length > 0;
      }
      expect(failed).toBe(true);
      expect((await control(null)).status).toBe(200);
    } finally {
      sm.destroy();
      logs.destroy();
    }
  });
});
