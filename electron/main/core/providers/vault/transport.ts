import http from 'node:http';
import https from 'node:https';
import NodeVault from 'node-vault';
import type { VaultConnectionConfig } from '../../../../../shared/connections';
import { createProxyAgent } from '../proxy';

/**
 * The HTTP side of node-vault, per connection. node-vault forwards `httpAgent`, `httpsAgent` and
 * `timeout` from request options to axios but drops response headers and takes no AbortSignal,
 * so each call gets a thin view of the connection's keep-alive agent that watches its own
 * request: it reads Retry-After off the response and destroys the request when the signal fires.
 * The CA bundle lives in this connection's https agent only, never in process-wide settings.
 * Through a proxy, one tunnelling agent (proxy.ts) serves both http and https addresses.
 */
export interface CallTap {
  retryAfterMs?: number;
}

export type VaultClient = NodeVault.client;

export interface RequestOptions {
  httpAgent: http.Agent;
  httpsAgent: http.Agent;
  timeout: number;
}

/** Agent#addRequest exists at runtime (ClientRequest calls it) but @types/node does not declare it. */
interface RequestQueue {
  addRequest(request: http.ClientRequest, options: unknown): void;
}

export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function watch<A extends http.Agent>(agent: A, tap: CallTap, signal: AbortSignal | undefined, now: () => number): A {
  const view = Object.create(agent) as A & RequestQueue;
  view.addRequest = (request, options) => {
    request.once('response', (response: http.IncomingMessage) => {
      const header = response.headers['retry-after'];
      const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, now());
      if (retryAfterMs !== undefined) tap.retryAfterMs = retryAfterMs;
    });
    if (signal) {
      const abort = () => request.destroy();
      if (signal.aborted) abort();
      signal.addEventListener('abort', abort, { once: true });
      request.once('close', () => signal.removeEventListener('abort', abort));
    }
    (agent as unknown as RequestQueue).addRequest.call(agent, request, options);
  };
  return view;
}

export class VaultTransport {
  readonly client: VaultClient;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: http.Agent;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    config: VaultConnectionConfig,
    options: { caPem?: string; proxyUrl?: string; timeoutMs: number; maxSockets: number; now: () => number },
  ) {
    this.timeoutMs = options.timeoutMs;
    this.now = options.now;
    if (options.proxyUrl !== undefined) {
      const tunnel = createProxyAgent(options.proxyUrl, {
        maxSockets: options.maxSockets,
        ...(options.caPem !== undefined ? { ca: options.caPem } : {}),
      });
      this.httpAgent = tunnel;
      this.httpsAgent = tunnel;
    } else {
      this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
      this.httpsAgent = new https.Agent({
        keepAlive: true,
        maxSockets: options.maxSockets,
        ...(options.caPem !== undefined ? { ca: options.caPem } : {}),
      });
    }
    this.client = NodeVault({
      endpoint: config.address,
      apiVersion: 'v1',
      // GET ...?list=1 instead of the LIST verb, which some proxies refuse.
      noCustomHTTPVerbs: true,
      // node-vault's debug logger prints request bodies (secret values) when DEBUG matches.
      debug: () => undefined,
    });
    // node-vault falls back to VAULT_TOKEN, VAULT_NAMESPACE and VAULT_PREFIX from the environment;
    // a connection must use only what it was configured with.
    this.client.token = '';
    Object.assign(this.client, { namespace: config.namespace ?? '', pathPrefix: '' });
  }

  /** Request options for one call, watched by `tap` and cancelled by `signal`. */
  requestOptions(tap: CallTap, signal?: AbortSignal): RequestOptions {
    return {
      httpAgent: watch(this.httpAgent, tap, signal, this.now),
      httpsAgent: watch(this.httpsAgent, tap, signal, this.now),
      timeout: this.timeoutMs,
    };
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
