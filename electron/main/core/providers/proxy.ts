import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { KeyholeError } from '../../../../shared/errors';

/**
 * One connection's HTTP(S) proxy: an agent that opens a CONNECT tunnel per socket, for http and
 * https targets alike, and speaks TLS to the target with the connection's CA (and to an https://
 * proxy with the same CA). It is handed to the SDK of that connection only, never installed
 * process-wide. Proxy failures surface as ProxyFailure, whose message names neither the proxy's
 * address nor its credentials, so adapters can tell them apart from the provider's own answers.
 */
export type ProxyFailureKind = 'EPROXY_UNREACHABLE' | 'EPROXY_AUTH' | 'EPROXY_REFUSED';

const KINDS: ReadonlySet<string> = new Set<ProxyFailureKind>(['EPROXY_UNREACHABLE', 'EPROXY_AUTH', 'EPROXY_REFUSED']);

export class ProxyFailure extends Error {
  constructor(
    readonly code: ProxyFailureKind,
    readonly status?: number,
  ) {
    super(status !== undefined ? `The proxy refused the tunnel (${status})` : 'The proxy could not be reached');
    this.name = 'ProxyFailure';
  }
}

export interface ProxyAgentOptions {
  /** CA bundle trusted for the TLS to the target and to an https:// proxy. */
  ca?: string | string[];
  maxSockets?: number;
}

type ConnectOptions = Parameters<HttpsProxyAgent<string>['connect']>[1];

class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: URL,
    private readonly ca: string | string[] | undefined,
    maxSockets: number | undefined,
  ) {
    super(proxy, { keepAlive: true, ...(maxSockets !== undefined ? { maxSockets } : {}), ...(ca !== undefined ? { ca } : {}) });
  }

  override async connect(req: ClientRequest, opts: ConnectOptions): Promise<Socket> {
    let status: number | undefined;
    req.once('proxyConnect', (answer: { statusCode: number }) => {
      status = answer.statusCode;
    });
    let socket: Socket;
    try {
      // HttpsProxyAgent keeps its own options away from the target's TLS; the CA goes in here.
      socket = await super.connect(req, opts.secureEndpoint && this.ca !== undefined ? { ...opts, ca: this.ca } : opts);
    } catch {
      throw new ProxyFailure('EPROXY_UNREACHABLE');
    }
    if (status !== 200) {
      socket.destroy();
      throw new ProxyFailure(status === 407 ? 'EPROXY_AUTH' : 'EPROXY_REFUSED', status);
    }
    return socket;
  }
}

export function createProxyAgent(proxyUrl: string, options: ProxyAgentOptions = {}): HttpsProxyAgent<string> {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new KeyholeError('INVALID_INPUT', { detail: 'proxy' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new KeyholeError('INVALID_INPUT', { detail: 'proxy' });
  return new TunnelAgent(url, options.ca, options.maxSockets);
}

/** The proxy failure somewhere in `error`'s cause chain, as the KeyholeError an adapter answers with. */
export function proxyFailureOf(error: unknown, path?: string): KeyholeError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && KINDS.has(code)) {
      return new KeyholeError(code === 'EPROXY_AUTH' ? 'UNAUTHENTICATED' : 'UNAVAILABLE', {
        detail: 'proxy',
        ...(path !== undefined ? { path } : {}),
      });
    }
    const next = current as { cause?: unknown; originalError?: unknown };
    current = next.cause ?? next.originalError;
  }
  return undefined;
}
