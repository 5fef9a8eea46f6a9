import net from 'node:net';
import tls from 'node:tls';
import { STATUS_CODES } from 'node:http';

/**
 * A small HTTP/1.1 server on `net`, because Node's `http` parser refuses the `LIST` verb Vault's
 * clients send (HPE_INVALID_METHOD). It reads the request line, headers and a Content-Length or
 * chunked body, answers `Expect: 100-continue`, keeps connections alive and serves one request
 * at a time per connection (pipelined requests wait their turn).
 */
export interface Http1Request {
  method: string;
  /** The request target as sent (origin-form, or absolute-form reduced to its path and query). */
  target: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Map<string, string>;
  body: Buffer;
}

export interface Http1Response {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** 'drop' destroys the socket without an answer (the sandbox's dropRate). */
export type Http1Handler = (request: Http1Request) => Promise<Http1Response | 'drop'>;

export interface Http1ServerOptions {
  /** Serve TLS with this key and certificate (PEM) instead of plain TCP. */
  tls?: { key: string; cert: string };
  maxHeaderBytes?: number;
  maxBodyBytes?: number;
  idleTimeoutMs?: number;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const METHOD = /^[A-Z]{1,20}$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

class ProtocolError extends Error {
  constructor(readonly status: number) {
    super(STATUS_CODES[status] ?? 'Bad Request');
  }
}

interface Head {
  method: string;
  target: string;
  version: '1.0' | '1.1';
  headers: Map<string, string>;
  bodyStart: number;
}

function parseHead(buffer: Buffer, end: number): Head {
  const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const [method, target, protocol, extra] = (lines[0] ?? '').split(' ');
  if (method === undefined || target === undefined || extra !== undefined || !METHOD.test(method)) throw new ProtocolError(400);
  if (protocol !== 'HTTP/1.1' && protocol !== 'HTTP/1.0') throw new ProtocolError(protocol?.startsWith('HTTP/') ? 505 : 400);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    if (colon <= 0 || !TOKEN.test(name)) throw new ProtocolError(400);
    const value = line.slice(colon + 1).trim();
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return { method, target: originForm(target), version: protocol === 'HTTP/1.1' ? '1.1' : '1.0', headers, bodyStart: end + HEADER_END.length };
}

function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  if (/^https?:\/\//i.test(target)) {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  }
  throw new ProtocolError(400);
}

/** Decodes a complete chunked body starting at `start`, or returns undefined while more is needed. */
function decodeChunked(buffer: Buffer, start: number, maxBody: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let size = 0;
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at);
    if (lineEnd < 0) return undefined;
    const sizeText = buffer.subarray(at, lineEnd).toString('latin1').split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new ProtocolError(400);
    const chunk = Number.parseInt(sizeText, 16);
    at = lineEnd + CRLF.length;
    if (chunk === 0) {
      // Trailers (ignored) end with an empty line.
      for (;;) {
        const trailerEnd = buffer.indexOf(CRLF, at);
        if (trailerEnd < 0) return undefined;
        const empty = trailerEnd === at;
        at = trailerEnd + CRLF.length;
        if (empty) return { body: Buffer.concat(parts, size), end: at };
      }
    }
    size += chunk;
    if (size > maxBody) throw new ProtocolError(413);
    if (buffer.length < at + chunk + CRLF.length) return undefined;
    parts.push(buffer.subarray(at, at + chunk));
    if (!buffer.subarray(at + chunk, at + chunk + CRLF.length).equals(CRLF)) throw new ProtocolError(400);
    at += chunk + CRLF.length;
  }
}

function serialize(response: Http1Response, keepAlive: boolean, head: boolean): Buffer {
  const body = response.status === 204 || response.status === 304 || response.body === undefined ? undefined : Buffer.from(response.body);
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}`, `Date: ${new Date().toUTCString()}`];
  for (const [name, value] of Object.entries(response.headers ?? {})) lines.push(`${name}: ${value}`);
  if (response.status !== 204 && response.status !== 304) lines.push(`Content-Length: ${body?.length ?? 0}`);
  if (!keepAlive) lines.push('Connection: close');
  const headBuffer = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body && !head ? Buffer.concat([headBuffer, body]) : headBuffer;
}

function wantsKeepAlive(head: Head): boolean {
  const connection = (head.headers.get('connection') ?? '').toLowerCase();
  return head.version === '1.1' ? !connection.includes('close') : connection.includes('keep-alive');
}

function serveConnection(socket: net.Socket, handler: Http1Handler, options: Required<Omit<Http1ServerOptions, 'tls'>>): void {
  let buffer: Buffer = Buffer.alloc(0);
  let busy = false;
  let continued = false;
  socket.setTimeout(options.idleTimeoutMs, () => socket.destroy());
  socket.on('error', () => socket.destroy());

  const fail = (status: number) => {
    const body = JSON.stringify({ errors: [STATUS_CODES[status] ?? 'error'] });
    socket.end(serialize({ status, headers: { 'Content-Type': 'application/json' }, body }, false, false));
    buffer = Buffer.alloc(0);
    busy = true;
  };

  const pump = () => {
    while (!busy && !socket.destroyed) {
      const headerEnd = buffer.indexOf(HEADER_END);
      if (headerEnd < 0) {
        if (buffer.length > options.maxHeaderBytes) fail(431);
        return;
      }
      if (headerEnd > options.maxHeaderBytes) return fail(431);
      let head: Head;
      let body: Buffer;
      let end: number;
      try {
        head = parseHead(buffer, headerEnd);
        const chunked = (head.headers.get('transfer-encoding') ?? '').toLowerCase();
        const length = head.headers.get('content-length');
        if (chunked !== '' && length !== undefined) throw new ProtocolError(400);
        if (chunked !== '' && chunked !== 'chunked') throw new ProtocolError(501);
        if (chunked === 'chunked') {
          continueIfAsked(head);
          const decoded = decodeChunked(buffer, head.bodyStart, options.maxBodyBytes);
          if (!decoded) return;
          ({ body, end } = decoded);
        } else {
          if (length !== undefined && !/^\d{1,15}$/.test(length)) throw new ProtocolError(400);
          const size = length === undefined ? 0 : Number(length);
          if (size > options.maxBodyBytes) throw new ProtocolError(413);
          if (size > 0) continueIfAsked(head);
          if (buffer.length < head.bodyStart + size) return;
          body = buffer.subarray(head.bodyStart, head.bodyStart + size);
          end = head.bodyStart + size;
        }
      } catch (error) {
        return fail(error instanceof ProtocolError ? error.status : 400);
      }
      buffer = buffer.subarray(end);
      continued = false;
      busy = true;
      void respond(head, Buffer.from(body));
    }
  };

  const continueIfAsked = (head: Head) => {
    if (continued || head.version !== '1.1' || (head.headers.get('expect') ?? '').toLowerCase() !== '100-continue') return;
    continued = true;
    socket.write('HTTP/1.1 100 Continue\r\n\r\n');
  };

  const respond = async (head: Head, body: Buffer) => {
    let response: Http1Response | 'drop';
    try {
      response = await handler({ method: head.method, target: head.target, headers: head.headers, body });
    } catch {
      response = { status: 500, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ errors: ['internal error'] }) };
    }
    if (socket.destroyed) return;
    if (response === 'drop') {
      socket.destroy();
      return;
    }
    const keepAlive = wantsKeepAlive(head);
    const bytes = serialize(response, keepAlive, head.method === 'HEAD');
    if (!keepAlive) {
      socket.end(bytes);
      return;
    }
    socket.write(bytes);
    busy = false;
    pump();
  };

  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    pump();
  });
}

export interface Http1Server {
  port: number;
  close(): Promise<void>;
}

export function listenHttp1(handler: Http1Handler, port: number, options: Http1ServerOptions = {}): Promise<Http1Server> {
  const settings = {
    maxHeaderBytes: options.maxHeaderBytes ?? 64 * 1024,
    // Vault's default max_request_size.
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
  };
  const sockets = new Set<net.Socket>();
  const onSocket = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket, handler, settings);
  };
  const server = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, onSocket) : net.createServer(onSocket);
  // TLS handshake failures (a client that does not trust the CA) must not crash the sandbox.
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no address'));
      resolve({
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
