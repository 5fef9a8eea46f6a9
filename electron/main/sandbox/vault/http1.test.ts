import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenHttp1, type Http1Request, type Http1Server } from './http1';
import { exchange, request } from './raw-socket';

describe('the HTTP/1.1 server on net', () => {
  let server: Http1Server;
  const seen: Http1Request[] = [];

  beforeAll(async () => {
    server = await listenHttp1(
      async (req) => {
        seen.push(req);
        if (req.target === '/drop') return 'drop';
        if (req.target === '/throw') throw new Error('boom');
        return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: `${req.method} ${req.target} ${req.body.toString()}` };
      },
      0,
      { maxBodyBytes: 1024 },
    );
  });
  afterAll(() => server.close());

  it('accepts the LIST verb that Node’s http parser refuses', async () => {
    const { responses } = await exchange(server.port, request('LIST', '/v1/kv/metadata/'));
    expect(responses[0]?.status).toBe(200);
    expect(responses[0]?.body).toBe('LIST /v1/kv/metadata/ ');
  });

  it('keeps the connection alive and answers pipelined requests in order', async () => {
    const { responses, closed } = await exchange(server.port, request('GET', '/a') + request('POST', '/b', {}, 'xyz') + request('GET', '/c'), 3);
    expect(responses.map((r) => r.body)).toEqual(['GET /a ', 'POST /b xyz', 'GET /c ']);
    expect(closed).toBe(false);
  });

  it('reads a body split across packets and a chunked body', async () => {
    const split = await exchange(server.port, ['POST /split HTTP/1.1\r\nContent-Length: 6\r\n\r\nabc', 'def']);
    expect(split.responses[0]?.body).toBe('POST /split abcdef');
    const chunked = await exchange(server.port, 'POST /chunked HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n');
    expect(chunked.responses[0]?.body).toBe('POST /chunked abcde');
  });

  it('answers Expect: 100-continue before the body arrives', async () => {
    const { responses } = await exchange(server.port, ['PUT /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n', 'ok'], 1);
    expect(responses.map((r) => r.status)).toEqual([100, 200]);
  });

  it('closes after Connection: close and after HTTP/1.0 requests', async () => {
    const close = await exchange(server.port, request('GET', '/x', { Connection: 'close' }) + request('GET', '/y'), 2);
    expect(close.responses).toHaveLength(1);
    expect(close.responses[0]?.headers.get('connection')).toBe('close');
    expect(close.closed).toBe(true);
    const old = await exchange(server.port, 'GET /z HTTP/1.0\r\n\r\n', 2);
    expect(old.responses).toHaveLength(1);
    expect(old.closed).toBe(true);
  });

  it('reduces an absolute-form target to its path', async () => {
    const { responses } = await exchange(server.port, request('GET', 'http://127.0.0.1/v1/sys/health?x=1'));
    expect(responses[0]?.body).toBe('GET /v1/sys/health?x=1 ');
  });

  it('refuses malformed requests, oversize bodies and ambiguous framing', async () => {
    expect((await exchange(server.port, 'NOT A REQUEST LINE\r\n\r\n')).responses[0]?.status).toBe(400);
    expect((await exchange(server.port, 'GET / HTTP/2.0\r\n\r\n')).responses[0]?.status).toBe(505);
    expect((await exchange(server.port, 'GET / HTTP/1.1\r\nbad header\r\n\r\n')).responses[0]?.status).toBe(400);
    expect((await exchange(server.port, request('POST', '/big', {}, 'x'.repeat(2048)))).responses[0]?.status).toBe(413);
    const both = 'POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n';
    expect((await exchange(server.port, both)).responses[0]?.status).toBe(400);
  });

  it('answers a handler failure with 500 and a drop by closing the socket', async () => {
    const failed = await exchange(server.port, request('GET', '/throw'));
    expect(failed.responses[0]?.status).toBe(500);
    expect(JSON.parse(failed.responses[0]?.body ?? '{}')).toEqual({ errors: ['internal error'] });
    const dropped = await exchange(server.port, request('GET', '/drop'));
    expect(dropped.responses).toHaveLength(0);
    expect(dropped.closed).toBe(true);
  });

  it('joins repeated headers and lower-cases their names', async () => {
    await exchange(server.port, request('GET', '/h', { 'X-Multi': 'a', 'x-multi': 'b' }));
    expect(seen.find((r) => r.target === '/h')?.headers.get('x-multi')).toBe('a, b');
  });
});
