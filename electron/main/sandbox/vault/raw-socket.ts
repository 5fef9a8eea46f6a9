import net from 'node:net';

/**
 * Test support: speaks HTTP/1.1 over a raw socket, so tests can send what fetch will not (the LIST
 * verb, pipelined requests, chunked bodies, malformed requests) and read every byte of the answer.
 */
export interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
}

export function parseResponses(text: string): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [statusLine = '', ...lines] = rest.slice(0, end).split('\r\n');
    const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const length = Number(headers.get('content-length') ?? 0);
    const status = Number(statusLine.split(' ')[1]);
    out.push({ status, headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

/** Writes `payload`, then collects until `count` responses arrived or the socket closed. */
export function exchange(port: number, payload: string | string[], count = 1): Promise<{ responses: RawResponse[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    const finish = () => {
      socket.destroy();
      resolve({ responses: parseResponses(text), closed });
    };
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      if (parseResponses(text).filter((r) => r.status !== 100).length >= count) setTimeout(finish, 20);
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('error', reject);
    socket.on('connect', async () => {
      for (const part of Array.isArray(payload) ? payload : [payload]) {
        socket.write(part);
        await new Promise((r) => setTimeout(r, 10));
      }
    });
  });
}

export function request(method: string, path: string, headers: Record<string, string> = {}, body?: string): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}
