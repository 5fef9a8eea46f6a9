import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { delay, rollFault, type SandboxKnobs } from '../knobs';
import { RateLimiter } from '../rate-limit';
import type { Body } from './fields';
import { parseBool } from './fields';
import type { Http1Handler, Http1Request, Http1Response } from './http1';
import { handleKv, type Operation } from './kv-routes';
import { allows } from './policy';
import {
  ACL_DENIED,
  errorReply,
  INVALID_TOKEN,
  noContent,
  PERMISSION_DENIED,
  UNSUPPORTED_OPERATION,
  VaultHttpError,
  type VaultReply,
} from './replies';
import type { VaultState } from './state';
import { health, sysMounts, uiMounts } from './sys-routes';

/**
 * Vault's request pipeline, in its order: quotas and faults, method to operation (LIST and
 * GET ?list=), namespace resolution (header and path, longest known prefix), unauthenticated
 * paths, token check (403 "invalid token"), ACL (403 "permission denied"), then the route.
 */
export interface HandlerOptions {
  state: VaultState;
  knobs: SandboxKnobs;
  now: () => number;
  /** A Vault rate-limit quota (requests per second), enforced when knobs.enforceRateLimits. */
  rateLimitRps?: number;
  /** Called after anything that must be persisted changed. */
  onChange: () => void;
  random?: () => number;
}

interface Parsed {
  op: Operation;
  path: string;
  query: URLSearchParams;
  body: Body;
  namespace: string;
  token: string | undefined;
  requestId: string;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

function toHttp(reply: VaultReply): Http1Response {
  const headers = { ...JSON_HEADERS, ...reply.headers };
  return reply.body === undefined ? { status: reply.status, headers } : { status: reply.status, headers, body: JSON.stringify(reply.body) };
}

function operation(method: string, query: URLSearchParams): Operation | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return parseBool(query.get('list') ?? '') === true ? 'list' : 'read';
    case 'LIST':
      return 'list';
    case 'POST':
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return undefined;
  }
}

function parseBody(request: Http1Request): Body {
  if (request.body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch (error) {
    throw new VaultHttpError(400, [`failed to parse JSON input: ${error instanceof SyntaxError ? error.message : 'invalid JSON'}`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new VaultHttpError(400, ['failed to parse JSON input: json: cannot unmarshal into Go value of type map[string]interface {}']);
  }
  return parsed as Body;
}

function bearer(headers: Map<string, string>): string | undefined {
  const direct = headers.get('x-vault-token');
  if (direct) return direct;
  const authorization = headers.get('authorization') ?? '';
  return authorization.startsWith('Bearer ') ? authorization.slice(7).trim() || undefined : undefined;
}

export function createVaultHandler(options: HandlerOptions): Http1Handler {
  const { state, knobs, now } = options;
  const random = options.random ?? Math.random;
  const quota = new RateLimiter({ global: options.rateLimitRps ?? Number.POSITIVE_INFINITY });

  /** Splits namespace header + path at the longest known namespace (Vault Enterprise's rule). */
  const resolveNamespace = (header: string, requestPath: string): { namespace: string; rest: string } => {
    const trimmed = header.replace(/^\/+|\/+$/g, '');
    const combined = trimmed === '' ? requestPath : `${trimmed}/${requestPath}`;
    let best = '';
    for (const name of state.namespaces.keys()) {
      if (name !== '' && name.length > best.length && combined.startsWith(`${name}/`)) best = name;
    }
    return { namespace: best, rest: best === '' ? combined : combined.slice(best.length + 1) };
  };

  const route = (p: Parsed): VaultReply => {
    const { auth } = state;
    if (p.path === 'sys/health') return p.op === 'read' ? health(now()) : errorReply(405, [UNSUPPORTED_OPERATION]);
    const login = /^auth\/(userpass|ldap)\/login\/(.+)$/.exec(p.path) ?? (p.path === 'auth/approle/login' ? ['', 'approle', ''] : null);
    if (login) {
      if (p.op !== 'update') return errorReply(405, [UNSUPPORTED_OPERATION]);
      const reply = auth.login(login[1] ?? '', login[2] ?? '', p.body, p.namespace, p.requestId);
      if (reply.status === 200) options.onChange();
      return reply;
    }
    if (p.token === undefined) return errorReply(403, [PERMISSION_DENIED]);
    const token = auth.resolve(p.token, p.namespace);
    if (!token) return errorReply(403, [INVALID_TOKEN]);
    if ((p.op === 'update' || p.op === 'patch') && p.path.endsWith('/')) return errorReply(400, ["cannot write to a path ending in '/'"]);
    if (!allows(token.policies, p.path, p.op)) return errorReply(403, [ACL_DENIED]);

    const mounts = state.namespaces.get(p.namespace) ?? new Map();
    switch (p.path) {
      case 'auth/token/lookup-self':
        return p.op === 'read' || p.op === 'update' ? auth.lookupSelf(token, p.requestId) : errorReply(405, [UNSUPPORTED_OPERATION]);
      case 'auth/token/renew-self': {
        if (p.op !== 'update') return errorReply(405, [UNSUPPORTED_OPERATION]);
        const reply = auth.renewSelf(token, p.body, p.requestId);
        options.onChange();
        return reply;
      }
      case 'auth/token/revoke-self':
        if (p.op !== 'update') return errorReply(405, [UNSUPPORTED_OPERATION]);
        auth.revoke(token);
        options.onChange();
        return noContent();
      case 'sys/mounts':
        return p.op === 'read' ? sysMounts([...mounts.keys()], p.requestId) : errorReply(405, [UNSUPPORTED_OPERATION]);
    }
    if (p.path === 'sys/internal/ui/mounts' || p.path.startsWith('sys/internal/ui/mounts/')) {
      if (p.op !== 'read') return errorReply(405, [UNSUPPORTED_OPERATION]);
      return uiMounts([...mounts.keys()], p.path.slice('sys/internal/ui/mounts/'.length), p.requestId);
    }
    const slash = p.path.indexOf('/');
    const mount = mounts.get(slash < 0 ? p.path : p.path.slice(0, slash));
    if (mount) {
      const result = handleKv(mount, {
        op: p.op,
        path: slash < 0 ? '' : p.path.slice(slash + 1),
        query: p.query,
        body: p.body,
        requestId: p.requestId,
        nowMs: now(),
      });
      if (result.changed && result.reply.status < 300) options.onChange();
      return result.reply;
    }
    if (p.path.startsWith('cubbyhole/')) return p.op === 'read' || p.op === 'list' ? errorReply(404) : noContent();
    return errorReply(404, [`no handler for route ${JSON.stringify(p.path)}. route entry not found.`]);
  };

  return async (request) => {
    await delay(knobs.latencyMs);
    const queryAt = request.target.indexOf('?');
    const rawPath = queryAt < 0 ? request.target : request.target.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : request.target.slice(queryAt + 1);
    if (!rawPath.startsWith('/v1/')) return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: '404 page not found\n' };

    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return toHttp(errorReply(400, ['invalid URL escape']));
    }
    // Go's ServeMux answers an unclean path ("//", ".", "..") with a redirect to the clean one.
    const clean = path.posix.normalize(decoded);
    if (clean !== decoded) return { status: 301, headers: { Location: `${clean}${rawQuery === '' ? '' : `?${rawQuery}`}` } };
    const requestPath = decoded.slice('/v1/'.length);

    const fault = rollFault(knobs, random);
    if (fault === 'drop') return 'drop';
    const throttled = fault === 'throttle' || (knobs.enforceRateLimits && options.rateLimitRps !== undefined && !quota.take('global'));
    if (throttled) {
      const retryAfter = Math.max(1, Math.ceil(quota.retryAfterMs('global') / 1000));
      return toHttp({
        status: 429,
        headers: { 'Retry-After': String(retryAfter) },
        body: { errors: [`request path ${JSON.stringify(requestPath)}: rate limit quota exceeded`] },
      });
    }
    if (fault === 'error') return toHttp(errorReply(500, ['internal error']));

    const query = new URLSearchParams(rawQuery);
    const op = operation(request.method, query);
    if (!op || (request.method === 'HEAD' && requestPath !== 'sys/health')) return toHttp(errorReply(405));
    try {
      if (request.method === 'PATCH') {
        const contentType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (contentType !== 'application/merge-patch+json') {
          return toHttp(errorReply(415, [`PATCH requires Content-Type of application/merge-patch+json, provided ${JSON.stringify(contentType)}`]));
        }
      }
      const { namespace, rest } = resolveNamespace(request.headers.get('x-vault-namespace') ?? '', requestPath);
      const parsed: Parsed = { op, path: rest, query, body: parseBody(request), namespace, token: bearer(request.headers), requestId: randomUUID() };
      return toHttp(route(parsed));
    } catch (error) {
      if (error instanceof VaultHttpError) return toHttp(errorReply(error.status, error.errors));
      throw error;
    }
  };
}
