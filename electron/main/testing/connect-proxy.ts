import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { isKeyholeError, type ErrorCode } from '../../../shared/errors';

/**
 * Test support: a minimal HTTP proxy on 127.0.0.1. It tunnels CONNECT requests (counting each
 * tunnel by its target) and forwards absolute-form plain-http requests (counted apart), and can
 * require Basic Proxy-Authorization, answering 407 without it. With `tls` it is an https:// proxy.
 */
export interface ConnectProxy {
  /** http(s)://127.0.0.1:port, without credentials. */
  url: string;
  port: number;
  /** The target (host:port) of every tunnel opened, in order. */
  tunnels: string[];
  /** Absolute-form request URLs forwarded without a tunnel. */
  forwarded: string[];
  /** Requests answered 407. */
  refused: number;
  /** The proxy URL with these credentials in it. */
  urlWith(username: string, password: string): string;
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  auth?: { username: string; password: string };
  tls?: { cert: string; key: string };
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const sockets = new Set<net.Socket>();
  const expected = options.auth ? `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}` : undefined;
  const authorized = (req: http.IncomingMessage) => expected === undefined || req.headers['proxy-authorization'] === expected;
  const server = options.tls ? https.createServer(options.tls) : http.createServer();
  const scheme = options.tls ? 'https' : 'http';
  const proxy: ConnectProxy = {
    url: '',
    port: 0,
    tunnels: [],
    forwarded: [],
    refused: 0,
    urlWith: (username, password) => `${scheme}://${encodeURIComponent(username)}:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  server.on(options.tls ? 'secureConnection' : 'connection', track);

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    if (!authorized(req)) {
      proxy.refused += 1;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const target = req.url ?? '';
    const colon = target.lastIndexOf(':');
    const host = target.slice(0, colon).replace(/^\[|\]$/g, '');
    const port = Number(target.slice(colon + 1));
    const upstream = net.connect({ host, port }, () => {
      proxy.tunnels.push(target);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.once('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    client.once('close', () => upstream.destroy());
  });

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!authorized(req)) {
      proxy.refused += 1;
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    proxy.forwarded.push(target.href);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  proxy.url = `${scheme}://127.0.0.1:${proxy.port}`;
  return proxy;
}

/** A proxy URL on which nothing listens. */
export async function deadProxyUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The KeyholeError `promise` rejects with: its code, detail, and all its text (message, detail, stack) to scan for a canary. */
export async function failureOf(promise: Promise<unknown>): Promise<{ code: ErrorCode; detail: string | undefined; text: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isKeyholeError(error)) throw error;
    return { code: error.code, detail: error.detail, text: `${error.message} ${error.detail ?? ''} ${String(error.stack)}` };
  }
  throw new Error('expected a failure');
}
