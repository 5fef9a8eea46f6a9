import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { WebSocketServer, type WebSocket } from 'ws';
import { bindContract } from '../../shared/ipc/bind';
import { contract, events as eventSchemas, type AppEvents } from '../../shared/ipc/contract';
import { composeCore } from '../../electron/main/compose-core';
import type { Core } from '../../electron/main/core/core';
import type { EmitEvent } from '../../electron/main/core/events';
import { createHandlers } from '../../electron/main/core/handlers';
import type { Logger } from '../../electron/main/core/logger';
import type { Clipboard, CredentialStore, SystemEvent } from '../../electron/main/core/ports';
import { isSandboxOnlyConfig, isSandboxOnlyScope } from '../../electron/main/loopback';
import { XclipClipboard } from '../../electron/main/platform/x11-clipboard';
import { securityHeaders } from '../../electron/main/security/csp';
import { parseRotationFault } from '../../electron/main/sandbox/aws/rotation-fault';
import type { SandboxStartOptions } from '../../electron/main/sandbox/start';
import { TestClock } from './test-clock';
import { SYSTEM_EVENTS, TestSystemEvents } from './test-system-events';

export interface HostOptions {
  dataDir: string;
  rendererDir: string;
  keychain: CredentialStore;
  logger: Logger;
  port?: number;
  sandbox?: Omit<SandboxStartOptions, 'dataDir' | 'ports'>;
  /** Defaults to the X11 clipboard (xclip) when DISPLAY is set, else none (copy is UNSUPPORTED). */
  clipboard?: Clipboard;
}

export interface RunningHost {
  url: string;
  /** The per-run token: in the URL fragment for the browser, in a header for test controls. */
  token: string;
  port: number;
  core: Core;
  clock: TestClock;
  systemEvents: TestSystemEvents;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const here = fileURLToPath(new URL('.', import.meta.url));

async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [join(here, 'bridge-client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('bridge bundle is empty');
  return file.text;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The e2e host: runs core on Node, serves the built renderer to a browser on loopback, and binds
 * the contract over a WebSocket. A test and development tool, never a server: loopback only, a
 * per-run token exchanged for an HttpOnly cookie, Host and Origin checked on every request, and
 * sandbox connections only.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = randomBytes(24).toString('base64url');
  const session = randomBytes(24).toString('base64url');
  const clock = new TestClock();
  const systemEvents = new TestSystemEvents();
  const xclip = options.clipboard === undefined && process.env.DISPLAY ? new XclipClipboard() : undefined;
  const clipboard = options.clipboard ?? xclip;
  const sockets = new Set<WebSocket>();

  const emit: EmitEvent = (event, payload) => {
    const parsed = eventSchemas[event as keyof AppEvents].safeParse(payload);
    if (!parsed.success) {
      options.logger.log('error', 'ipc.event_invalid', { channel: event });
      return;
    }
    const message = JSON.stringify({ event, payload: parsed.data });
    for (const socket of sockets) socket.send(message);
  };

  const core = composeCore({
    dataDir: options.dataDir,
    keychain: options.keychain,
    clock,
    logger: options.logger,
    emit,
    shell: 'e2e-host',
    version: process.env.npm_package_version ?? '0.0.0',
    endpointPolicy: { config: isSandboxOnlyConfig, scope: isSandboxOnlyScope },
    systemEvents,
    ...(clipboard !== undefined ? { clipboard } : {}),
    ...(options.sandbox !== undefined ? { sandbox: options.sandbox } : {}),
  });
  await core.connections.moveStoredProxyCredentials();
  await core.sandbox.resume();
  const dispatch = bindContract(contract, createHandlers(core), {
    onError: (channel, error) => options.logger.log('info', 'ipc.error', { channel, code: (error as { code?: string }).code ?? 'INTERNAL' }),
  });
  const bridge = await bundleBridge();

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  // The bridge posts the token to its own origin once, then talks over the WebSocket.
  const headers = securityHeaders({
    connectSrc: [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
  });

  const hasSession = (request: IncomingMessage) =>
    (request.headers.cookie ?? '').split(';').some((part) => {
      const [name, value] = part.trim().split('=');
      return name === 'kh_session' && value !== undefined && sameSecret(value, session);
    });

  const send = (response: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
    response.writeHead(status, { ...headers, 'Content-Type': type });
    response.end(body);
  };

  const readBody = async (request: IncomingMessage): Promise<string> => {
    let body = '';
    for await (const chunk of request) {
      body += String(chunk);
      if (body.length > 64 * 1024) throw new Error('body too large');
    }
    return body;
  };

  server.on('request', (request, response) => {
    void (async () => {
      if (!hosts.has(request.headers.host ?? '')) return send(response, 421, 'wrong host');
      const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
      if (request.method === 'POST' && url.pathname === '/__host/session') {
        if (!origins.has(request.headers.origin ?? '')) return send(response, 403, 'wrong origin');
        const body = JSON.parse(await readBody(request)) as { token?: unknown };
        if (typeof body.token !== 'string' || !sameSecret(body.token, token)) return send(response, 403, 'bad token');
        response.writeHead(204, { 'set-cookie': `kh_session=${session}; HttpOnly; SameSite=Strict; Path=/` });
        return response.end();
      }
      if (url.pathname.startsWith('/__host/test/')) {
        // Test controls: Node callers only (a browser always sends Origin on POST) with the run token.
        if (
          request.method !== 'POST' ||
          request.headers.origin !== undefined ||
          !sameSecret(String(request.headers['x-keyhole-token'] ?? ''), token)
        ) {
          return send(response, 403, 'forbidden');
        }
        const raw: unknown = JSON.parse((await readBody(request)) || '{}');
        const body = (typeof raw === 'object' && raw !== null ? raw : {}) as { ms?: unknown; event?: unknown };
        if (url.pathname === '/__host/test/clock' && typeof body.ms === 'number') {
          clock.advance(body.ms);
          return send(response, 200, JSON.stringify({ now: clock.now() }), MIME['.json']);
        }
        if (url.pathname === '/__host/test/system-event' && SYSTEM_EVENTS.includes(body.event as SystemEvent)) {
          systemEvents.fire(body.event as SystemEvent);
          return send(response, 204, '');
        }
        if (url.pathname === '/__host/test/sandbox-info') {
          return send(response, 200, JSON.stringify(core.sandbox.info()), MIME['.json']);
        }
        if (url.pathname === '/__host/test/aws-rotation-fault') {
          // The body is the fault ({ step, mode?, secret? }) or null to clear it.
          const fault = parseRotationFault(raw);
          if (fault === undefined) return send(response, 400, 'not a rotation fault');
          if (!core.sandbox.setAwsRotationFault(fault)) return send(response, 409, 'the AWS sandbox is not running');
          return send(response, 200, JSON.stringify({ fault }), MIME['.json']);
        }
        return send(response, 404, 'unknown control');
      }
      if (request.method !== 'GET') return send(response, 405, 'method not allowed');
      if (url.pathname === '/__host/bridge.js') return send(response, 200, bridge, MIME['.js']);
      const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = normalize(join(options.rendererDir, relative));
      if (!file.startsWith(options.rendererDir + sep)) return send(response, 404, 'not found');
      try {
        let content: Buffer | string = await readFile(file);
        if (relative === 'index.html') content = content.toString('utf8').replace('<head>', '<head><script src="/__host/bridge.js"></script>');
        return send(response, 200, content, MIME[extname(file)] ?? 'application/octet-stream');
      } catch {
        return send(response, 404, 'not found');
      }
    })().catch(() => send(response, 400, 'bad request'));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const allowed =
      url.pathname === '/__host/ipc' && hosts.has(request.headers.host ?? '') && origins.has(request.headers.origin ?? '') && hasSession(request);
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      const controller = new AbortController();
      ws.on('close', () => {
        sockets.delete(ws);
        controller.abort();
      });
      ws.on('message', (data) => {
        void (async () => {
          let message: { id?: unknown; channel?: unknown; payload?: unknown };
          try {
            message = JSON.parse(String(data)) as typeof message;
          } catch {
            return;
          }
          if (typeof message.id !== 'number') return;
          const result = await dispatch(message.channel, message.payload, { signal: controller.signal });
          ws.send(JSON.stringify({ id: message.id, result }));
        })();
      });
    });
  });

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    core,
    clock,
    systemEvents,
    close: async () => {
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
      xclip?.dispose();
    },
  };
}
